"""OCSO staff no longer trust browsers (they pass the authenticator app at every login, so a trusted-device
row of theirs was never read, and the verification route has stopped writing one): the rows written for
staff accounts before that change are deleted, rather than left to the housekeeping's expiry (up to 180
days), since each is a credential lying in the table for nothing. Employers' rows stay.

The statement is plain SQL over two tables (``accounts.kind`` is stored as its string value, no native
enum), the same on SQLite and PostgreSQL.

Downgrade: nothing to restore. A deleted row held only the hash of its cookie's token, and the code of 0022
would not read a staff row either; the downgrade changes nothing.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM trusted_devices WHERE account_id IN (SELECT id FROM accounts WHERE kind = 'staff')"
    )


def downgrade() -> None:
    pass  # nothing to restore: see the module's docstring
