"""Démarches go both ways: the sender replies on an open démarche OCSO answered, with files. A reply is a
message with its replay key, its files point to it, and the démarche remembers that a reply waits for OCSO
(the work queue's « Réponse reçue »).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FK = "fk_request_attachments_message_id_request_messages"
KEY_INDEX = "ix_request_messages_reply_key"


def upgrade() -> None:
    op.add_column("requests", sa.Column("sender_replied_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("request_messages", sa.Column("reply_key", sa.String(64), nullable=True))
    op.create_index(KEY_INDEX, "request_messages", ["reply_key"], unique=True)
    if op.get_bind().dialect.name == "sqlite":
        # In place, with its reference: the batch mode would copy and drop request_attachments (as 0016).
        op.execute(
            "ALTER TABLE request_attachments ADD COLUMN message_id INTEGER REFERENCES request_messages (id)"
        )
        return
    op.add_column("request_attachments", sa.Column("message_id", sa.Integer(), nullable=True))
    op.create_foreign_key(FK, "request_attachments", "request_messages", ["message_id"], ["id"])


def downgrade() -> None:
    op.drop_index(KEY_INDEX, table_name="request_messages")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column used by a reference without a rebuild: the columns stay, unused by 0016.
        return
    op.drop_constraint(FK, "request_attachments", type_="foreignkey")
    op.drop_column("request_attachments", "message_id")
    op.drop_column("request_messages", "reply_key")
    op.drop_column("requests", "sender_replied_at")
