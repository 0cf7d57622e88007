"""Benchmark: build a fresh database at scale with the demo loader and report the time and row counts.

    python -m benchmarks.seed_scale [--members 100000] [--database-url URL]

Without ``--database-url`` a fresh SQLite file is made in a temporary folder; with a PostgreSQL server URL
a new database is created on that server, loaded, measured and dropped. Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from ocso_app.db import make_engine
from ocso_app.models import CareLine, Member, Statement
from ocso_app.seed import load_demo_data

ROOT = Path(__file__).resolve().parent.parent


def _fresh_database(server_url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    if not server_url:
        return f"sqlite:///{folder / 'bench.db'}", lambda: None
    name = f"ocso_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, drop = _fresh_database(args.database_url, Path(folder))
        try:
            cfg = Config(str(ROOT / "alembic.ini"))
            cfg.set_main_option("sqlalchemy.url", url)
            command.upgrade(cfg, "head")
            engine = make_engine(url)
            started = time.perf_counter()
            load_demo_data(engine, members=args.members, password_cost=4)
            elapsed = time.perf_counter() - started
            with engine.connect() as conn:
                counts = {
                    m.__tablename__: conn.scalar(select(func.count()).select_from(m))
                    for m in (Member, Statement, CareLine)
                }
            engine.dispose()
        finally:
            drop()
    print(f"{engine.dialect.name}: {args.members} generated members loaded in {elapsed:.1f} s")
    for table, count in counts.items():
        print(f"  {table:12} {count:>10,}".replace(",", " "))


if __name__ == "__main__":
    main()
