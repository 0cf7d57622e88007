"""Employer users' rights per structure, employees and their affiliation, sick leaves, contributions."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from ocso_app.models.base import Base, Created, intpk, str_enum
from ocso_app.models.search import person_name, person_name_of_insert


class EmployerProfile(enum.StrEnum):
    ADMIN = "administrateur"
    STAFF_MANAGEMENT = "gestion_salaries"
    READ_ONLY = "consultation"
    SICK_LEAVE = "arrets_travail"
    CONTRIBUTIONS = "cotisations"


class EmployerGrant(Base):
    """What one employer user may do on one structure. The company's first user is its principal user."""

    __tablename__ = "employer_grants"
    __table_args__ = (UniqueConstraint("account_id", "company_id"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    profile: Mapped[EmployerProfile] = mapped_column(str_enum(EmployerProfile))
    is_principal: Mapped[bool] = mapped_column(default=False)
    granted_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[Created]


class AffiliationStatus(enum.StrEnum):
    PENDING = "en_cours_affiliation"
    TO_REMIND = "a_relancer"
    AFFILIATED = "affilie"
    EXEMPTED = "dispense"
    RADIATED = "radie"
    PORTABILITY = "portabilite"


search_name = person_name  # what the Assurés search compares with: « nom prénom », folded (models.search)


class Employee(Base):
    """An employee registered on a company's contracts; becomes a member once affiliated.

    ``search_name`` follows the names: set with them on the object, or computed for a bulk insert."""

    __tablename__ = "employees"
    # The lists of a structure (Assurés, affiliations) filter on status and sort by name, date or status, then
    # fetch one page: the index holds what they filter, sort and search on, so only that page reads the table.
    __table_args__ = (
        Index(
            "ix_employees_company_status",
            "company_id",
            "status",
            "last_name",
            "first_name",
            "affiliated_on",
            "invited_at",
            "last_reminder_at",
            "portability_end_on",
            "search_name",
        ),
    )

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    civility: Mapped[str] = mapped_column(String(4))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date]
    nir_enc: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None]
    address_line: Mapped[str | None]
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    personnel_category: Mapped[str] = mapped_column(String(80))
    hired_on: Mapped[date]
    cover_start_on: Mapped[date | None]
    # What HR chose when inviting: where the dispense requests go, and whether to be told when it is done.
    dispense_email: Mapped[str | None]
    notify_hr_email: Mapped[str | None]
    # who chose those two addresses: the inviter, or the HR user who changed them since on the fiche (the
    # e-mails go only while that user may act: employer_access.hr_address)
    invited_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    status: Mapped[AffiliationStatus] = mapped_column(str_enum(AffiliationStatus))
    invited_at: Mapped[datetime | None]
    last_reminder_at: Mapped[datetime | None]
    affiliated_on: Mapped[date | None]
    radiated_on: Mapped[date | None]
    radiation_reason: Mapped[str | None] = mapped_column(String(80))
    portability_end_on: Mapped[date | None]
    search_name: Mapped[str] = mapped_column(String(170), default=person_name_of_insert, server_default="")
    created_at: Mapped[Created]

    @validates("last_name", "first_name")
    def _follow_names(self, key: str, value: str) -> str:
        names = {"last_name": self.last_name, "first_name": self.first_name, key: value}
        self.search_name = search_name(names["last_name"], names["first_name"])
        return value


class EmployeeContract(Base):
    """An employee's registration on one contract (santé and/or prévoyance) and chosen option."""

    __tablename__ = "employee_contracts"
    __table_args__ = (UniqueConstraint("employee_id", "contract_id"),)

    id: Mapped[intpk]
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("contract_options.id"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]


class SickLeave(Base):
    """An arrêt de travail covered by a prévoyance incapacité contract."""

    __tablename__ = "sick_leaves"
    __table_args__ = (Index("ix_sick_leaves_company_start", "company_id", "start_date"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    reason: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    waiting_days: Mapped[int] = mapped_column(default=3)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[Created]


class DailyAllowance(Base):
    """A payment of indemnités journalières for one period of a sick leave."""

    __tablename__ = "daily_allowances"

    id: Mapped[intpk]
    sick_leave_id: Mapped[int] = mapped_column(ForeignKey("sick_leaves.id"), index=True)
    statement_number: Mapped[str] = mapped_column(String(20), unique=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    days: Mapped[int]
    daily_amount: Mapped[Decimal]
    gross_amount: Mapped[Decimal]
    social_charges: Mapped[Decimal]
    net_amount: Mapped[Decimal]
    paid_on: Mapped[date]


class ContributionStatement(Base):
    """A bordereau de cotisations for one contract and one period."""

    __tablename__ = "contribution_statements"
    __table_args__ = (Index("ix_contribution_statements_company_period", "company_id", "period_start"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    headcount: Mapped[int]
    amount_due: Mapped[Decimal]
    amount_paid: Mapped[Decimal]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))
