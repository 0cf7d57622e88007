"""The routes that set and clear the HttpOnly cookies: login (the forms POST here), logout, and the second
factor (which may also trust this browser)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse

from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind
from ocso_app.services import audit, sessions, spaces, trusted_devices, two_factor
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.login import LoginAttempt, authenticate
from ocso_app.services.sessions import (
    ABSOLUTE_TIMEOUT,
    DEVICE_COOKIE,
    SESSION_COOKIE,
    read_cookie,
    resolve_principal,
    revoke_token,
    start_session,
)
from ocso_app.state.base import safe_next

NO_STORE = {"cache-control": "no-store"}
DEVICE_COOKIE_AGE = 180 * 24 * 3600
LOGIN_KINDS = {
    "assure": AccountKind.MEMBER,
    "employeur": AccountKind.EMPLOYER,
    "apporteur": AccountKind.INTRODUCER,
    "ocso": AccountKind.STAFF,
}


def _same_origin(request: Request) -> bool:
    """Cookie-changing POSTs must come from our own pages (with SameSite=Lax, a second lock against CSRF)."""
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") == settings().public_url.rstrip("/")


def _set_cookie(response: JSONResponse | RedirectResponse, name: str, value: str, max_age: int) -> None:
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
    wanted = safe_next(str(form.get("suite", "")), "")
    if kind is None or not _same_origin(request):
        return _redirect("/")
    user_agent = request.headers.get("user-agent")
    interface = interface_from_user_agent(user_agent)
    ip_address = request.client.host if request.client else None
    cookies = request.headers.get("cookie")
    with db_session() as session:
        account = authenticate(
            session,
            kind=kind,
            login=str(form.get("login", "")),
            password=str(form.get("password", "")),
            attempt=LoginAttempt(interface=interface, ip_address=ip_address),
        )
        if account is None:
            return _redirect(f"{spaces.login_route(kind)}?erreur=1&suite={quote(wanted)}")
        revoke_token(session, read_cookie(cookies, SESSION_COOKIE))
        trusted = trusted_devices.is_trusted(
            session, account_id=account.id, token=read_cookie(cookies, DEVICE_COOKIE)
        )
        token = start_session(
            session,
            account=account,
            second_factor_done=not spaces.needs_second_factor(account.kind, trusted),
            interface=interface.value,
            user_agent=user_agent,
        )
        if account.password_is_temporary:
            # A temporary password opens one session, to choose the real password: it cannot serve twice.
            account.password_hash = None
        audit.record(
            session,
            event_type="Connexion",
            action="Connexion à l'espace",
            account_id=account.id,
            member_id=account.member_id,
            interface=interface,
            ip_address=ip_address,
        )
        principal = resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")
        destination = spaces.after_login(principal, wanted)
    response = _redirect(destination)
    _set_cookie(response, SESSION_COOKIE, token, int(ABSOLUTE_TIMEOUT.total_seconds()))
    return response


async def end(request: Request) -> RedirectResponse:
    """Logout: revoke the session and clear the cookie; answer with the login page to show."""
    if not _same_origin(request):
        return _redirect("/")
    token = read_cookie(request.headers.get("cookie"), SESSION_COOKIE)
    interface = interface_from_user_agent(request.headers.get("user-agent"))
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
        revoke_token(session, token)
        if principal is not None:
            audit.record(
                session,
                event_type="Déconnexion",
                action="Déconnexion de l'espace",
                account_id=principal.account_id,
                member_id=principal.member_id,
                interface=interface,
            )
    response = _redirect(spaces.login_route(principal.kind) if principal else "/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


SECOND_FACTOR_KINDS = {AccountKind.EMPLOYER, AccountKind.STAFF}


async def verify_second_factor(request: Request) -> RedirectResponse:
    """The verification page's form POSTs here (``method`` email/sms/totp, ``code``, ``trust``). Success:
    the session passes its second factor and, if asked, this browser is trusted (HttpOnly cookie)."""
    if not _same_origin(request):
        return _redirect("/")
    form = await request.form()
    method, code = str(form.get("method", "")), str(form.get("code", ""))
    user_agent = request.headers.get("user-agent")
    interface = interface_from_user_agent(user_agent)
    cookies = request.headers.get("cookie")
    device_token = None
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookies)
        if principal is None or principal.kind not in SECOND_FACTOR_KINDS:
            return _redirect(spaces.login_route(principal.kind) if principal else "/")
        if principal.second_factor_done:
            return _redirect(spaces.after_login(principal, ""))
        account = session.get(Account, principal.account_id)
        if method == "totp":
            ok = account is not None and two_factor.verify_totp(session, account, code, interface=interface)
        elif principal.kind == AccountKind.STAFF:
            ok = False  # OCSO staff: authenticator app only
        else:
            ok = two_factor.verify_code(session, principal.account_id, method, code, interface=interface)
        if not ok:
            failure = f"{spaces.VERIFY[principal.kind]}?erreur=1"
        else:
            sessions.mark_session(session, principal.session_id, second_factor_done=True)
            if form.get("trust") == "on":
                device_token = trusted_devices.trust(
                    session, account_id=principal.account_id, label=user_agent
                )
                audit.record(
                    session,
                    event_type=two_factor.EVENT_TYPE,
                    action="Navigateur enregistré comme appareil de confiance",
                    account_id=principal.account_id,
                    interface=interface,
                )
            principal = resolve_principal(session, cookie_header=cookies)
    if not ok:
        return _redirect(failure)
    response = _redirect(spaces.after_login(principal, ""))
    if device_token is not None:
        _set_cookie(response, DEVICE_COOKIE, device_token, DEVICE_COOKIE_AGE)
    return response
