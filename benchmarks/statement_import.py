"""Benchmark of « Import des décomptes »: a file of ``--lines`` care lines (100 000 by default) previewed and
imported as the staff page does it, in the shared pool off the event loop, while a ticker on the loop
measures how late it gets to run (what every other user of the worker would feel).

    .venv/bin/python -m benchmarks.statement_import [--lines 100000] [--members 20000] [--repeat 3]

Each run imports a new file (new décompte numbers) into the same database; the script prints, per run, the
preview and import times and the loop's worst delay, then the min / median over ``--repeat`` runs.

SQLite by default (``var/bench/statement_import.db``, rebuilt at each start), PostgreSQL with
``OCSO_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_import`` (an empty database you
created: ``createdb -h 127.0.0.1 -U postgres bench_import``). Not a test: a script to run
(``make bench-import``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "statement_import.db"
os.environ.setdefault("OCSO_DATABASE_URL", f"sqlite:///{SQLITE_PATH}")

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.reimbursements import migrate  # noqa: E402
from ocso_app.db import db_session, engine  # noqa: E402
from ocso_app.models import Account, AccountKind, Beneficiary, BeneficiaryQuality, Member  # noqa: E402
from ocso_app.services import audit, csv_files, statement_csv, statement_import  # noqa: E402
from ocso_app.services.care_catalog import CARE_ACTS, money  # noqa: E402
from ocso_app.services.formats import paris_today  # noqa: E402
from ocso_app.workers import run_blocking  # noqa: E402

FIRST_NUMBER = 300_000
LINES_PER_STATEMENT = 5
TODAY = paris_today()


def build(members: int) -> int:
    """``members`` members (rank AS, and EA for one in two) and a staff account; returns the staff id."""
    with db_session() as session:
        if not session.scalar(select(func.count(Member.id))):
            print(f"Création de {members} adhérents…", flush=True)
            adhesion = date(2020, 1, 1)
            rows = [
                {
                    "member_number": f"{FIRST_NUMBER + i:06d}",
                    "civility": "M",
                    "first_name": "Jean",
                    "last_name": f"BENCH{i}",
                    "birth_date": date(1980, 1, 1),
                    "address_line": "1 rue du Banc",
                    "postal_code": "33000",
                    "city": "BORDEAUX",
                    "adhesion_date": adhesion,
                    "tiers_payant_operator": "VIAMEDIS",
                }
                for i in range(members)
            ]
            returning = insert(Member).returning(Member.id, sort_by_parameter_order=True)
            ids = session.scalars(returning, rows).all()
            session.execute(
                insert(Beneficiary),
                [
                    {
                        "member_id": member_id,
                        "rank": rank,
                        "quality": BeneficiaryQuality.MEMBER if rank == "AS" else BeneficiaryQuality.CHILD,
                        "first_name": "Jean" if rank == "AS" else "Léa",
                        "last_name": f"BENCH{i}",
                        "birth_date": date(1980, 1, 1),
                        "adhesion_date": adhesion,
                    }
                    for i, member_id in enumerate(ids)
                    for rank in (("AS", "EA") if i % 2 else ("AS",))
                ],
            )
        staff = session.scalar(select(Account.id).where(Account.kind == AccountKind.STAFF))
        if staff is None:
            account = Account(
                kind=AccountKind.STAFF, login="bench@ocso.test", email="bench@ocso.test", password_hash=None
            )
            session.add(account)
            session.flush()
            staff = account.id
        return staff


def make_file(run: int, lines: int, members: int) -> bytes:
    """``lines`` valid care lines, ``LINES_PER_STATEMENT`` per décompte, numbers new to this run."""
    rng = random.Random(run)
    out = [csv_files.SEPARATOR.join([*statement_csv.REQUIRED, *statement_csv.OPTIONAL])]
    member = 0
    for index in range(lines):
        statement = index // LINES_PER_STATEMENT
        if index % LINES_PER_STATEMENT == 0:
            member = rng.randrange(members)
        act = CARE_ACTS[rng.randrange(len(CARE_ACTS))]
        base = money(act.base[0])
        spent = base + money(rng.randrange(0, 3000)) / 100
        ss = money(base * act.ss_rate / 100)
        care = TODAY - timedelta(days=20 + statement % 200)
        paid = care + timedelta(days=6)
        values = [
            f"{FIRST_NUMBER + member:06d}",
            "EA" if member % 2 and index % 3 == 0 else "AS",
            care.strftime("%d/%m/%Y"),
            act.code,
            *(_fr(amount) for amount in (spent, base)),
            str(act.ss_rate),
            *(_fr(amount) for amount in (ss, min(spent - ss, base))),
            "assure",
            f"B{run:02d}{statement:09d}",
            paid.strftime("%d/%m/%Y"),
            "1",
            f"Dr B{index}",  # no two lines alike
        ]
        out.append(";".join(values))
    return ("\r\n".join(out) + "\r\n").encode()


def _fr(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _preview_and_import(content: bytes, staff_id: int) -> tuple[float, float, int]:
    """The staff page's two steps, in the pool as the page runs them; their times and the lines written."""
    started = time.perf_counter()
    with db_session() as session:
        analysis = statement_import.analyse(session, content=content, file_name="bench.csv", today=TODAY)
    previewed = time.perf_counter()
    assert not analysis.preview.problems, analysis.preview.problems[:3]
    actor = audit.Actor(account_id=staff_id)
    result = statement_import.import_all(db_session, analysis=analysis, actor=actor)
    return previewed - started, time.perf_counter() - previewed, result.lines


async def one_run(content: bytes, staff_id: int) -> tuple[float, float, int, float, float]:
    """(preview s, import s, lines written, p99 and worst loop delay in ms) while a 10 ms ticker runs on the
    loop, as another user's events would."""
    delays: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            delays.append(time.perf_counter() - before - 0.01)

    tick = asyncio.create_task(ticker())
    try:
        preview, written, lines = await run_blocking(_preview_and_import, content, staff_id)
    finally:
        done.set()
        await tick
    delays.sort()
    return preview, written, lines, delays[int(len(delays) * 0.99)] * 1000, delays[-1] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if os.environ["OCSO_DATABASE_URL"] == f"sqlite:///{SQLITE_PATH}":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    migrate()
    staff_id = build(args.members)
    print(f"Base : {engine().dialect.name} ; fichier de {args.lines} lignes ; {args.repeat} essais")
    totals, lags = [], []
    for run in range(1, args.repeat + 1):
        content = make_file(int(time.time()) % 100 * 10 + run, args.lines, args.members)
        preview, written, lines, p99, lag = asyncio.run(one_run(content, staff_id))
        totals.append(preview + written)
        lags.append(lag)
        print(
            f"  essai {run} : {len(content) / 1e6:.1f} Mo, aperçu {preview:.1f} s, import {written:.1f} s "
            f"({lines} lignes), total {preview + written:.1f} s ; retard de la boucle : p99 {p99:.0f} ms, "
            f"pire {lag:.0f} ms",
            flush=True,
        )
    print(
        f"Total aperçu + import : min {min(totals):.1f} s, médiane {statistics.median(totals):.1f} s ; "
        f"pire retard de la boucle : min {min(lags):.0f} ms, médiane {statistics.median(lags):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
