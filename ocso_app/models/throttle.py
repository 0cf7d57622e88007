"""Counters of attempts (failed logins and codes, registrations, reset and identifier requests), shared by
every worker because they live in the database. The subject (account id, numéro d'adhérent, client address)
is stored only as a keyed hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, intpk


class AttemptCounter(Base):
    """How many attempts of one kind (``scope``) one subject made since ``window_started_at``."""

    __tablename__ = "attempt_counters"
    __table_args__ = (UniqueConstraint("scope", "subject_hash"),)

    id: Mapped[intpk]
    scope: Mapped[str] = mapped_column(String(40))
    subject_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime] = mapped_column(index=True)
