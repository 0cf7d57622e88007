"""The paper-free affiliation of an employee (guide 003): HR's invitation (a personal link, or a code on a
posted letter), the history of every status change, the dispense requests and the SEPA mandates."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk, str_enum
from ocso_app.models.employer import AffiliationStatus


class InvitationChannel(enum.StrEnum):
    EMAIL = "email"
    LETTER = "courrier"


class AffiliationInvitation(Base):
    """A personal, single-use way in to the employee's affiliation page: the hash of the e-mailed link's
    token, or of the code printed on a letter. A new invitation (relance, new letter) revokes the earlier.
    """

    __tablename__ = "affiliation_invitations"

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    channel: Mapped[InvitationChannel] = mapped_column(str_enum(InvitationChannel))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[Created]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    failed_attempts: Mapped[int] = mapped_column(default=0)


class EmployeeStatusChange(Base):
    """One change of an employee's affiliation status: the new status, the day it takes effect, when and by
    whom it was recorded (an employer user, the employee on their affiliation page, OCSO, the daily job)."""

    __tablename__ = "employee_status_changes"
    __table_args__ = (Index("ix_employee_status_changes_employee", "employee_id", "recorded_at"),)

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    status: Mapped[AffiliationStatus] = mapped_column(str_enum(AffiliationStatus))
    effective_on: Mapped[date]
    recorded_at: Mapped[Created]
    by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    by_label: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(String(255))


class DispenseDecision(enum.StrEnum):
    REQUESTED = "demandee"
    ACCEPTED = "acceptee"
    REFUSED = "refusee"
    WITHDRAWN = "sans_suite"  # the affiliation was settled otherwise first (forced, done, radiated)


class DispenseRequest(Base):
    """An employee's request to be dispensed from the compulsory cover, on one legal case
    (``services.dispenses.CASES``), with its end or renewal date and its proof (a stored file) or sworn
    statement; HR accepts or refuses it on the employee's record."""

    __tablename__ = "dispense_requests"

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    case: Mapped[str] = mapped_column(String(40))
    ends_on: Mapped[date | None]
    sworn_statement: Mapped[bool] = mapped_column(default=False)
    proof_name: Mapped[str | None]
    proof_storage_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    proof_content_type: Mapped[str | None] = mapped_column(String(60))
    decision: Mapped[DispenseDecision] = mapped_column(str_enum(DispenseDecision))
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None]
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[Created]


class SepaMandate(Base):
    """The SEPA direct-debit mandate a new member signs online (their unique mandate reference, the account
    debited, encrypted) and the generated PDF kept in private storage."""

    __tablename__ = "sepa_mandates"

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    reference: Mapped[str] = mapped_column(String(35), unique=True)
    holder_name: Mapped[str] = mapped_column(String(160))
    iban_enc: Mapped[str] = mapped_column(Text)
    bic: Mapped[str] = mapped_column(String(11))
    signed_at: Mapped[datetime]
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
