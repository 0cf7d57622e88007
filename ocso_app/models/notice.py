"""The reminders the daily job has sent: one row per reminder, unique, so that a job run twice, or resumed
after an interruption, never sends the same reminder again."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk


class SentNotice(Base):
    """A reminder of ``kind`` about one subject (an employee) for one due date."""

    __tablename__ = "sent_notices"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "due_on"),)

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    due_on: Mapped[date]
    sent_at: Mapped[Created]
