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


FK = "fk_companies_account_manager_id_accounts"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place; the batch mode would copy the companies table and
        # drop it, which the tables referencing companies forbid on a database holding data.
        op.execute("ALTER TABLE companies ADD COLUMN account_manager_id INTEGER REFERENCES accounts (id)")
        return
    op.add_column("companies", sa.Column("account_manager_id", sa.Integer(), nullable=True))
    op.create_foreign_key(FK, "companies", "accounts", ["account_manager_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column used by a reference, and rebuilding the table is what the upgrade avoids:
        # the column stays, empty and unused by the code of 0015.
        return
    op.drop_constraint(FK, "companies", type_="foreignkey")
    op.drop_column("companies", "account_manager_id")
