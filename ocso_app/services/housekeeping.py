"""The nightly housekeeping (``python -m ocso_app.cli housekeeping``): deletes the rows that have served
their purpose, so that personal data (a browser's description, an address being confirmed, when somebody
logged in) is not kept for nothing (RGPD, minimisation) and the tables that every login reads stay small.

- Login sessions whose 12 hours ended more than 30 days ago (closed earlier by a logout or not), except each
  account's latest one: its start is the « dernière connexion » the staff read on a member's file.
- Single-use secrets (codes, links, hand-offs) used or expired more than a day ago.
- Trusted browsers whose 180 days are over (an expired one is refused anyway).
- Attempt counters untouched for 30 days (``throttle.purge_stale``).

The audit log is kept: it is the members' « Mon historique » and the trace of who saw what. Idempotent:
run twice, the second run deletes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Delete, ScalarSelect, delete, func, or_, select
from sqlalchemy.orm import Session

from ocso_app.models import LoginSession, OneTimeSecret, TrustedDevice
from ocso_app.models.base import utcnow
from ocso_app.services import throttle
from ocso_app.services.formats import counted

SESSIONS_KEPT_FOR = timedelta(days=30)  # after their end: a few weeks to look into an incident
SECRETS_KEPT_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    """How many rows of each kind the run deleted."""

    sessions: int
    secrets: int
    devices: int
    counters: int

    def summary(self) -> str:
        """« 3 sessions de connexion, 12 codes ou liens à usage unique, 0 navigateur de confiance et
        1 compteur d'essais supprimés »."""
        parts = [
            counted(self.sessions, "session de connexion", "sessions de connexion"),
            counted(self.secrets, "code ou lien à usage unique", "codes ou liens à usage unique"),
            counted(self.devices, "navigateur de confiance", "navigateurs de confiance"),
            counted(self.counters, "compteur d'essais", "compteurs d'essais"),
        ]
        return f"{', '.join(parts[:-1])} et {parts[-1]} supprimés"


def _deleted(session: Session, statement: Delete) -> int:
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def _latest_session_ids() -> ScalarSelect[int]:
    """Each account's latest session (ids grow with time): never deleted."""
    return select(func.max(LoginSession.id)).group_by(LoginSession.account_id).scalar_subquery()


def purge(session: Session, *, now: datetime | None = None) -> Purged:
    """Delete what has served its purpose as of ``now`` (in the caller's transaction)."""
    now = now or utcnow()
    ended_before = now - SESSIONS_KEPT_FOR
    sessions = delete(LoginSession).where(
        LoginSession.expires_at < ended_before, LoginSession.id.not_in(_latest_session_ids())
    )
    done_before = now - SECRETS_KEPT_FOR
    secrets = delete(OneTimeSecret).where(
        or_(OneTimeSecret.expires_at < done_before, OneTimeSecret.used_at < done_before)
    )
    devices = delete(TrustedDevice).where(TrustedDevice.expires_at < now)
    return Purged(
        sessions=_deleted(session, sessions),
        secrets=_deleted(session, secrets),
        devices=_deleted(session, devices),
        counters=throttle.purge_stale(session, now=now),
    )
