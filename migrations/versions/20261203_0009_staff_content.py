"""Espace OCSO, content and files: a news item can be withdrawn (``withdrawn_at``), and members and companies
keep their folded name (``search_name``) for the staff's search by name

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ocso_app.models.search import fold, person_name

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _backfill(table: str, columns: tuple[str, ...], folded) -> None:  # type: ignore[no-untyped-def]
    rows_table = sa.table(table, sa.column("id", sa.Integer), sa.column("search_name", sa.String),
                          *(sa.column(c, sa.String) for c in columns))  # fmt: skip
    connection = op.get_bind()
    rows = connection.execute(sa.select(rows_table.c.id, *(rows_table.c[c] for c in columns))).all()
    update = (
        rows_table.update()
        .where(rows_table.c.id == sa.bindparam("row_id"))
        .values(search_name=sa.bindparam("folded"))
    )
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        connection.execute(update, [{"row_id": row[0], "folded": folded(*row[1:])} for row in batch])


def upgrade() -> None:
    op.add_column("news_items", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "members", sa.Column("search_name", sa.String(length=170), server_default="", nullable=False)
    )
    op.add_column(
        "companies", sa.Column("search_name", sa.String(length=255), server_default="", nullable=False)
    )
    _backfill("members", ("last_name", "first_name"), person_name)
    _backfill("companies", ("name",), lambda name: fold(name or ""))


def downgrade() -> None:
    with op.batch_alter_table("companies") as batch:
        batch.drop_column("search_name")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("search_name")
    with op.batch_alter_table("news_items") as batch:
        batch.drop_column("withdrawn_at")
