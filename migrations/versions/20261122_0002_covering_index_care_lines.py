"""A covering index for the Mes remboursements aggregates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 23:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERED = [
    "member_id",
    "care_date",
    "beneficiary_id",
    "care_category",
    "statement_id",
    "amount_spent",
    "ss_reimbursed",
    "complementary_reimbursed",
    "remaining_charge",
]


def upgrade() -> None:
    op.create_index("ix_care_lines_member_date_cover", "care_lines", COVERED)
    op.drop_index("ix_care_lines_member_date", table_name="care_lines")


def downgrade() -> None:
    op.create_index("ix_care_lines_member_date", "care_lines", ["member_id", "care_date"])
    op.drop_index("ix_care_lines_member_date_cover", table_name="care_lines")
