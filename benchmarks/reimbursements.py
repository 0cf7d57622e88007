"""Benchmark of Mes remboursements' server work, the décompte PDF and the card PDF, at volume.

    .venv/bin/python benchmarks/reimbursements.py [--members 100000] [--heavy-lines 5000] [--runs 200]

Builds (or reuses) a database of ``--members`` generated members (about ten care lines each: 100,000 members
give about a million lines) with the demo loader, gives Martin DUBOIS (123456) ``--heavy-lines`` more lines,
then times for him, with a new database session per run as a page event has: the filters' validation, the
first list page, both aggregates and the totals (the work of one "Rechercher"), p50 and p95 over ``--runs``;
then building one décompte PDF and the card PDF.

SQLite by default (``var/bench/reimbursements.db``, kept for the next run), PostgreSQL with
``OCSO_DATABASE_URL=postgresql+psycopg://…`` (an empty database you created). Not a test: a script to run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OCSO_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'reimbursements.db'}")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from faker import Faker  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from ocso_app.db import engine  # noqa: E402
from ocso_app.models import Beneficiary, CareLine, Member, Statement  # noqa: E402
from ocso_app.seed import has_members, load_demo_data  # noqa: E402
from ocso_app.seed.context import Context, build_pools  # noqa: E402
from ocso_app.seed.data.personas import MARTIN_NUMBER  # noqa: E402
from ocso_app.seed.rows import Ids, RowBuffer  # noqa: E402
from ocso_app.seed.writers.care import HistoryOwner, add_history  # noqa: E402
from ocso_app.services import reimbursements, statement_pdf, tiers_payant  # noqa: E402
from ocso_app.services.care_catalog import BASE_PLAN  # noqa: E402
from ocso_app.services.formats import paris_today  # noqa: E402


def migrate() -> None:
    """``alembic upgrade head`` on the benchmark database."""
    url = os.environ["OCSO_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")


def build(members: int) -> None:
    """The volume, unless the database already has members."""
    if has_members(engine()):
        print("Base déjà chargée : réutilisée.")
        return
    started = time.perf_counter()
    print(f"Chargement de {members:,} adhérents…".replace(",", " "), flush=True)
    load_demo_data(engine(), members=members, password_cost=4)
    print(f"  chargé en {time.perf_counter() - started:.0f} s", flush=True)


def settle() -> None:
    """What autovacuum does in production after a bulk load: statistics, and on PostgreSQL the visibility
    map that lets the covering index answer without reading the table."""
    if engine().dialect.name == "postgresql":
        with engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE care_lines")
            conn.exec_driver_sql("VACUUM ANALYZE statements")
    else:
        with engine().begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def heavy_member(lines: int) -> int:
    """Martin DUBOIS's id, after giving him ``lines`` more care lines (once)."""
    with Session(engine()) as session:
        member_id = session.scalar(select(Member.id).where(Member.member_number == MARTIN_NUMBER))
        if member_id is None:
            raise SystemExit("Martin DUBOIS is not in the database: load the demo data first")
        count = session.scalar(select(func.count(CareLine.id)).where(CareLine.member_id == member_id)) or 0
        people = session.execute(
            select(Beneficiary.id, Beneficiary.adhesion_date).where(Beneficiary.member_id == member_id)
        ).all()
    if count >= lines:
        return member_id
    rng = Random(5000)
    fake = Faker("fr_FR")
    fake.seed_instance(5000)
    with engine().begin() as conn:
        ctx = Context(conn, rng, Ids(conn), build_pools(fake, rng), paris_today(), datetime.now(UTC))
        buf = RowBuffer(conn)
        owner = HistoryOwner(
            member_id, "DUBOIS Martin", "VIAMEDIS", BASE_PLAN, [(p.id, p.adhesion_date) for p in people]
        )
        start = paris_today() - timedelta(days=3 * 365)
        add_history(ctx, buf, owner, start=start, end=paris_today(), line_count=lines)
        buf.flush()
        if conn.dialect.name == "postgresql":
            for model in (Statement, CareLine):
                last = select(func.max(model.id)).scalar_subquery()
                sequence = func.pg_get_serial_sequence(model.__tablename__, "id")
                conn.execute(select(func.setval(sequence, last)))
    with engine().begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return member_id


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_runs(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """Run ``work`` a few times to warm up, then ``runs`` times; its p50 and p95 in ms."""
    for _ in range(5):
        work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def page_work(member_id: int, fields: dict[str, str]) -> Callable[[], object]:
    """What one "Rechercher" does on the server: validate, list page, two aggregates, totals."""

    def work() -> object:
        with Session(engine()) as session:
            filters = reimbursements.parse_filters(
                session,
                member_id=member_id,
                start=fields.get("start", ""),
                beneficiary=fields.get("beneficiary", ""),
                category=fields.get("category", ""),
            )
            return reimbursements.reimbursements_view(session, member_id=member_id, filters=filters)

    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--heavy-lines", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--build-only", action="store_true", help="build the database, time nothing")
    args = parser.parse_args(argv)
    migrate()
    build(args.members)
    member_id = heavy_member(args.heavy_lines)
    settle()
    if args.build_only:
        return 0
    with Session(engine()) as session:
        total_lines = session.scalar(select(func.count(CareLine.id)))
        own = session.scalar(select(func.count(CareLine.id)).where(CareLine.member_id == member_id))
        newest = session.scalar(
            select(Statement.id).where(Statement.member_id == member_id).order_by(Statement.paid_on.desc())
        )
        if newest is None:
            raise SystemExit("Martin DUBOIS has no décompte")
        julie = reimbursements.beneficiary_options(session, member_id=member_id)[1].value
    counts = f"{total_lines:,} lignes de soins ; adhérent : {own:,} lignes".replace(",", " ")
    print(f"Base : {engine().dialect.name}, {counts}")
    year_ago = (paris_today() - timedelta(days=365)).isoformat()
    cases = {
        "tout": {},
        "12 derniers mois": {"start": year_ago},
        "bénéficiaire": {"beneficiary": julie},
        "pharmacie": {"category": "PHAR"},
        "bénéficiaire + pharmacie + 12 mois": {"beneficiary": julie, "category": "PHAR", "start": year_ago},
    }
    print(f"Mes remboursements (filtre + 1re page + 2 agrégats + totaux), {args.runs} exécutions :")
    for name, fields in cases.items():
        p50, p95 = time_runs(args.runs, page_work(member_id, fields))
        print(f"  {name:<36} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")

    def one_statement() -> object:
        with Session(engine()) as session:
            return statement_pdf.render_statement_pdf(session, member_id=member_id, statement_id=newest)

    def card() -> object:
        with Session(engine()) as session:
            return tiers_payant.render_member_card_pdf(session, member_id=member_id, today=paris_today())

    for name, work in (("décompte PDF", one_statement), ("carte de tiers payant PDF", card)):
        p50, p95 = time_runs(50, work)
        print(f"  {name:<36} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
