"""A company's dedicated contact at OCSO (guide 003: « retrouvez vos interlocuteurs dédiés »): the staff
account an agent names on the company's file; its structures' users read it on their Accueil.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 08:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch:
        batch.add_column(sa.Column("account_manager_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_companies_account_manager_id_accounts", "accounts", ["account_manager_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch:
        batch.drop_constraint("fk_companies_account_manager_id_accounts", type_="foreignkey")
        batch.drop_column("account_manager_id")
