"""Single-use secrets: reset links, e-mailed or SMS codes, login hand-offs, e-mail change confirmations.
Stored hashed, expiring.

A secret is spent, and a wrong try counted, by one conditional UPDATE computed in the database (``_spend``,
``_count_wrong_try``): two requests bringing the same secret at the same instant both read it unused, and
only the one whose UPDATE finds it still unused gets it (on SQLite, where reads take no lock, as on
PostgreSQL).

A login hand-off is issued for one login session (``login_session_id``): its stored hash is salted with the
session's id, as a short code's is with the account's, so it is found, and spent, only together with that
session's id (another session, of this account or another, finds nothing and spends nothing). A short code
of the second factor is bound the same way to the login attempt it was sent for: a code e-mailed or texted
during one login does not pass another login of the same account (somebody who knows the password and
read the code over the holder's shoulder, or in a forwarded e-mail, gains nothing by it)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, case, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from typing_extensions import TypeIs

from ocso_app.models import OneTimeSecret, OneTimeSecretPurpose
from ocso_app.models.base import utcnow
from ocso_app.services.crypto import new_token, token_hash
from ocso_app.services.sessions import _as_aware

LIFETIMES = {
    OneTimeSecretPurpose.PASSWORD_RESET: timedelta(hours=1),
    OneTimeSecretPurpose.SET_PASSWORD: timedelta(hours=24),
    OneTimeSecretPurpose.EMAIL_CODE: timedelta(minutes=10),
    OneTimeSecretPurpose.SMS_CODE: timedelta(minutes=10),
    OneTimeSecretPurpose.LOGIN_HANDOFF: timedelta(seconds=60),
    # Longer than the app's: once refused, the password is chosen already and the holder must log in again.
    OneTimeSecretPurpose.PASSWORD_HANDOFF: timedelta(minutes=5),
    OneTimeSecretPurpose.TRUST_DEVICE: timedelta(seconds=60),
    OneTimeSecretPurpose.EMAIL_CHANGE: timedelta(hours=24),
}
MAX_CODE_ATTEMPTS = 5


def issue(
    session: Session,
    *,
    account_id: int,
    purpose: OneTimeSecretPurpose,
    short_code: bool = False,
    new_email: str | None = None,
    login_session_id: int | None = None,
) -> str:
    """A new secret for ``purpose``; earlier unused ones of the same purpose are revoked. ``new_email``: the
    address an e-mail change's link confirms, kept with the secret. ``login_session_id``: the only login
    session that may spend it (``consume_row`` or ``consume_code`` with the same id)."""
    now = utcnow()
    revoke(session, account_id=account_id, purpose=purpose, now=now)
    secret, stored = _draw(session, account_id, short_code, login_session_id)
    session.add(
        OneTimeSecret(
            account_id=account_id,
            purpose=purpose,
            secret_hash=stored,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
            new_email=new_email,
        )
    )
    session.flush()
    return secret


def revoke(
    session: Session, *, account_id: int, purpose: OneTimeSecretPurpose, now: datetime | None = None
) -> None:
    """End every still-unused secret of ``purpose`` of the account."""
    session.execute(
        update(OneTimeSecret)
        .where(
            OneTimeSecret.account_id == account_id,
            OneTimeSecret.purpose == purpose,
            OneTimeSecret.used_at.is_(None),
        )
        .values(used_at=now or utcnow())
    )


def _long_hash(secret: str, login_session_id: int | None) -> str:
    return token_hash(secret if login_session_id is None else f"session {login_session_id}:{secret}")


def _code_hash(account_id: int, code: str, login_session_id: int | None) -> str:
    """A short code's stored hash: salted with its account and, when it was sent for a login, that login."""
    return _long_hash(f"{account_id}:{code}", login_session_id)


def _draw(
    session: Session, account_id: int, short_code: bool, login_session_id: int | None = None
) -> tuple[str, str]:
    """A new secret and the hash stored for it. A short code's hash is salted with the account id (codes
    are unique per account, not globally) and the column is unique: a code this account already had, used
    or not, is drawn again (over a few hundred codes, two alike are likely; the insert would fail)."""
    if not short_code:
        secret = new_token()
        return secret, _long_hash(secret, login_session_id)
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        stored = _code_hash(account_id, code, login_session_id)
        if session.scalar(select(OneTimeSecret.id).where(OneTimeSecret.secret_hash == stored)) is None:
            return code, stored


