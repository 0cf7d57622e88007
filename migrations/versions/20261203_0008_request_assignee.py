"""Démarches: the OCSO collaborator who took one in the work queue

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("assignee_account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_requests_assignee_account_id_accounts", "accounts", ["assignee_account_id"], ["id"]
        )
        batch.create_index("ix_requests_assignee_account_id", ["assignee_account_id"])


def downgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.drop_index("ix_requests_assignee_account_id")
        batch.drop_constraint("fk_requests_assignee_account_id_accounts", type_="foreignkey")
        batch.drop_column("assignee_account_id")
