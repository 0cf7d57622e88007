"""Employees: the folded « nom prénom » that the Assurés search compares with, and the structure lists'
index extended to what they filter, sort and search on

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ocso_app.models.employer import search_name

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_employees_company_status"
COLUMNS = [
    "company_id",
    "status",
    "last_name",
    "first_name",
    "affiliated_on",
    "invited_at",
    "portability_end_on",
    "search_name",
]
BATCH = 5000


def upgrade() -> None:
    op.add_column(
        "employees", sa.Column("search_name", sa.String(length=170), server_default="", nullable=False)
    )
    employees = sa.table(
        "employees",
        sa.column("id", sa.Integer),
        sa.column("last_name", sa.String),
        sa.column("first_name", sa.String),
        sa.column("search_name", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(employees.c.id, employees.c.last_name, employees.c.first_name)).all()
    update = (
        employees.update()
        .where(employees.c.id == sa.bindparam("row_id"))
        .values(search_name=sa.bindparam("folded"))
    )
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        connection.execute(
            update, [{"row_id": i, "folded": search_name(last, first)} for i, last, first in batch]
        )
    op.drop_index(INDEX, table_name="employees")
    op.create_index(INDEX, "employees", COLUMNS)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="employees")
    op.create_index(INDEX, "employees", COLUMNS[:3])
    with op.batch_alter_table("employees") as batch:
        batch.drop_column("search_name")