def _find(
    session: Session, secret: str, purpose: OneTimeSecretPurpose, login_session_id: int | None = None
) -> OneTimeSecret | None:
    stored = _long_hash(secret, login_session_id)
    matches = OneTimeSecret.secret_hash == stored, OneTimeSecret.purpose == purpose
    return session.scalar(select(OneTimeSecret).where(*matches))


def _usable(row: OneTimeSecret | None, now: datetime) -> TypeIs[OneTimeSecret]:
    return row is not None and row.used_at is None and now < _as_aware(row.expires_at)


def _spend(session: Session, row: OneTimeSecret, now: datetime) -> bool:
    """Mark ``row`` used, if nobody did since it was read: whether this request is the one that spent it."""
    result = session.execute(
        update(OneTimeSecret)
        .where(OneTimeSecret.id == row.id, OneTimeSecret.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.expire(row, ["used_at", "attempts"])  # another request spent it: read it afresh if asked
        return False
    set_committed_value(row, "used_at", now)
    return True


def _count_wrong_try(session: Session, row: OneTimeSecret, now: datetime) -> None:
    """One more wrong try of a code, counted in the database (no concurrent try lost); the fifth burns it."""
    tries = OneTimeSecret.attempts + 1
    burns = and_(OneTimeSecret.used_at.is_(None), tries >= MAX_CODE_ATTEMPTS)
    session.execute(
        update(OneTimeSecret)
        .where(OneTimeSecret.id == row.id)
        .values(attempts=tries, used_at=case((burns, now), else_=OneTimeSecret.used_at))
        .execution_options(synchronize_session=False)
    )
    session.expire(row, ["used_at", "attempts"])


def consume_row(
    session: Session, *, secret: str, purpose: OneTimeSecretPurpose, login_session_id: int | None = None
) -> OneTimeSecret | None:
    """Use a long secret (link, hand-off) once: its row, or ``None`` if unknown, used or expired (by another
    request at the same instant included), or issued for another login session than ``login_session_id``."""
    now = utcnow()
    row = _find(session, secret, purpose, login_session_id)
    if not _usable(row, now) or not _spend(session, row, now):
        return None
    return row


def consume(session: Session, *, secret: str, purpose: OneTimeSecretPurpose) -> int | None:
    """Use a long secret (link, hand-off) once: its account id, or ``None`` if unknown, used or expired."""
    row = consume_row(session, secret=secret, purpose=purpose)
    return row.account_id if row is not None else None


def peek(session: Session, *, secret: str, purpose: OneTimeSecretPurpose) -> int | None:
    """The account of a still-usable long secret, without using it (to show the reset form)."""
    row = peek_row(session, secret=secret, purpose=purpose)
    return row.account_id if row is not None else None


def peek_row(session: Session, *, secret: str, purpose: OneTimeSecretPurpose) -> OneTimeSecret | None:
    """The row of a still-usable long secret, without using it."""
    row = _find(session, secret, purpose)
    return row if _usable(row, utcnow()) else None


def consume_code(
    session: Session,
    *,
    account_id: int,
    code: str,
    purpose: OneTimeSecretPurpose,
    login_session_id: int | None,
) -> bool:
    """Check a 6-digit code; it passes once, only for the login session it was issued to
    (``login_session_id``, ``None`` for a code issued outside a login), and five wrong tries burn it."""
    now = utcnow()
    row = session.scalar(
        select(OneTimeSecret)
        .where(
            OneTimeSecret.account_id == account_id,
            OneTimeSecret.purpose == purpose,
            OneTimeSecret.used_at.is_(None),
        )
        .order_by(OneTimeSecret.created_at.desc())
        .limit(1)
    )
    if not _usable(row, now):
        return False
    if row.secret_hash != _code_hash(account_id, code.strip(), login_session_id):
        _count_wrong_try(session, row, now)
        return False
    return _spend(session, row, now)
