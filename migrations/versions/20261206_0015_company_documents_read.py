"""The documents published to companies before their « Nouveau » mark and the Documents entry's counter
(0014 and earlier) count as read: nothing recorded their opening until then, so a company's whole past
would otherwise show as new. A document published from now on is new until one of its users opens it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

documents = sa.table(
    "documents",
    sa.column("company_id", sa.Integer),
    sa.column("member_id", sa.Integer),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("read_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.execute(
        documents.update()
        .where(
            documents.c.company_id.is_not(None),
            documents.c.member_id.is_(None),
            documents.c.read_at.is_(None),
        )
        .values(read_at=documents.c.published_at)
    )


def downgrade() -> None:
    """Which of them were new before cannot be told: they stay read (no schema changed)."""
