"""Moving a throttle counter back in time, so a test need not sleep through a delay or a window."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import AttemptCounter
from ocso_app.services import throttle


def counter(db: Session, policy: throttle.Policy, subject: str) -> AttemptCounter | None:
    """The counter row of ``subject`` under ``policy``, if any."""
    return db.scalar(
        select(AttemptCounter).where(
            AttemptCounter.scope == policy.scope,
            AttemptCounter.subject_hash == throttle._subject_hash(policy, subject),
        )
    )


def attempts(db: Session, policy: throttle.Policy, subject: str) -> int:
    """How many attempts are counted for ``subject`` (0 without a row)."""
    row = counter(db, policy, subject)
    return 0 if row is None else row.attempts


def age(db: Session, policy: throttle.Policy, subject: str, by: timedelta = timedelta(minutes=5)) -> None:
    """Pretend the counted attempts of ``subject`` happened ``by`` earlier."""
    row = counter(db, policy, subject)
    if row is not None:
        row.last_attempt_at -= by
        row.window_started_at -= by
        db.flush()
