"""Single-use secrets: reset links, e-mailed or SMS codes, login hand-offs, e-mail change confirmations.
Stored hashed, expiring."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
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
) -> str:
    """A new secret for ``purpose``; earlier unused ones of the same purpose are revoked. ``new_email``: the
    address an e-mail change's link confirms, kept with the secret."""
    now = utcnow()
    revoke(session, account_id=account_id, purpose=purpose, now=now)
    secret, stored = _draw(session, account_id, short_code)
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


def _draw(session: Session, account_id: int, short_code: bool) -> tuple[str, str]:
    """A new secret and the hash stored for it. A short code's hash is salted with the account id (codes
    are unique per account, not globally) and the column is unique: a code this account already had, used
    or not, is drawn again (over a few hundred codes, two alike are likely; the insert would fail)."""
    if not short_code:
        secret = new_token()
        return secret, token_hash(secret)
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        stored = token_hash(f"{account_id}:{code}")
        if session.scalar(select(OneTimeSecret.id).where(OneTimeSecret.secret_hash == stored)) is None:
            return code, stored


def _find(session: Session, secret: str, purpose: OneTimeSecretPurpose) -> OneTimeSecret | None:
    matches = OneTimeSecret.secret_hash == token_hash(secret), OneTimeSecret.purpose == purpose
    return session.scalar(select(OneTimeSecret).where(*matches))


def _usable(row: OneTimeSecret | None, now: datetime) -> TypeIs[OneTimeSecret]:
    return row is not None and row.used_at is None and now < _as_aware(row.expires_at)


def consume_row(session: Session, *, secret: str, purpose: OneTimeSecretPurpose) -> OneTimeSecret | None:
    """Use a long secret (link, hand-off) once: its row, or ``None`` if unknown, used or expired."""
    now = utcnow()
    row = _find(session, secret, purpose)
    if not _usable(row, now):
        return None
    row.used_at = now
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


def consume_code(session: Session, *, account_id: int, code: str, purpose: OneTimeSecretPurpose) -> bool:
    """Check a 6-digit code; five wrong tries burn it."""
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
    if row.secret_hash != token_hash(f"{account_id}:{code.strip()}"):
        row.attempts += 1
        if row.attempts >= MAX_CODE_ATTEMPTS:
            row.used_at = now
        return False
    row.used_at = now
    return True
