"""The mail outbox's rows (``models.OutboxMessage``): what an e-mail to send after a commit becomes.

``enqueue`` writes the row in the caller's transaction, sealed, and already held by this process for a
``LEASE``: the sender this process wakes after the commit sends it from memory, and the other workers' sweeps
leave it alone meanwhile. A row nobody holds (its holder stopped, or it was refused and its delay is over)
is taken by ``take``: a conditional update, so that of several workers only one holds it at a time and none
sends it twice. ``sent`` deletes it once the SMTP relay accepted it; ``refused`` puts it back with a growing
delay, and gives it up (``failed_at``, kept for an operator) after ``MAX_ATTEMPTS``.

Times are the workers' clocks (UTC): they must agree to within ``RENEW_WITHIN``.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import socket
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from ocso_app.models import OutboxMessage
from ocso_app.services.crypto import decrypt_field, encrypt_field

LEASE = timedelta(minutes=5)  # far longer than one SMTP exchange (10 s timeout per step)
RENEW_WITHIN = timedelta(minutes=1)  # a held row is claimed again before sending when its lease runs out
MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)  # then doubled after each refusal: 1, 2, 4 … 60 min (≈ 2 h in all)
LONGEST_DELAY = timedelta(hours=1)


@dataclass(frozen=True)
class Outgoing:
    """One plain-text e-mail (the signature is added when it is sent, then ``footer``), with its own extra
    ``headers`` (``List-Unsubscribe``: they may hold a link's token, so they are sealed with the rest)."""

    to: str
    subject: str
    text: str
    footer: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Held:
    """A row this process holds until ``until``, with what it says."""

    id: int
    message: Outgoing
    until: datetime


@functools.cache
def _claimant_of(pid: int) -> str:
    return f"{socket.gethostname()[:40]}:{pid}:{secrets.token_hex(4)}"


def claimant() -> str:
    """This process's name on the rows it holds (each forked worker has its own)."""
    return _claimant_of(os.getpid())


_KNOWN = tuple(f.name for f in fields(Outgoing))


def seal(message: Outgoing) -> str:
    """The recipient, subject, text, footer and headers, encrypted together."""
    return encrypt_field(json.dumps(asdict(message)))


def unseal(sealed: str) -> Outgoing:
    """The message a row holds (a row sealed before footers and headers existed has none). What this version
    does not know, sealed by a newer worker during an upgrade, is left out rather than failing the send."""
    content = json.loads(decrypt_field(sealed))
    return Outgoing(**{name: content[name] for name in _KNOWN if name in content})


def enqueue(session: Session, message: Outgoing, *, now: datetime) -> tuple[OutboxMessage, datetime]:
    """The row of ``message`` added to ``session`` (it exists only if the caller's transaction commits),
    and until when this process holds it."""
    until = now + LEASE
    row = OutboxMessage(sealed=seal(message), next_attempt_at=now, claimed_by=claimant(), claimed_until=until)
    session.add(row)
    return row, until


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)


def due(session: Session, *, now: datetime, limit: int) -> list[int]:
    """The oldest rows nobody holds whose time has come, not given up."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.failed_at.is_(None), OutboxMessage.next_attempt_at <= now, _free(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _claim(session: Session, row_id: int, condition: ColumnElement[bool], now: datetime) -> Held | None:
    until = now + LEASE
    sealed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.failed_at.is_(None), condition)
        .values(claimed_by=claimant(), claimed_until=until)
        .returning(OutboxMessage.sealed)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return None if sealed is None else Held(row_id, unseal(sealed), until)


def take(session: Session, row_id: int, *, now: datetime) -> Held | None:
    """Hold row ``row_id`` for a ``LEASE`` if it is due and nobody holds it; ``None`` if another sender
    was first (or it left). Commit before sending: the other workers see the claim only then."""
    return _claim(session, row_id, and_(OutboxMessage.next_attempt_at <= now, _free(now)), now)


def renew(session: Session, row_id: int, *, now: datetime) -> Held | None:
    """Hold again, for a ``LEASE``, a row this process holds or whose lease ran out; ``None`` if another
    sender took it meanwhile (or it left)."""
    return _claim(session, row_id, or_(OutboxMessage.claimed_by == claimant(), _free(now)), now)


def sent(session: Session, row_id: int) -> None:
    """The relay accepted the message: its row goes."""
    session.execute(
        delete(OutboxMessage).where(OutboxMessage.id == row_id).execution_options(synchronize_session=False)
    )


def retry_delay(attempts: int) -> timedelta:
    """How long a message refused ``attempts`` times waits before its next try."""
    return min(FIRST_DELAY * (1 << (attempts - 1)), LONGEST_DELAY)


def refused(session: Session, row_id: int, *, now: datetime) -> int:
    """The relay refused the message: its row is let go, due again after ``retry_delay``, or given up
    at ``MAX_ATTEMPTS``. Returns how many times it was refused (0 if the row is gone)."""
    attempts = session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == row_id))
    if attempts is None:
        return 0
    attempts += 1
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(
            attempts=attempts,
            next_attempt_at=now + retry_delay(attempts),
            claimed_by=None,
            claimed_until=None,
            failed_at=now if attempts >= MAX_ATTEMPTS else None,
        )
        .execution_options(synchronize_session=False)
    )
    return attempts


def retry_given_up(session: Session, *, now: datetime) -> int:
    """The given-up rows due again, with ``MAX_ATTEMPTS`` new tries (the next sweep sends them); how many."""
    again = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.failed_at.is_not(None))
        .values(failed_at=None, attempts=0, next_attempt_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return len(again.all())
