"""How the seed tests load demo data: a fresh migrated SQLite database in its own var folder, the settings
pointed at it, the command line run with its output captured, and what a load drew for the company's staff
(to compare two loads)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app import config, db
from ocso_app.models import ContractDocument, ContributionStatement, DailyAllowance, Employee
from ocso_app.seed.__main__ import main
from tests.support.schema import migrate

GENERATED_MEMBERS = 20
COMPANY_SIZE = 500  # BOULANGERIES DU LITTORAL's generated staff in the shared load (3,000 by default)


@dataclass(frozen=True)
class Seeded:
    """A database loaded once by the command line, with what the command printed."""

    url: str
    var_dir: Path
    output: str


def point_settings(monkeypatch: pytest.MonkeyPatch, url: str, var_dir: Path) -> None:
    """Make the app's settings, engine and sessions use ``url`` and ``var_dir``."""
    monkeypatch.setenv("OCSO_DATABASE_URL", url)
    monkeypatch.setenv("OCSO_VAR_DIR", str(var_dir))
    for cached in (config.settings, db.engine, db._session_factory):
        cached.cache_clear()


def fresh_database(var_dir: Path) -> str:
    """A migrated SQLite database in ``var_dir``."""
    var_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{var_dir / 'ocso.db'}"
    migrate(url)
    return url


def run_seed(*argv: str) -> tuple[int, str]:
    """``python -m ocso_app.seed`` with ``argv``: exit status and everything printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            status = main(list(argv))
        except SystemExit as exit_:  # argparse refusing an argument
            status = int(exit_.code or 0)
    return status, out.getvalue()


def staff_snapshot(s: Session) -> list[tuple]:
    """What a load drew for the company's staff: people, dates, amounts, bordereaux and documents."""
    staff = s.execute(
        select(
            Employee.first_name,
            Employee.last_name,
            Employee.status,
            Employee.personnel_category,
            Employee.hired_on,
            Employee.radiated_on,
        ).order_by(Employee.id)
    ).all()
    allowances = s.execute(select(DailyAllowance.statement_number, DailyAllowance.net_amount)).all()
    dues = s.execute(select(ContributionStatement.reference, ContributionStatement.amount_due)).all()
    documents = s.scalars(select(ContractDocument.title).order_by(ContractDocument.id)).all()
    return [*map(tuple, staff), *map(tuple, allowances), *map(tuple, dues), tuple(documents)]
