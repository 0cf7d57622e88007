"""Employees: the structure lists' index holds ``last_reminder_at`` too, since « à relancer » counts the 8
days from the latest of the invitation and the relance (``services.affiliation``): without it, every page
and count of Assurés read the table's rows again.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_employees_company_status"
BEFORE = [
    "company_id",
    "status",
    "last_name",
    "first_name",
    "affiliated_on",
    "invited_at",
    "portability_end_on",
    "search_name",
]
AFTER = [*BEFORE[:6], "last_reminder_at", *BEFORE[6:]]


def upgrade() -> None:
    op.drop_index(INDEX, table_name="employees")
    op.create_index(INDEX, "employees", AFTER)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="employees")
    op.create_index(INDEX, "employees", BEFORE)
