"""The routes that set and clear the HttpOnly cookies: login (the forms POST here), logout, and trusting
this browser after the second factor."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse

from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import AccountKind, OneTimeSecretPurpose
from ocso_app.services import audit, spaces, trusted_devices
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.login import LoginAttempt, authenticate
from ocso_app.services.one_time import consume
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
}


def _same_origin(request: Request) -> bool:
    """Cookie-changing POSTs must come from our own pages (with SameSite=Lax, a second lock against CSRF)."""
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") == settings().public_url.rstrip("/")


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


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


def _refused() -> JSONResponse:
    return JSONResponse({"ok": False}, status_code=403, headers=NO_STORE)


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


async def trust_device(request: Request) -> JSONResponse:
    """After a second factor: remember this browser for the session's account (HttpOnly cookie)."""
    body = await _json(request)
    if not _same_origin(request) or not isinstance(body.get("handoff"), str):
        return _refused()
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
        account_id = consume(session, secret=body["handoff"], purpose=OneTimeSecretPurpose.TRUST_DEVICE)
        if principal is None or account_id != principal.account_id or not principal.second_factor_done:
            return _refused()
        token = trusted_devices.trust(session, account_id=account_id, label=request.headers.get("user-agent"))
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    _set_cookie(response, DEVICE_COOKIE, token, DEVICE_COOKIE_AGE)
    return response
