"""Login sessions and the guard: who is calling, resolved from the connection's cookie on every call.

The cookie holds a random 256-bit token; the database keeps only its keyed hash. A new token is given at
login and again when the second factor is passed (``renew_session``). A session ends after 30 minutes without
activity or 12 hours after login, at logout, and at a password change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie
from typing import Protocol

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ocso_app.db import read, reading
from ocso_app.models import Account, AccountKind, LoginSession, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services.crypto import new_token, token_hash
from ocso_app.services.formats import format_person_name

SESSION_COOKIE = "ocso_session"
DEVICE_COOKIE = "ocso_device"
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
LAST_SEEN_RESOLUTION = timedelta(seconds=30)


@dataclass(frozen=True)
class Principal:
    """The caller of a request, as the guard established it. Carries no secret."""

    account_id: int
    kind: AccountKind
    display_name: str
    session_id: int
    member_id: int | None = None
    introducer_id: int | None = None
    staff_role: StaffRole | None = None
    must_change_password: bool = False
    second_factor_done: bool = True
    rights_version: int = 0  # raised when the account's access changes (``Account.rights_version``)

    @property
    def fully_authenticated(self) -> bool:
        """Password changed if it was temporary, and second factor passed where one is required."""
        return not self.must_change_password and self.second_factor_done


@functools.lru_cache(maxsize=1024)
def read_cookie(cookie_header: str | None, name: str) -> str | None:
    """The value of cookie ``name`` in a ``Cookie:`` header, or ``None``. Remembered for the last headers
    seen: the guard reads the same header at every event of a tab, and ``SimpleCookie`` parses it in
    ≈ 23 µs (a pure function of its arguments; what the token is worth is still asked of the database)."""
    if not cookie_header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None and morsel.value else None


def _as_aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


class Named(Protocol):
    """An account, or a row of its columns, as far as its name goes."""

    first_name: str | None
    last_name: str | None
    login: str


def display_name(account: Named) -> str:
    """How the portal names the account holder ("Martin DUBOIS")."""
    return _name(account.first_name, account.last_name, account.login)


def logged_name(account: Account) -> str:
    """How an audit row names the account holder it is about: « Martin DUBOIS (m.dubois@exemple.fr) »."""
    return f"{display_name(account)} ({account.email or account.login})"


def _name(first: str | None, last: str | None, login: str) -> str:
    return format_person_name(first, last) or login


def start_session(
    session: Session,
    *,
    account: Account,
    second_factor_done: bool,
    interface: str = "Web",
    user_agent: str | None = None,
    now: datetime | None = None,
) -> str:
    """Create a login session and return its token (for the cookie only; never stored)."""
    now = now or utcnow()
    token = new_token()
    session.add(
        LoginSession(
            account_id=account.id,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
            second_factor_done=second_factor_done,
            must_change_password=account.password_is_temporary,
            interface=interface,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    session.flush()
    return token


# The guard runs before every event: its query is built once, with only the columns it needs, so that
# neither the expression nor its cache key is made again for each call (a third of the guard's time).
_CALLER = (
    select(
        LoginSession.id.label("session_id"),
        LoginSession.last_seen_at,
        LoginSession.expires_at,
        LoginSession.must_change_password,
        LoginSession.second_factor_done,
        Account.id.label("account_id"),
        Account.kind,
        Account.login,
        Account.first_name,
        Account.last_name,
        Account.member_id,
        Account.introducer_id,
        Account.staff_role,
        Account.is_active,
        Account.rights_version,
    )
    .join(Account, Account.id == LoginSession.account_id)
    .where(LoginSession.token_hash == bindparam("token_hash"), LoginSession.revoked_at.is_(None))
)
_SEEN = (
    update(LoginSession)
    .where(LoginSession.id == bindparam("session_id"))
    .values(last_seen_at=bindparam("now"))
)


def resolve_caller(cookie_header: str | None) -> Principal | None:
    """The guard of every Reflex event: :func:`resolve_principal` on a ``reading`` connection (no ORM
    session); the rare ``last_seen_at`` write is committed."""
    if read_cookie(cookie_header, SESSION_COOKIE) is None:
        return None
    with reading() as connection:
        principal = resolve_principal(connection, cookie_header=cookie_header)
        connection.commit()
    return principal


def resolve_principal(
    session: Session | Connection, *, cookie_header: str | None, now: datetime | None = None
) -> Principal | None:
    """The guard: the caller behind ``cookie_header``, or ``None`` if the cookie is absent, unknown,
    revoked, idle for 30 minutes, older than 12 hours, or its account is disabled."""
    token = read_cookie(cookie_header, SESSION_COOKIE)
    if token is None:
        return None
    now = now or utcnow()
    row = read(session, _CALLER, {"token_hash": token_hash(token)}).first()
    if row is None:
        return None
    last_seen = _as_aware(row.last_seen_at)
    if not row.is_active or now >= _as_aware(row.expires_at) or now - last_seen >= IDLE_TIMEOUT:
        return None
    if now - last_seen >= LAST_SEEN_RESOLUTION:
        session.execute(_SEEN, {"session_id": row.session_id, "now": now})
    return Principal(
        account_id=row.account_id,
        kind=row.kind,
        display_name=_name(row.first_name, row.last_name, row.login),
        session_id=row.session_id,
        member_id=row.member_id,
        introducer_id=row.introducer_id,
        staff_role=row.staff_role,
        must_change_password=row.must_change_password,
        second_factor_done=row.second_factor_done,
        rights_version=row.rights_version,
    )


def revoke_token(session: Session, token: str | None, *, now: datetime | None = None) -> int | None:
    """End the session of ``token`` (logout); returns its account id, if it was a live session."""
    if not token:
        return None
    row = session.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == token_hash(token), LoginSession.revoked_at.is_(None)
        )
    )
    if row is None:
        return None
    row.revoked_at = now or utcnow()
    return row.account_id


def end_session(session: Session, *, session_id: int, now: datetime | None = None) -> None:
    """End one session, by its id (a half-logged-in session that can do nothing more)."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def revoke_account_sessions(
    session: Session, *, account_id: int, keep_session_id: int | None = None, now: datetime | None = None
) -> None:
    """End every live session of an account (password change or reset), optionally but one."""
    statement = update(LoginSession).where(
        LoginSession.account_id == account_id, LoginSession.revoked_at.is_(None)
    )
    if keep_session_id is not None:
        statement = statement.where(LoginSession.id != keep_session_id)
    session.execute(statement.values(revoked_at=now or utcnow()))


