"""Shared fixtures: a fresh migrated database (SQLite, or PostgreSQL when OCSO_TEST_DATABASE_URL is set),
a rolled-back session per test, and the one SMTP server of the run.

Two kinds of rows live in the run's database. Service tests use ``db``, whose work is rolled back. Tests whose
code opens its own session (HTTP routes, the command line, the browser tests) commit through
``ocso_app.db.db_session()``; those rows stay until the database is dropped, next to the demo data the browser
tests load. So every test builds its own rows with ``tests.builders`` (unique numbers and addresses), looks
them up by their ids, and never counts rows it did not create.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.support.held_mail import HeldMail
from tests.support.mailbox import Mailbox, start_mailbox

# The suite logs in and registers hundreds of times: bcrypt at its lowest cost, for this process and the
# portal the browser tests start (production keeps ``passwords.BCRYPT_COST``; ``test_login`` checks it).
os.environ.setdefault("OCSO_BCRYPT_COST", "4")
from tests.support.schema import migrate


def _fresh_postgres(server_url: str) -> tuple[str, Callable[[], None]]:
    """A new empty database on the server of ``server_url``, and how to drop it."""
    name = f"ocso_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The private data folder of the test run (secrets, storage, outbox)."""
    return tmp_path_factory.mktemp("var")


def fresh_database(var_dir: Path, label: str) -> tuple[str, Callable[[], None]]:
    """A new database migrated by ``alembic upgrade head`` (SQLite in ``var_dir``, or a new PostgreSQL
    database when ``OCSO_TEST_DATABASE_URL`` is set), and how to drop it."""
    server_url = os.environ.get("OCSO_TEST_DATABASE_URL")
    if server_url:
        url, drop = _fresh_postgres(server_url)
    else:
        url, drop = f"sqlite:///{var_dir / f'{label}.db'}", (lambda: None)
    migrate(url)
    return url, drop


@pytest.fixture(scope="session")
def database_url(var_dir: Path) -> Iterator[str]:
    """The database of the service, route and state tests (the browser tests have their own)."""
    url, drop = fresh_database(var_dir, "test")
    yield url
    drop()


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """The run's SMTP server on loopback: every e-mail the app sends, in tests or from the live portal of the
    browser tests, lands in ``mailbox.messages``. Read a test's mail by its recipient (``wait_for``)."""
    box = start_mailbox()
    yield box
    box.stop()


@pytest.fixture
def held_mail(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldMail]:
    """Every message the app sends in this test waits until ``held_mail.release()`` (see HeldMail)."""
    from ocso_app.services import mail

    held = HeldMail(mail.send_mail)
    monkeypatch.setattr(mail, "send_mail", held.send)
    yield held
    held.release()


@pytest.fixture(autouse=True)
def no_read_left_open() -> Iterator[None]:
    """A test fails if its code (a service, a route, a page event run in this process) let a SQLite
    connection go back to the pool with a read left open: the pool ends it (``db._close_cursors``), but it
    is a defect of that code, and it froze the connection's snapshot before the pool did so. Nor may it send a
    write while a read of the same connection is not read to its end (``tests/support/sqlite_reads.py``)."""
    from ocso_app import db
    from tests.support import sqlite_reads

    db.sqlite_cursor_class = sqlite_reads.CheckedCursor
    before, hazards = db.reads_left_open, len(sqlite_reads.writes_over_open_reads)
    yield
    left = db.reads_left_open - before
    assert not left, f"{left} read(s) left open went back to the pool: the log names their statements"
    met = sqlite_reads.writes_over_open_reads[hazards:]
    assert not met, f"a write was sent while a read of its connection was not read to its end: {met}"


@pytest.fixture(autouse=True)
def app_settings(
    monkeypatch: pytest.MonkeyPatch, database_url: str, var_dir: Path, mailbox: Mailbox
) -> Iterator[None]:
    """Point ``ocso_app.config.settings()`` at the test database, folder and SMTP server for each test."""
    from ocso_app import config, db
    from ocso_app.services import mail

    monkeypatch.setenv("OCSO_DATABASE_URL", database_url)
    monkeypatch.setenv("OCSO_VAR_DIR", str(var_dir))
    monkeypatch.setenv("OCSO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OCSO_SMTP_PORT", str(mailbox.port))
    # One engine per database for the run: a test whose database is the last test's keeps its engine (making
    # one per test left hundreds of pools open on the same SQLite file); another database's is disposed.
    if db.engine.cache_info().currsize and str(db.engine().url) != str(make_url(database_url)):
        db.engine().dispose()
        for cached in (db.engine, db._for_reading):
            cached.cache_clear()
    for cached in (config.settings, db._session_factory):
        cached.cache_clear()
    yield
    # What the test's commits handed over leaves under its settings: a sender thread still at work once the
    # environment is restored would read (and cache, for the next test) the default ones.
    mail.SENDER.wait_idle(timeout=20)
    for cached in (config.settings, db._session_factory):
        cached.cache_clear()


@pytest.fixture(scope="session")
def test_engine(database_url: str):
    """An engine on the test database, shared by the run."""
    from ocso_app.db import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(test_engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, so tests share no rows."""
    with test_engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()
