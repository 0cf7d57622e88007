"""The database engine and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, Executable, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from ocso_app.config import create_private_file, settings
from ocso_app.services.errors import CountedRefusal

log = logging.getLogger(__name__)


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class SQLiteCursor(sqlite3.Cursor):
    """pysqlite's cursor, remembering its statement (placeholders, never values) to name a read left open."""

    statement = ""

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.statement = sql
        return super().execute(sql, parameters)


# The cursors SQLite connections open (the tests use a stricter one: tests/support/sqlite_reads.py).
sqlite_cursor_class: type[sqlite3.Cursor] = SQLiteCursor


class _SQLiteConnection(sqlite3.Connection):
    """pysqlite's connection, knowing the cursors it opened (weakly: most are gone when it goes back to the
    pool), so that the pool can end every read left open on it (``_close_cursors``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursors: weakref.WeakSet[sqlite3.Cursor] = weakref.WeakSet()

    def cursor(self, factory: Any = None) -> Any:
        cursor = super().cursor(factory or sqlite_cursor_class)
        self.cursors.add(cursor)
        return cursor


# How many reads the pool found left open (a result not read to its end, kept alive): each is a defect of the
# code that left it, logged with its statement; the tests fail on any (tests/conftest.py).
reads_left_open = 0


def _left_open(cursor: sqlite3.Cursor) -> bool:
    """Whether ``cursor``'s statement still had a row to give (closed cursors and finished ones had not)."""
    try:
        return cursor.fetchone() is not None
    except sqlite3.Error:  # closed (what SQLAlchemy does once a result is read), or its statement failed
        return False


def _close_cursors(dbapi_connection: Any, _record: Any) -> None:
    """A connection back in the pool ends every read left open on it. In WAL mode a statement not stepped to
    its end (a result read in part and kept alive, by a traceback or a reference cycle) holds the
    connection's read snapshot, which ``rollback`` does not end when no write opened a transaction: pooled
    again, it lent later units of work the database as it was (a login session written since was absent)
    and their first write failed at once with « database is locked » (tests/app/test_sqlite_snapshot.py)."""
    global reads_left_open
    if not isinstance(dbapi_connection, _SQLiteConnection):
        return
    for cursor in list(dbapi_connection.cursors):
        if _left_open(cursor):
            reads_left_open += 1
            statement = getattr(cursor, "statement", "")
            log.warning("a read left open went back to the pool, closed: %s", statement)
        cursor.close()
    dbapi_connection.cursors.clear()


def _private_database_files(path: Path) -> None:
    """The database file owner-only before SQLite opens it (its journals then take its mode); files left
    readable by an older version are tightened."""
    create_private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(0o600)


# A pooled PostgreSQL connection back in the pool for this long is pinged before it is lent again: one the
# server closed meanwhile (a restart, an idle timeout) is replaced, with every older one, instead of failing
# a page. One lent again sooner is not: under load every event borrows two or three connections within
# milliseconds, and a ping at each (SQLAlchemy's ``pool_pre_ping``) cost 7 % of a page's CPU and as many
# round trips. Should the server go away under load, a statement on a connection lent meanwhile fails once
# and SQLAlchemy renews the whole pool (tests/app/test_database_pool.py).
IDLE_PING_SECONDS = 10.0
_RETURNED_AT = "ocso_returned_at"


def _note_return(_dbapi_connection: Any, record: Any) -> None:
    record.info[_RETURNED_AT] = time.monotonic()


def _ping_if_idle(engine: Engine) -> Any:
    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return  # just opened, or lent again soon after its last use
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.InvalidatePoolError("connection closed by the server while idle") from error

    return checkout


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL and enforced foreign keys, and are owner-only. A failed
    statement's error names the statement, never the values it carried (``hide_parameters``): its traceback
    goes to the log, and those values are a démarche's message, a name, an address, an act of care."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            _private_database_files(Path(database))
        engine = create_engine(
            url, hide_parameters=True, connect_args={"check_same_thread": False, "factory": _SQLiteConnection}
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "checkin", _close_cursors)
        return engine
    engine = create_engine(url, hide_parameters=True, pool_size=10, max_overflow=10)
    event.listen(engine, "checkin", _note_return)
    event.listen(engine, "checkout", _ping_if_idle(engine))
    return engine


@functools.cache
def engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(settings().database_url)


@functools.cache
def _session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=engine(), expire_on_commit=False)


@contextmanager
def db_session() -> Iterator[Session]:
    """One unit of work: commits when the block ends normally, rolls back on an exception, except a
    ``CountedRefusal``, raised after the attempt it refuses was counted: committed, then raised."""
    session = _session_factory()()
    refusal: CountedRefusal | None = None
    try:
        with session.begin():
            try:
                yield session
            except CountedRefusal as counted:
                refusal = counted
        if refusal is not None:
            raise refusal
    finally:
        session.close()


@contextmanager
def savepoint(session: Session) -> Iterator[SessionTransaction]:
    """``session.begin_nested()`` inside the unit of work's transaction. pysqlite (its legacy transaction
    control) opens SQLite's transaction only before a write: a SAVEPOINT coming before any write opened it
    itself, and its RELEASE then committed it, so that a failure later in the unit of work left the
    savepoint's rows written (a contract without its options nor its audit row). On SQLite the transaction is
    therefore begun first, when pysqlite has not yet, holding the write lock at once (``IMMEDIATE``): a plain
    ``BEGIN`` read a snapshot, and the first write failed at once with « database is locked » when another
    process had written since, where it now waits its turn (tests/app/test_sqlite_snapshot.py)."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "sqlite" and driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    with session.begin_nested() as nested:
        yield nested


@functools.lru_cache(maxsize=4)
def _for_reading(database: Engine) -> Engine:
    """PostgreSQL: each statement commits on its own, sparing a BEGIN and a COMMIT round trip around one
    query (≈ 0.12 ms of CPU, and the event loop blocked for less). SQLite has no round trip to spare and
    switching its isolation level costs more than it saves (≈ 100 instead of 50 µs): left as it is."""
    if database.dialect.name == "sqlite":
        return database
    return database.execution_options(isolation_level="AUTOCOMMIT")


Reader = Session | Connection
"""What ``read`` reads on: an ORM session, or a bare connection from ``reading`` (the services that only read
columns, and write at most an audit row, take either)."""


@contextmanager
def reading() -> Iterator[Connection]:
    """A connection for the small reads of every event (the guard, the header's badge) with ``read``: cheaper
    than an ORM session (≈ 50 instead of 250 µs on SQLite). Not for work that must be all or nothing; a
    write on it must be committed (``connection.commit()``, a no-op on PostgreSQL, where it is already)."""
    with _for_reading(engine()).connect() as connection:
        yield connection


def read(
    session: Reader, statement: Executable, parameters: Mapping[str, Any] | None = None
) -> CursorResult[*tuple[Any, ...]]:
    """A query of plain columns (no ORM object) on ``session``'s connection, without the ORM's result
    machinery: half the cost of ``session.execute`` (≈ 90 instead of 200 µs), for the queries every page
    opening runs. What the session holds unwritten is flushed first, as ``session.execute`` would. A bare
    ``Connection`` (the guard's, see ``sessions.resolve_caller``) is read as it is."""
    if isinstance(session, Connection):
        return session.execute(statement, parameters)
    session.flush()
    return session.connection().execute(statement, parameters)
