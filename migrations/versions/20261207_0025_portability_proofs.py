"""The proofs of unemployment benefits OCSO records for a former employee en portabilité who sent them by
e-mail or post (prévoyance only, no Espace Santé Assuré): a table keyed by the employee, counted on HR's
Accueil beside the member's démarches.

Downgrade drops the table (its stored files stay in the private storage, unnamed by any row); a plain
``DROP TABLE`` on SQLite as on PostgreSQL, no table rebuilt.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portability_proofs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("recorded_by_account_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_portability_proofs_employee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_portability_proofs_recorded_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portability_proofs")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_portability_proofs_storage_key")),
    )
    op.create_index(
        "ix_portability_proofs_employee_received", "portability_proofs", ["employee_id", "received_on"]
    )


def downgrade() -> None:
    op.drop_index("ix_portability_proofs_employee_received", table_name="portability_proofs")
    op.drop_table("portability_proofs")
