"""The login flow behind the HTTP routes: log in (revoking the browser's previous session, trusting a known
device, starting the new session, spending a temporary password), log out, and where each ends.

The routes in ``ocso_app/api/session_routes.py`` only read the request and set or clear the cookies; every
decision and every write is here, in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ocso_app.models import AccountKind, Interface
from ocso_app.services import audit, spaces, trusted_devices
from ocso_app.services.login import LoginAttempt, authenticate
from ocso_app.services.sessions import (
    DEVICE_COOKIE,
    SESSION_COOKIE,
    read_cookie,
    resolve_principal,
    revoke_token,
    start_session,
)


@dataclass(frozen=True)
class LoginSucceeded:
    """A new session: the token goes into the HttpOnly cookie, the browser goes to ``destination``."""

    token: str
    destination: str
    member_id: int | None = None  # the member who logged in (whose kept card may stay on the device)


def log_in(
    session: Session,
    *,
    kind: AccountKind,
    login: str,
    password: str,
    wanted: str,
    cookie_header: str | None,
    attempt: LoginAttempt,
    user_agent: str | None,
) -> LoginSucceeded | None:
    """Check the credentials (with the lockout policy); on success end the browser's previous session and
    start a new one, which still owes its second factor unless this browser is a trusted device of the
    account. ``None`` when the login fails (one message for every cause)."""
    account = authenticate(session, kind=kind, login=login, password=password, attempt=attempt)
    if account is None:
        return None
    revoke_token(session, read_cookie(cookie_header, SESSION_COOKIE))
    trusted = trusted_devices.is_trusted(
        session, account_id=account.id, token=read_cookie(cookie_header, DEVICE_COOKIE)
    )
    token = start_session(
        session,
        account=account,
        second_factor_done=not spaces.needs_second_factor(account.kind, trusted),
        interface=attempt.interface.value,
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
        interface=attempt.interface,
        ip_address=attempt.ip_address,
    )
    principal = resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")
    return LoginSucceeded(
        token=token, destination=spaces.after_login(principal, wanted), member_id=account.member_id
    )


def log_out(session: Session, *, cookie_header: str | None, interface: Interface) -> str:
    """End the session of ``cookie_header`` (audited when it was live); returns the page to show next."""
    principal = resolve_principal(session, cookie_header=cookie_header)
    revoke_token(session, read_cookie(cookie_header, SESSION_COOKIE))
    if principal is None:
        return spaces.PUBLIC_HOME
    audit.record(
        session,
        event_type="Déconnexion",
        action="Déconnexion de l'espace",
        account_id=principal.account_id,
        member_id=principal.member_id,
        interface=interface,
    )
    return spaces.login_route(principal.kind)
