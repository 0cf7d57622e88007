"""What each radiation changed (its memory), so that HR can cancel a radiation recorded by mistake exactly:
two new tables, nothing rebuilt (the referenced tables are only referenced).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

STATUSES = ("en_cours_affiliation", "a_relancer", "affilie", "dispense", "radie", "portabilite")
ONE_ROW = (  # exactly one of the three rows it may point at
    "CASE WHEN employee_contract_id IS NULL THEN 0 ELSE 1 END + CASE WHEN beneficiary_id IS NULL THEN 0 "
    "ELSE 1 END + CASE WHEN dispense_request_id IS NULL THEN 0 ELSE 1 END = 1"
)
revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "radiation_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("status_change_id", sa.Integer(), nullable=False),
        sa.Column(
            "previous_status",
            sa.Enum(*STATUSES, name="affiliationstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("previous_radiated_on", sa.Date(), nullable=True),
        sa.Column("previous_radiation_reason", sa.String(length=80), nullable=True),
        sa.Column("previous_portability_end_on", sa.Date(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("previous_member_radiation_date", sa.Date(), nullable=True),
        sa.Column("member_radiation_date", sa.Date(), nullable=True),
        sa.Column("employee_told", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_change_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_radiation_records_employee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["status_change_id"],
            ["employee_status_changes.id"],
            name=op.f("fk_radiation_records_status_change_id_employee_status_changes"),
        ),
        sa.ForeignKeyConstraint(
            ["cancellation_change_id"],
            ["employee_status_changes.id"],
            name=op.f("fk_radiation_records_cancellation_change_id_employee_status_changes"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_radiation_records_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_radiation_records")),
        sa.UniqueConstraint("status_change_id", name=op.f("uq_radiation_records_status_change_id")),
    )
    op.create_index(op.f("ix_radiation_records_employee_id"), "radiation_records", ["employee_id"])
    op.create_table(
        "radiation_closed_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("radiation_id", sa.Integer(), nullable=False),
        sa.Column("employee_contract_id", sa.Integer(), nullable=True),
        sa.Column("beneficiary_id", sa.Integer(), nullable=True),
        sa.Column("dispense_request_id", sa.Integer(), nullable=True),
        sa.Column("previous_end_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint(ONE_ROW, name=op.f("ck_radiation_closed_rows_one_row")),
        sa.ForeignKeyConstraint(
            ["radiation_id"],
            ["radiation_records.id"],
            name=op.f("fk_radiation_closed_rows_radiation_id_radiation_records"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_contract_id"],
            ["employee_contracts.id"],
            name=op.f("fk_radiation_closed_rows_employee_contract_id_employee_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiaries.id"],
            name=op.f("fk_radiation_closed_rows_beneficiary_id_beneficiaries"),
        ),
        sa.ForeignKeyConstraint(
            ["dispense_request_id"],
            ["dispense_requests.id"],
            name=op.f("fk_radiation_closed_rows_dispense_request_id_dispense_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_radiation_closed_rows")),
    )
    op.create_index(op.f("ix_radiation_closed_rows_radiation_id"), "radiation_closed_rows", ["radiation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_radiation_closed_rows_radiation_id"), table_name="radiation_closed_rows")
    op.drop_table("radiation_closed_rows")
    op.drop_index(op.f("ix_radiation_records_employee_id"), table_name="radiation_records")
    op.drop_table("radiation_records")
