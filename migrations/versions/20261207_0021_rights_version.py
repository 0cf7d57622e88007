"""A counter raised whenever an account's access changes (an employer user's structures or profiles), read
with the session at every event: a Reflex tab filled before the change is emptied at its next event.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMN = "rights_version"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place, as 0016 and 0020: the batch mode would copy the accounts table and drop it, which every
        # table referencing accounts (sessions, grants, audit …) forbids on a database holding data.
        op.execute(f"ALTER TABLE accounts ADD COLUMN {COLUMN} INTEGER DEFAULT 0 NOT NULL")
        return
    op.add_column("accounts", sa.Column(COLUMN, sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite 3.35 drops a column in place; an older one keeps it, unused by the code of 0020.
        if bind.dialect.dbapi.sqlite_version_info >= (3, 35):
            op.execute(f"ALTER TABLE accounts DROP COLUMN {COLUMN}")
        return
    op.drop_column("accounts", COLUMN)
