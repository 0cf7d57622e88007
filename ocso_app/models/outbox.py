"""The mail outbox: one row per e-mail to send, written in the transaction that decided to send it, deleted
once the SMTP relay accepted it. What a message says and to whom is sealed (``crypto.encrypt_field``): a
reset link or a temporary password is never readable in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk


class OutboxMessage(Base):
    """An e-mail waiting to leave: due at ``next_attempt_at``, held by ``claimed_by`` until
    ``claimed_until`` while a sender sends it, given up (``failed_at``) after too many refusals."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_due", "failed_at", "next_attempt_at"),
        # SQLite would give a deleted row's id to the next one: a sender late with an old id must miss.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[intpk]
    sealed: Mapped[str] = mapped_column(Text)  # recipient, subject and text, encrypted together
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    created_at: Mapped[Created]
