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


COLUMN = "deposit_emails"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place, as 0016: the batch mode would copy the accounts table and drop it, which every table
        # referencing accounts (sessions, grants, audit …) forbids on a database holding data.
        op.execute(f"ALTER TABLE accounts ADD COLUMN {COLUMN} BOOLEAN DEFAULT 1 NOT NULL")
        return
    op.add_column("accounts", sa.Column(COLUMN, sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite 3.35 drops a column in place (not rebuilding the referenced table); an older one keeps it,
        # unused by the code of 0019 and filled by its default.
        if bind.dialect.dbapi.sqlite_version_info >= (3, 35):
            op.execute(f"ALTER TABLE accounts DROP COLUMN {COLUMN}")
        return
    op.drop_column("accounts", COLUMN)