def rights_changed(session: Session, *, account_id: int) -> None:
    """The account's access changed (a structure or a profile given or withdrawn): its sessions stay, but
    every Reflex tab filled before is emptied at its next event (the guard compares the version)."""
    session.execute(
        update(Account).where(Account.id == account_id).values(rights_version=Account.rights_version + 1)
    )


def renew_session(
    session: Session, *, session_id: int, now: datetime | None = None, **flags: bool
) -> str | None:
    """Give a live session a new token, with ``flags`` changed (its second factor passed): the old token is
    revoked, so whoever knew or planted it (session fixation) holds nothing once the holder passes the step.
    The new session keeps the login's absolute expiry. Returns the new token (for the cookie only), or
    ``None`` when the session is not live any more.

    The old session is revoked by one conditional UPDATE (``revoked_at IS NULL`` in its WHERE): of two
    requests renewing it at the same instant (an e-mailed code and an app code, both right), only the one
    whose UPDATE changed the row gets a token; the other renews nothing."""
    now = now or utcnow()
    old = session.scalar(
        select(LoginSession).where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
    )
    if old is None:
        return None
    revoked = session.execute(
        update(LoginSession)
        .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(revoked, "rowcount", 0) != 1:
        session.expire(old, ["revoked_at"])  # another request renewed or ended it meanwhile
        return None
    set_committed_value(old, "revoked_at", now)
    token = new_token()
    renewed = LoginSession(
        account_id=old.account_id,
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        expires_at=old.expires_at,
        second_factor_done=old.second_factor_done,
        must_change_password=old.must_change_password,
        interface=old.interface,
        user_agent=old.user_agent,
    )
    for name, value in flags.items():
        setattr(renewed, name, value)
    session.add(renewed)
    session.flush()
    return token
