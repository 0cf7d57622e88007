"""The guides and tutorials OCSO publishes to every employer at once (guide RH, guide salarié(e), tutoriel):
a table of their own, since they belong to no structure and have no unread mark, and OCSO may withdraw one.

Downgrade drops the table (its stored PDFs stay in the private storage, unnamed by any row); a plain
``DROP TABLE`` on SQLite as on PostgreSQL, no table rebuilt.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_guides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("guide_rh", "guide_salarie", "tutoriel", name="guidekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_guides")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_employer_guides_storage_key")),
    )
    op.create_index("ix_employer_guides_listed", "employer_guides", ["withdrawn_at", "published_at"])


def downgrade() -> None:
    op.drop_index("ix_employer_guides_listed", table_name="employer_guides")
    op.drop_table("employer_guides")
