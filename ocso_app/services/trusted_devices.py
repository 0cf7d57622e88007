"""Browsers that passed an employer's second factor: remembered 180 days by an HttpOnly cookie, at most
``MAX_PER_ACCOUNT`` per account (the oldest forgotten when one more is trusted), and forgotten,
all of an account's at once, when its password changes, is reset, replaced or locked
(``login.end_what_the_password_opened``) and when the account is deactivated: the trust was given to whoever
held the password then."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ocso_app.models import TrustedDevice
from ocso_app.models.base import utcnow
from ocso_app.services.crypto import new_token, token_hash
from ocso_app.services.sessions import _as_aware

TRUST_LIFETIME = timedelta(days=180)
# Browsers one account keeps trusted: a few computers and phones, with room to spare. Trusting one more
# forgets the one trusted longest ago (its next login owes the second factor again).
MAX_PER_ACCOUNT = 10


def trust(session: Session, *, account_id: int, label: str | None) -> str:
    """Remember a browser; returns the token for its cookie. The account keeps its ``MAX_PER_ACCOUNT`` most
    recent trusted browsers: the older ones, this one counted, are forgotten."""
    token = new_token()
    now = utcnow()
    newest_first = session.scalars(
        select(TrustedDevice.id)
        .where(TrustedDevice.account_id == account_id)
        .order_by(TrustedDevice.created_at.desc(), TrustedDevice.id.desc())
    ).all()
    if forgotten := newest_first[MAX_PER_ACCOUNT - 1 :]:
        session.execute(delete(TrustedDevice).where(TrustedDevice.id.in_(forgotten)))
    session.add(
        TrustedDevice(
            account_id=account_id,
            token_hash=token_hash(token),
            label=(label or "")[:300] or None,
            created_at=now,
            expires_at=now + TRUST_LIFETIME,
        )
    )
    return token


def is_trusted(session: Session, *, account_id: int, token: str | None) -> bool:
    """Whether ``token`` is a live trusted-device token of that very account."""
    if not token:
        return False
    device = session.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == token_hash(token)))
    return device is not None and device.account_id == account_id and utcnow() < _as_aware(device.expires_at)


def forget_all(session: Session, *, account_id: int) -> None:
    """No browser of the account is trusted any more: the next login of each owes its second factor."""
    session.execute(delete(TrustedDevice).where(TrustedDevice.account_id == account_id))
