"""OCSO staff roles become the services of the Espace OCSO (prestations, entreprises, administrateur), and
the démarches get the index of the staff's work queue (status, then oldest first)

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# old role → new role; the old "gestionnaire" and "consultation" handled members' files
UPGRADE = {"admin": "administrateur", "gestionnaire": "prestations", "consultation": "prestations"}
DOWNGRADE = {"administrateur": "admin", "prestations": "gestionnaire", "entreprises": "gestionnaire"}

_accounts = sa.table("accounts", sa.column("staff_role", sa.String))


def _rename(mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        op.execute(_accounts.update().where(_accounts.c.staff_role == old).values(staff_role=new))


QUEUE_INDEX = "ix_requests_status_created"


def upgrade() -> None:
    _rename(UPGRADE)
    op.create_index(QUEUE_INDEX, "requests", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index(QUEUE_INDEX, table_name="requests")
    _rename(DOWNGRADE)
