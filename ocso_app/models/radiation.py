"""What a radiation changed, kept so that HR can cancel a radiation recorded by mistake and get back exactly
what it replaced: the employee's status and departure fields, the member's radiation date, and every contract
registration, beneficiary and waiting dispense request it closed (with the value each had before).

A radiation recorded before these tables existed has no such memory: the portal does not cancel it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ocso_app.models.affiliation import EmployeeStatusChange
from ocso_app.models.base import Base, Created, intpk, str_enum
from ocso_app.models.employer import AffiliationStatus


class RadiationRecord(Base):
    """One radiation (its row in the status history) and what the employee and member had before it; once
    cancelled, when and by which row of the history."""

    __tablename__ = "radiation_records"

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    status_change_id: Mapped[int] = mapped_column(ForeignKey("employee_status_changes.id"), unique=True)
    previous_status: Mapped[AffiliationStatus] = mapped_column(str_enum(AffiliationStatus))
    previous_radiated_on: Mapped[date | None]
    previous_radiation_reason: Mapped[str | None] = mapped_column(String(80))
    previous_portability_end_on: Mapped[date | None]
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    previous_member_radiation_date: Mapped[date | None]
    member_radiation_date: Mapped[date | None]  # the date the radiation set: restored only if still there
    employee_told: Mapped[bool] = mapped_column(default=False)  # the radiation's e-mail was sent
    recorded_at: Mapped[Created]
    cancelled_at: Mapped[datetime | None]
    cancellation_change_id: Mapped[int | None] = mapped_column(ForeignKey("employee_status_changes.id"))

    status_change: Mapped[EmployeeStatusChange] = relationship(foreign_keys=[status_change_id])
    cancellation_change: Mapped[EmployeeStatusChange | None] = relationship(
        foreign_keys=[cancellation_change_id]
    )
    closed_rows: Mapped[list[RadiationClosedRow]] = relationship(
        back_populates="radiation", cascade="all, delete-orphan", order_by="RadiationClosedRow.id"
    )


ONE_ROW = (
    " + ".join(
        f"CASE WHEN {column} IS NULL THEN 0 ELSE 1 END"
        for column in ("employee_contract_id", "beneficiary_id", "dispense_request_id")
    )
    + " = 1"
)


class RadiationClosedRow(Base):
    """One row the radiation closed: a contract registration or a beneficiary whose end date it set (the
    previous end date, often none, and the one it set), or a dispense request it closed « sans suite »."""

    __tablename__ = "radiation_closed_rows"
    __table_args__ = (CheckConstraint(ONE_ROW, name="one_row"),)

    id: Mapped[intpk]
    radiation_id: Mapped[int] = mapped_column(ForeignKey("radiation_records.id"), index=True)
    employee_contract_id: Mapped[int | None] = mapped_column(ForeignKey("employee_contracts.id"))
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("beneficiaries.id"))
    dispense_request_id: Mapped[int | None] = mapped_column(ForeignKey("dispense_requests.id"))
    previous_end_date: Mapped[date | None]
    end_date: Mapped[date | None]  # the end date the radiation set (none for a dispense request)

    radiation: Mapped[RadiationRecord] = relationship(back_populates="closed_rows")
