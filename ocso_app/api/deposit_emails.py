"""The one-click link of a deposit's e-mail (``services.deposit_emails``): ``GET`` shows a short page with a
confirmation button and changes nothing (a mail scanner may open any link); ``POST`` (that button, or the
mail client's own RFC 8058 one-click request) turns the e-mails off for the account the signed token names,
audited, and says so; again, the same answer and nothing more. No session is needed: the token is the
proof, so the route is exempt from the portal's origin check (``headers.SELF_AUTHORIZED``). A bad, expired
or foreign token is answered 400 in French, nothing written. The token is never logged."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ocso_app import routes
from ocso_app.api.guard import PRIVATE
from ocso_app.db import db_session
from ocso_app.services import deposit_emails
from ocso_app.services.audit import Actor, interface_from_user_agent
from ocso_app.services.errors import OcsoError
from ocso_app.workers import run_blocking

TITLE = "E-mails des dépôts d'OCSO"
ASK = (
    "Confirmez pour ne plus recevoir d'e-mail quand OCSO dépose des indemnités journalières, des bordereaux "
    "ou des documents pour vos structures. Les e-mails de sécurité de votre compte (mot de passe, codes de "
    "connexion) continueront de vous parvenir."
)
BUTTON = "Ne plus recevoir ces e-mails"
# The page holds the token (in its form): no other site hears of it, no search engine keeps it.
PAGE_HEADERS = {**PRIVATE, "referrer-policy": "no-referrer", "x-robots-tag": "noindex"}
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a2e}"
    "button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#1d4e89;color:#fff}"
)


def _page(body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{TITLE} | OCSO</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{TITLE}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _refusal() -> HTMLResponse:
    return _page(f'<p role="alert">{escape(deposit_emails.BAD_LINK)}</p>', 400)


async def deposit_emails_off(request: Request) -> HTMLResponse:
    """``GET``: the confirmation page; ``POST``: the e-mails off for the link's account (see module)."""
    token = request.query_params.get(deposit_emails.TOKEN_PARAMETER, "")
    actor = Actor(
        account_id=None,
        interface=interface_from_user_agent(request.headers.get("user-agent")),
        ip_address=request.client.host if request.client else None,
    )

    def work() -> HTMLResponse:
        try:
            with db_session() as session:
                if request.method != "POST":
                    deposit_emails.account_of_link(session, token)
                    return _confirmation(token)
                deposit_emails.turn_off_by_link(session, token=token, actor=actor)
        except OcsoError:
            return _refusal()
        return _page(f'<p role="status">{escape(deposit_emails.TURNED_OFF)}</p>')

    return await run_blocking(work)


def _confirmation(token: str) -> HTMLResponse:
    action = routes.API_DEPOSIT_EMAILS_OFF.url({deposit_emails.TOKEN_PARAMETER: token})
    return _page(
        f"<p>{escape(ASK)}</p>"
        f'<form method="post" action="{escape(action)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        f'<button type="submit">{BUTTON}</button></form>'
    )
