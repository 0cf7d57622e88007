"""The routes that set and clear the HttpOnly cookies: login (the forms POST here), logout, the second
factor (which may also trust this browser), passed by a code or at the end of an authenticator app's
activation, and the end of the first login's step that replaces a temporary password. They read the request,
call ``services.session_flow``, ``services.second_factor`` or ``services.passwords_flow`` and set the
cookies; every decision is in those services."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse

from ocso_app.api.headers import same_origin
from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import kept_card, passwords_flow, second_factor, session_flow, spaces
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.login import LoginAttempt
from ocso_app.services.sessions import ABSOLUTE_TIMEOUT, DEVICE_COOKIE, SESSION_COOKIE, resolve_principal
from ocso_app.workers import run_blocking

NO_STORE = {"cache-control": "no-store"}
DEVICE_COOKIE_AGE = 180 * 24 * 3600
LOGIN_KINDS = {
    "assure": AccountKind.MEMBER,
    "employeur": AccountKind.EMPLOYER,
    "apporteur": AccountKind.INTRODUCER,
    "ocso": AccountKind.STAFF,
}


def _set_cookie(response: RedirectResponse, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings().secure_cookies,
    )


def _redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303, headers=NO_STORE)


async def login(request: Request) -> RedirectResponse:
    """The login forms POST here (the password never travels over the websocket). Success: a new session
    cookie (the browser's previous session is revoked) and the page wanted; failure: back to the form."""
    kind = LOGIN_KINDS.get(request.path_params["space"])
    form = await request.form()
    wanted = spaces.safe_next(str(form.get("suite", "")), "")
    if kind is None or not same_origin(request.headers):
        return _redirect(spaces.PUBLIC_HOME)
    user_agent = request.headers.get("user-agent")
    attempt = LoginAttempt(
        interface=interface_from_user_agent(user_agent),
        ip_address=request.client.host if request.client else None,
    )

    def check() -> session_flow.LoginSucceeded | None:  # bcrypt: off the event loop
        with db_session() as session:
            return session_flow.log_in(
                session,
                kind=kind,
                login=str(form.get("login", "")),
                password=str(form.get("password", "")),
                wanted=wanted,
                cookie_header=request.headers.get("cookie"),
                attempt=attempt,
                user_agent=user_agent,
            )

    outcome = await run_blocking(check)
    if outcome is None:
        return _redirect(f"{spaces.login_route(kind)}?erreur=1&suite={quote(wanted)}")
    response = _redirect(outcome.destination)
    _set_cookie(response, SESSION_COOKIE, outcome.token, int(ABSOLUTE_TIMEOUT.total_seconds()))
    if kept_card.kept_for_someone_else(request.headers.get("cookie"), member_id=outcome.member_id):
        response.headers["clear-site-data"] = kept_card.CLEAR_KEPT_CARD  # another's card kept offline here
        response.delete_cookie(kept_card.KEPT_CARD_COOKIE, path="/")
    return response


async def end(request: Request) -> RedirectResponse:
    """Logout: revoke the session and clear the cookie; answer with the login page to show."""
    if not same_origin(request.headers):
        return _redirect(spaces.PUBLIC_HOME)
    with db_session() as session:
        destination = session_flow.log_out(
            session,
            cookie_header=request.headers.get("cookie"),
            interface=interface_from_user_agent(request.headers.get("user-agent")),
        )
    response = _redirect(destination)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(kept_card.KEPT_CARD_COOKIE, path="/")  # the page and the worker delete the card
    return response


async def verify_second_factor(request: Request) -> RedirectResponse:
    """The verification page's form POSTs here (``method`` email/sms/totp, ``code``, ``trust``). Success:
    the session passes its second factor under a new token (new session cookie) and, if asked, this browser
    is trusted (HttpOnly cookie)."""
    if not same_origin(request.headers):
        return _redirect(spaces.PUBLIC_HOME)
    form = await request.form()
    cookies = request.headers.get("cookie")
    user_agent = request.headers.get("user-agent")
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookies)
        if principal is None or principal.kind not in second_factor.KINDS:
            return _redirect(spaces.login_route(principal.kind) if principal else spaces.PUBLIC_HOME)
        if principal.second_factor_done:
            return _redirect(spaces.after_login(principal, ""))
        verified = second_factor.verify(
            session,
            principal=principal,
            method=str(form.get("method", "")),
            code=str(form.get("code", "")),
            trust_device=form.get("trust") == "on",
            user_agent=user_agent,
            interface=interface_from_user_agent(user_agent),
        )
    if verified is None:
        return _redirect(f"{spaces.VERIFY[principal.kind]}?erreur=1")
    response = _redirect(verified.destination)
    _set_cookie(response, SESSION_COOKIE, verified.session_token, int(ABSOLUTE_TIMEOUT.total_seconds()))
    if verified.device_token is not None:
        _set_cookie(response, DEVICE_COOKIE, verified.device_token, DEVICE_COOKIE_AGE)
    return response


async def finish_enrolment(request: Request) -> RedirectResponse:
    """The last step of activating an authenticator app at the verification page: the page's « Continuer »
    form POSTs here the hand-off (``passage``) its websocket event received once both codes were right.
    Spent by this session only, once, within 60 s: the session passes its second factor under a new token
    (new session cookie), as at ``verify_second_factor``. The hand-off is never logged."""
    if not same_origin(request.headers):
        return _redirect(spaces.PUBLIC_HOME)
    form = await request.form()
    user_agent = request.headers.get("user-agent")
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
        if principal is None or principal.kind not in second_factor.KINDS:
            return _redirect(spaces.login_route(principal.kind) if principal else spaces.PUBLIC_HOME)
        if principal.second_factor_done:
            return _redirect(spaces.after_login(principal, ""))
        verified = second_factor.complete_enrolment(
            session,
            principal=principal,
            handoff=str(form.get("passage", "")),
            interface=interface_from_user_agent(user_agent),
        )
    if verified is None:  # the app is active by now: its code, on the verification page, passes the step
        return _redirect(f"{spaces.VERIFY[principal.kind]}?erreur={second_factor.HANDOFF_REFUSED}")
    response = _redirect(verified.destination)
    _set_cookie(response, SESSION_COOKIE, verified.session_token, int(ABSOLUTE_TIMEOUT.total_seconds()))
    return response


async def finish_new_password(request: Request) -> RedirectResponse:
    """The last step of replacing a temporary password: the page's « Continuer » form POSTs here the
    hand-off (``passage``) its websocket event received once the new password was saved. Spent by this
    session only, once: the session goes on under a new token (new session cookie) to its space's home, as
    the page did before. Refused, the session ends and the login page says so. Never logged."""
    if not same_origin(request.headers):
        return _redirect(spaces.PUBLIC_HOME)
    form = await request.form()
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
        if principal is None:
            return _redirect(spaces.PUBLIC_HOME)
        if not principal.must_change_password:
            return _redirect(spaces.after_login(principal, ""))
        token = passwords_flow.complete_new_password(
            session, principal=principal, handoff=str(form.get("passage", ""))
        )
    if token is None:
        refused = _redirect(
            f"{spaces.login_route(principal.kind)}?erreur={passwords_flow.PASSWORD_HANDOFF_REFUSED}"
        )
        refused.delete_cookie(SESSION_COOKIE, path="/")
        return refused
    response = _redirect(spaces.HOME[principal.kind])
    _set_cookie(response, SESSION_COOKIE, token, int(ABSOLUTE_TIMEOUT.total_seconds()))
    return response
