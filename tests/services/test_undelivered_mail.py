"""The e-mails the outbox gave up, for the administrators: counted with the day of the oldest, never shown,
sent again with fresh tries and audited with who did it; with none waiting, nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ocso_app.models import AuditEvent, OutboxMessage, StaffRole
from ocso_app.services import outbox, undelivered_mail
from ocso_app.services.audit import Actor
from ocso_app.services.formats import as_utc
from tests.builders import make_staff, new_email

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def _row(db, *, failed_at: datetime | None) -> OutboxMessage:
    row, _ = outbox.enqueue(db, outbox.Outgoing(new_email(), "Objet", "Texte"), now=NOW - timedelta(hours=3))
    row.claimed_by = row.claimed_until = None
    if failed_at is not None:
        row.attempts, row.failed_at = outbox.MAX_ATTEMPTS, failed_at
    db.flush()
    return row


def _audits(db, account_id: int) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account_id)))


def test_the_given_up_emails_are_counted_with_the_oldest_and_sent_again_once(db):
    before = undelivered_mail.undelivered(db).count
    oldest = datetime(2026, 12, 6, 6, 5, tzinfo=UTC)
    given_up = [_row(db, failed_at=oldest), _row(db, failed_at=NOW - timedelta(minutes=10))]
    waiting = _row(db, failed_at=None)  # still being tried: not the administrators' business yet
    found = undelivered_mail.undelivered(db)
    assert found.count == before + 2
    if before == 0:
        assert found.display() == {"count": "2", "since": "06/12/2026 à 07:05"}  # Paris time

    admin = make_staff(db, role=StaffRole.ADMIN)
    message = undelivered_mail.send_again(db, actor=Actor(account_id=admin.id), now=NOW)
    assert message.endswith("e-mails remis en envoi : ils partent dans la minute.")
    for row in given_up:
        db.refresh(row)
        assert (row.failed_at, row.attempts, as_utc(row.next_attempt_at)) == (None, 0, NOW)
    db.refresh(waiting)
    assert waiting.attempts == 0 and waiting.failed_at is None
    assert undelivered_mail.undelivered(db) == undelivered_mail.Undelivered(0, None)
    assert _audits(db, admin.id) == [f"{before + 2} e-mails remis en envoi"]

    assert undelivered_mail.send_again(db, actor=Actor(account_id=admin.id), now=NOW) == (
        undelivered_mail.NOTHING_TO_SEND
    )
    assert len(_audits(db, admin.id)) == 1
    assert db.scalar(select(func.count()).where(OutboxMessage.failed_at.is_not(None))) == 0
