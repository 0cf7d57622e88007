"""An affiliation en masse (guide 003): one imported file of a structure and the outcome of each of its rows
(registered and invited by e-mail or by letter, or rejected with its reasons), which the downloadable
report lists. Only what the report shows is kept: never a row's NIR."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.affiliation import InvitationChannel
from ocso_app.models.base import Base, Created, intpk, str_enum


class EmployeeImport(Base):
    """One file imported by an HR user into one structure."""

    __tablename__ = "employee_imports"

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    file_name: Mapped[str] = mapped_column(String(120))
    row_count: Mapped[int]
    imported_count: Mapped[int]
    created_at: Mapped[Created]
    invitations_done_at: Mapped[datetime | None]


class EmployeeImportRow(Base):
    """One row of an imported file: the employee registered from it, or why it was rejected; and how the
    employee was invited (``None`` while the invitation waits its turn)."""

    __tablename__ = "employee_import_rows"
    __table_args__ = (Index("ix_employee_import_rows_import_line", "import_id", "line"),)

    id: Mapped[intpk]
    import_id: Mapped[int] = mapped_column(ForeignKey("employee_imports.id"))
    line: Mapped[int]
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    rejection: Mapped[str | None] = mapped_column(Text)
    invitation: Mapped[InvitationChannel | None] = mapped_column(str_enum(InvitationChannel))
