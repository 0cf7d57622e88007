"""The proofs of unemployment benefits a former employee en portabilité sent OCSO by e-mail or post, recorded
by OCSO staff from the company's file (``services.portability_proofs``). A proof sent from the Espace Santé
Assuré is a démarche (``Request``) of the member; an employee covered by the prévoyance alone has no member
file, hence this table, keyed by the employee."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk


class PortabilityProof(Base):
    """One proof received (``received_on``, the day OCSO got it), its file in private storage, and who
    recorded it when."""

    __tablename__ = "portability_proofs"
    # HR's Accueil counts an employee's proofs and reads the last date: both from this index
    __table_args__ = (Index("ix_portability_proofs_employee_received", "employee_id", "received_on"),)

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    received_on: Mapped[date]
    original_name: Mapped[str]
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[Created]
