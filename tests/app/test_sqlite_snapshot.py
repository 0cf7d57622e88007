"""SQLite's snapshots: a connection goes back to the pool without a read left open on it, and a savepoint's
unit of work holds the write lock before it reads.

In WAL mode a statement not stepped to its end (a result read in part, then kept alive by a reference cycle
or a traceback) holds its connection's read snapshot, and ``rollback`` does not end it when no write opened
a transaction. Pooled again, that connection lends every later unit of work the database as it was: a login
session written since is « absent » (401), and a write fails at once with « database is locked » (SQLite's
busy-snapshot, which waits for nobody). A browser test run showed both, once, on SQLite only. The same
error met a unit of work that began its transaction with a plain ``BEGIN``, read, and wrote after another
process had written meanwhile.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from ocso_app import db


def _engine(tmp_path: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'snapshot.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("create table t (x integer)")
        connection.exec_driver_sql("insert into t values (1), (2), (3)")
    return engine


def _written_elsewhere(tmp_path: Path, value: int, *, wait: float = 5.0) -> None:
    """Another process's commit (the portal's, or the tests')."""
    other = sqlite3.connect(tmp_path / "snapshot.db", timeout=wait)
    other.execute("insert into t values (?)", (value,))
    other.commit()
    other.close()


def test_a_result_read_in_part_does_not_freeze_the_pooled_connection(tmp_path, caplog):
    counted = db.reads_left_open
    engine = _engine(tmp_path)
    try:
        with engine.connect() as connection:
            kept = connection.execute(text("select x from t"))  # alive past the unit of work, read in part
            assert kept.fetchmany(1) == [(1,)]
        _written_elsewhere(tmp_path, 4)
        with engine.connect() as connection:  # the same pooled connection
            assert connection.execute(text("select count(*) from t")).scalar() == 4
            connection.execute(text("insert into t values (5)"))  # not « database is locked »
            connection.commit()
        assert engine.pool.checkedout() == 0
        del kept
        # counted and logged with its statement, never its values; then forgotten, since it was made on
        # purpose (any other fails its test: tests/conftest.py)
        assert db.reads_left_open == counted + 1
        assert "a read left open went back to the pool, closed: select x from t" in caplog.text
        db.reads_left_open = counted
    finally:
        engine.dispose()


def test_results_still_read_within_their_unit_of_work_are_untouched(tmp_path):
    engine = _engine(tmp_path)
    try:
        with engine.connect() as connection:
            first = connection.execute(text("select x from t order by x"))
            second = connection.execute(text("select x from t order by x desc"))
            assert first.fetchmany(1) == [(1,)] and second.fetchmany(1) == [(3,)]
            assert first.fetchall() == [(2,), (3,)] and second.fetchall() == [(2,), (1,)]
    finally:
        engine.dispose()


def test_a_savepoint_holds_the_write_lock_before_it_reads(tmp_path):
    engine = _engine(tmp_path)
    try:
        with Session(engine) as session, session.begin(), db.savepoint(session):
            assert session.execute(text("select count(*) from t")).scalar() == 3
            try:  # another process writing now waits for this unit of work (here: gives up at once)
                _written_elsewhere(tmp_path, 4, wait=0)
                other_waited = False
            except sqlite3.OperationalError:
                other_waited = True
            session.execute(text("insert into t values (5)"))  # not « database is locked »
        assert other_waited
        with engine.connect() as connection:
            assert connection.execute(text("select x from t order by x")).scalars().all() == [1, 2, 3, 5]
    finally:
        engine.dispose()
