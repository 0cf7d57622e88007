"""An employer user's choice to be e-mailed when OCSO deposits indemnités journalières, bordereaux or
documents for their structures: on for every existing account, so that nothing changes until they say so.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("deposit_emails", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("deposit_emails")
