"""Mes informations: the address an e-mail change's link confirms, each beneficiary's télétransmission
(NOEMIE) status, and the member's opt-in e-mail on a new payment

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("one_time_secrets") as batch:
        batch.add_column(sa.Column("new_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("beneficiaries") as batch:
        batch.add_column(
            sa.Column("teletransmission", sa.String(length=40), server_default="active", nullable=False)
        )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("payment_email", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("payment_email")
    with op.batch_alter_table("beneficiaries") as batch:
        batch.drop_column("teletransmission")
    with op.batch_alter_table("one_time_secrets") as batch:
        batch.drop_column("new_email")
