"""Reflex's Redis lock of a tab is given back when the event that took it is cancelled before it could use it
(``ocso_app.state_locks``): otherwise the tab's every later event waits for the key to expire (10 s). Against
a real Redis, in a database of its own (the suite's portal uses database 0)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from reflex.istate.manager.redis import StateManagerRedis

import ocso_app.ocso_app  # noqa: F401  (the portal installs the wrapper)
from ocso_app import state_locks

REDIS_URL = "redis://127.0.0.1:6379/14"


def _run(test: Callable[[StateManagerRedis, Redis], Awaitable[None]]) -> None:
    async def main() -> None:
        redis = Redis.from_url(REDIS_URL)
        try:
            await redis.ping()
        except (RedisConnectionError, OSError):
            if os.environ.get("CI") == "true":
                raise
            pytest.skip("no Redis on 127.0.0.1:6379 (CI always has one)")
        manager = StateManagerRedis(redis=redis)
        try:
            await test(manager, redis)
        finally:
            await manager.close()

    asyncio.run(main())


def _ids() -> tuple[bytes, bytes]:
    return f"{uuid.uuid4()}_lock".encode(), uuid.uuid4().hex.encode()


def test_the_wrapper_is_installed_on_reflexs_state_manager():
    assert getattr(StateManagerRedis._wait_lock, state_locks.GIVES_BACK, False)


def test_a_lock_redis_gave_to_an_event_cancelled_meanwhile_is_given_back():
    """The tab's page changed while its hydrate waited for the lock (Reflex cancels a disconnected tab's
    hydration): Redis set the key, but the event was cancelled before it saw the reply."""

    async def test(manager: StateManagerRedis, redis: Redis) -> None:
        key, lock_id = _ids()
        took = manager._try_get_lock

        async def taken_then_cancelled(lock_key: bytes, wanted: bytes) -> bool | None:
            assert await took(lock_key, wanted)
            raise asyncio.CancelledError

        manager._try_get_lock = taken_then_cancelled  # type: ignore[method-assign]
        with pytest.raises(asyncio.CancelledError):
            await manager._wait_lock(key, lock_id)
        assert await redis.get(key) is None  # no longer the tab's for 10 s
        del manager._try_get_lock
        other = uuid.uuid4().hex.encode()
        await asyncio.wait_for(manager._wait_lock(key, other), timeout=1)  # the next event takes it at once
        assert await redis.get(key) == other
        await redis.delete(key)

    _run(test)


def test_an_event_cancelled_while_another_holds_the_lock_leaves_it_to_its_holder():
    async def test(manager: StateManagerRedis, redis: Redis) -> None:
        key, holder = _ids()
        await redis.set(key, holder, px=manager.lock_expiration)
        waiting = asyncio.create_task(manager._wait_lock(key, uuid.uuid4().hex.encode()))
        await asyncio.sleep(0.2)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert await redis.get(key) == holder
        await redis.delete(key)

    _run(test)


def test_redis_gone_when_giving_back_leaves_the_cancellation_as_it_was(caplog: pytest.LogCaptureFixture):
    """Redis unreachable at that moment: the event ends cancelled all the same (the key, if any, expires as
    before); a warning says so, naming no token."""

    async def test(manager: StateManagerRedis, redis: Redis) -> None:
        key, lock_id = _ids()

        async def cancelled(lock_key: bytes, wanted: bytes) -> bool | None:
            raise asyncio.CancelledError

        async def unreachable(*args: object, **kwargs: object) -> object:
            raise RedisConnectionError("Redis gone")

        manager._try_get_lock = cancelled  # type: ignore[method-assign]
        manager.redis.eval = unreachable  # type: ignore[method-assign]
        with pytest.raises(asyncio.CancelledError):
            await manager._wait_lock(key, lock_id)
        del manager.redis.eval

    _run(test)
    assert "could not be given back" in caplog.text
