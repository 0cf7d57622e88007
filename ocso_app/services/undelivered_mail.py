"""E-mails the outbox gave up (the SMTP relay refused them ``outbox.MAX_ATTEMPTS`` times, over about two
hours): how many and since when, for OCSO's administrators on their Accueil, and sending them again once the
relay is mended. An invitation, a reset link or a temporary password that never left is somebody locked out.

Nothing of a message is shown, neither its recipient nor its subject: the rows are sealed, and their
count is what an administrator acts on. Sending them again is audited with who did it; the portal's next
sweep (``outbox_sender``) sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app.models import OutboxMessage
from ocso_app.services import audit, outbox
from ocso_app.services.formats import format_count, format_paris_minute

EVENT_TYPE = "E-mails non distribués"
NOTHING_TO_SEND = "Aucun e-mail n'attend d'être renvoyé."


@dataclass(frozen=True)
class Undelivered:
    """The given-up e-mails: how many, and when the oldest was given up (``None`` when there are none)."""

    count: int
    since: datetime | None

    def display(self) -> dict[str, str]:
        """The strings Accueil shows."""
        return {
            "count": format_count(self.count),
            "since": format_paris_minute(self.since) if self.since else "",
        }


def undelivered(session: Session) -> Undelivered:
    """The e-mails given up, in one query."""
    count, since = session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.failed_at)).where(
            OutboxMessage.failed_at.is_not(None)
        )
    ).one()
    return Undelivered(int(count), since)


def send_again(session: Session, *, actor: audit.Actor, now: datetime) -> str:
    """Every given-up e-mail due again with fresh tries, audited; the French message to show. With none
    waiting, ``NOTHING_TO_SEND`` and nothing written."""
    count = outbox.retry_given_up(session, now=now)
    if count == 0:
        return NOTHING_TO_SEND
    plural = "s" if count > 1 else ""
    audit.record_by(session, actor, event_type=EVENT_TYPE, action=f"{count} e-mail{plural} remis en envoi")
    return f"{format_count(count)} e-mail{plural} remis en envoi : ils partent dans la minute."
