"""Benchmark of an affiliation en masse: reading and checking a file of ``--rows`` employees (the preview),
then importing them (one transaction), as the page runs them: in the bounded pool, off the event loop,
while a ticker on the loop measures how late it answers (what the other users of the worker would wait).

    .venv/bin/python -m benchmarks.mass_affiliation [--rows 10000] [--invitations]

A fresh SQLite database (``var/bench/mass.db``) by default, PostgreSQL with ``OCSO_DATABASE_URL=…`` (an
empty database you created). ``--invitations`` also times inviting everybody (e-mails written to the
outbox, no SMTP). Not a test: a script to run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = ROOT / "var" / "bench" / "mass.db"
os.environ.setdefault("OCSO_DATABASE_URL", f"sqlite:///{DATABASE}")
os.environ.pop("OCSO_SMTP_HOST", None)

from benchmarks.reimbursements import migrate  # noqa: E402
from ocso_app.db import db_session  # noqa: E402
from ocso_app.services import audit, mass_affiliation  # noqa: E402
from ocso_app.services import mass_affiliation_file as reading  # noqa: E402
from ocso_app.services.employee_status import StatusAuthor  # noqa: E402
from ocso_app.services.formats import paris_today  # noqa: E402
from ocso_app.services.mass_affiliation import Choices  # noqa: E402
from ocso_app.workers import run_blocking  # noqa: E402
from tests.builders import make_employer  # noqa: E402
from tests.builders.import_files import csv_file, employee_row  # noqa: E402
from tests.builders.roster import make_plans  # noqa: E402

T = TypeVar("T")
TICK = 0.01


async def _measured(work: Callable[[], T]) -> tuple[T, float, list[float]]:
    """``work`` in the pool; its wall time, and how late each 10 ms tick of the loop was meanwhile."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            planned = time.perf_counter() + TICK
            await asyncio.sleep(TICK)
            lags.append(max(0.0, time.perf_counter() - planned))

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    result = await run_blocking(work)
    elapsed = time.perf_counter() - started
    done.set()
    await task
    return result, elapsed, lags


def _lag(lags: list[float]) -> str:
    if not lags:
        return "—"
    ordered = sorted(lags)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"boucle en retard de {statistics.median(lags) * 1000:.1f} ms (médiane), {p99 * 1000:.1f} ms (p99)"


async def main(rows: int, invitations: bool) -> None:
    if os.environ["OCSO_DATABASE_URL"] == f"sqlite:///{DATABASE}":
        DATABASE.unlink(missing_ok=True)
    migrate()
    with db_session() as session:
        plans = make_plans(session)
        structure_id = plans.company.id
        account_id = make_employer(session, principal_of=(plans.company,)).id
        contracts = f"{plans.health.number}, {plans.provident.number}"
    content = csv_file([employee_row(n, contracts=contracts) for n in range(rows)])
    print(f"Fichier : {rows} lignes, {len(content) / 1e6:.2f} Mo")
    actor = audit.Actor(account_id=account_id)
    today = paris_today()

    def check() -> mass_affiliation.Preview:
        table = reading.read_file(content)
        with db_session() as session:
            return mass_affiliation.preview(
                session,
                structure_ids=[structure_id],
                choices=Choices(structure_id, "rh@example.org"),
                table=table,
                file_name="bench.csv",
                today=today,
            )

    preview, checked, lags = await _measured(check)
    print(f"Lecture et contrôle : {checked:.2f} s ({preview.valid_count} valides) ; {_lag(lags)}")

    def register() -> mass_affiliation.Imported:
        with db_session() as session:
            return mass_affiliation.import_rows(
                session,
                structure_ids=[structure_id],
                previewed=mass_affiliation.Preview(
                    preview.choices,
                    preview.file_name,
                    preview.rows,
                    tuple(mass_affiliation.unseal(mass_affiliation.seal(preview.valid))),
                ),
                actor=actor,
                by=StatusAuthor(account_id, "Bench (RH)"),
                now=datetime.now(UTC),
            )

    imported, elapsed, lags = await _measured(register)
    print(f"Import (une transaction) : {elapsed:.2f} s ({imported.imported} importés) ; {_lag(lags)}")
    print(f"Total : {checked + elapsed:.2f} s")
    if invitations:

        def invite_all() -> int:
            batches = 0
            while True:
                with db_session() as session:
                    reached = mass_affiliation.invite_next(
                        session,
                        import_id=imported.import_id,
                        structure_ids=[structure_id],
                        now=datetime.now(UTC),
                    )
                batches += 1
                if reached is None or reached.finished:
                    return batches

        batches, elapsed, lags = await _measured(invite_all)
        print(f"Invitations : {elapsed:.2f} s en {batches} lots ; {_lag(lags)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--invitations", action="store_true")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rows, arguments.invitations))
