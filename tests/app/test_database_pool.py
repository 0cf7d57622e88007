"""PostgreSQL's pool: a connection the server closed while it sat idle in the pool is replaced before it is
lent, so no page fails for it; a connection lent again soon after its last use is not pinged (the cost of a
ping at every event), and one the server closed in that moment fails one statement, after which the pool is
renewed."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, exc
from sqlalchemy.pool import NullPool

from ocso_app import db


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("the pool's liveness check is PostgreSQL's (SQLite opens a file)")
    return database_url


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("select pg_backend_pid()").scalar()


def _terminate(url: str, pid: int) -> None:
    """What a restart of the server does to one pooled connection."""
    killer = create_engine(url, poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.exec_driver_sql(f"select pg_terminate_backend({pid})").scalar()
    killer.dispose()


def test_a_connection_closed_while_idle_in_the_pool_is_replaced_before_it_is_lent(postgres_url, monkeypatch):
    engine = db.make_engine(postgres_url)
    try:
        closed = _backend(engine)
        _terminate(postgres_url, closed)
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # as if it had waited in the pool a while
        with engine.connect() as connection:
            assert connection.exec_driver_sql("select 1").scalar() == 1
        assert _backend(engine) != closed
    finally:
        engine.dispose()


def test_a_connection_lent_again_soon_is_not_pinged_and_the_pool_recovers_after_one_failure(postgres_url):
    engine = db.make_engine(postgres_url)
    try:
        closed = _backend(engine)
        _terminate(postgres_url, closed)
        with pytest.raises(exc.DBAPIError) as failed, engine.connect() as connection:
            connection.exec_driver_sql("select 1")
        assert failed.value.connection_invalidated  # no ping: the statement met the closed connection
        with engine.connect() as connection:
            assert connection.exec_driver_sql("select 1").scalar() == 1
    finally:
        engine.dispose()
