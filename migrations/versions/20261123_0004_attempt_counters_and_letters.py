"""One table of attempt counters for every throttled form (password and second-factor failures,
registrations, reset and identifier requests) in place of the accounts' own failure columns, and the postal
letters OCSO must print

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attempt_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_counters")),
        sa.UniqueConstraint("scope", "subject_hash", name=op.f("uq_attempt_counters_scope")),
    )
    op.create_index(
        op.f("ix_attempt_counters_last_attempt_at"), "attempt_counters", ["last_attempt_at"], unique=False
    )
    op.create_table(
        "postal_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=80), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_postal_letters_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postal_letters")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_postal_letters_storage_key")),
    )
    op.create_index(op.f("ix_postal_letters_member_id"), "postal_letters", ["member_id"], unique=False)
    op.create_index(
        "ix_postal_letters_printed_created", "postal_letters", ["printed_at", "created_at"], unique=False
    )
    # Failures in progress are forgotten (at worst an attacker gets a fresh count once); locks are kept.
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("failed_login_count")
        batch.drop_column("last_failed_login_at")


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("last_failed_login_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("failed_login_count", sa.Integer(), nullable=False, server_default="0"))
    op.drop_index("ix_postal_letters_printed_created", table_name="postal_letters")
    op.drop_index(op.f("ix_postal_letters_member_id"), table_name="postal_letters")
    op.drop_table("postal_letters")
    op.drop_index(op.f("ix_attempt_counters_last_attempt_at"), table_name="attempt_counters")
    op.drop_table("attempt_counters")
