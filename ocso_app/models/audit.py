"""The audit log: every login, view of health data and change; "Mon historique" is a view of it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, intpk, str_enum, utcnow


class Interface(enum.StrEnum):
    """Where an action came from, as Mon historique and the structure's log show it."""

    WEB = "Web"
    MOBILE = "Mobile"
    AUTOMATIC = "Automatique"  # OCSO's daily processing (fins de portabilité, de dispense, rappels)
    COMMAND_LINE = "Ligne de commande"  # an OCSO operator's shell (``ocso_app.cli``)


class AuditEvent(Base):
    """One thing somebody did (or tried), with the interface it came from. Never holds a secret."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_member_at", "member_id", "occurred_at"),
        Index("ix_audit_events_account_at", "account_id", "occurred_at"),
    )

    id: Mapped[intpk]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    action: Mapped[str]
    interface: Mapped[Interface] = mapped_column(str_enum(Interface), default=Interface.WEB)
    ip_address: Mapped[str | None] = mapped_column(String(45))
