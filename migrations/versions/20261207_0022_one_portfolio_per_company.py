"""A company is in one introducer's portfolio only, held by the database: the index on
``portfolio_entries.company_id`` becomes unique, so that two administrators adding the same company at the
same instant cannot both succeed (``introducer_admin.add_company`` checked it in code only). An index, not a
table constraint: on SQLite it is dropped and created in place, without the batch mode's copy of the table.

A database where a company is already in two portfolios (before the check in code, a client number typed
for the wrong introducer did that) is refused with the list of those companies and their introducers, and
nothing is changed: which introducer keeps the client, and its commission, is the administrator's decision,
not the migration's. Take the company out of the wrong portfolio (Espace OCSO, Apporteurs d'affaires), then
run the migration again. The demo data puts every company in one portfolio at most.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_portfolio_entries_company_id"
TABLE = "portfolio_entries"
SHARED = sa.text(
    "SELECT c.client_number, c.name, i.name, i.identifier FROM portfolio_entries p "
    "JOIN companies c ON c.id = p.company_id JOIN business_introducers i ON i.id = p.introducer_id "
    "WHERE p.company_id IN (SELECT company_id FROM portfolio_entries GROUP BY company_id HAVING count(*) > 1) "
    "ORDER BY c.client_number, p.since, p.id"
)


def upgrade() -> None:
    shared = op.get_bind().execute(SHARED).all()
    if shared:
        held = "; ".join(
            f"{company} ({number}) chez {introducer} ({identifier})"
            for number, company, introducer, identifier in shared
        )
        raise RuntimeError(
            "Migration 0022 arrêtée, rien n'a été modifié : une entreprise ne peut être que dans un seul "
            f"portefeuille d'apporteur, et ces entreprises sont dans plusieurs : {held}. Retirez chacune des "
            "portefeuilles où elle ne doit pas être (Espace OCSO, Apporteurs d'affaires), puis relancez la "
            "migration."
        )
    op.drop_index(INDEX, table_name=TABLE)
    op.create_index(INDEX, TABLE, ["company_id"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.create_index(INDEX, TABLE, ["company_id"], unique=False)
