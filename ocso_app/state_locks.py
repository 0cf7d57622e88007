"""Reflex's Redis lock of a tab, given back when the event waiting for it is cancelled as Redis grants it.

With the state in Redis (several workers), an event takes its tab's lock in ``StateManagerRedis._lock``:
``_wait_lock`` sets the key in Redis (SET NX), leaves the set of contenders (SREM), and only then does
``_lock`` enter the ``try`` whose ``finally`` deletes the key. Reflex 0.10.1 cancels a tab's hydration when
the tab disconnects, which a navigation does: the previous page's socket closes while its hydrate may still
wait for the lock that the worker serving the page before holds. A cancellation that lands once Redis has
set the key but before that ``try`` (while the event awaits the reply of SET, or SREM) leaves the key to
nobody: every later event of the tab, the next page's hydrate first, waits until the key expires
(``redis_lock_expiration``, 10 s). Seen in CI, PostgreSQL + Redis, two runs in four on 2026-12-07: HR going
from Mes salarié(e)s straight to Affilier waited more than 10 s for the form; the lock's debug log
(``REFLEX_STATE_MANAGER_REDIS_DEBUG``) of another run showed a release, the waiter woken, and no holder ever
after while five more page loads waited.

``give_back_cancelled_locks`` (called once by ``ocso_app.ocso_app``) wraps ``_wait_lock``: when it ends
cancelled, the key is deleted if it holds this event's lock id (compare and delete in one script, so that a
lock another event holds is never touched), which wakes the waiters of every worker as a release does.
``tests/app/test_state_locks.py`` checks both against a real Redis; an upgrade of Reflex (pinned in
``pyproject.toml``) that renames ``_wait_lock`` fails there first.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable

from redis.exceptions import RedisError
from reflex.istate.manager.redis import StateManagerRedis

log = logging.getLogger(__name__)

GIVES_BACK = "__ocso_gives_back_cancelled_locks__"

# Delete the key only if it is still this event's lock: another event's lock is never released.
_DELETE_IF_MINE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""

WaitLock = Callable[[StateManagerRedis, bytes, bytes], Awaitable[None]]


def _giving_back(wait_lock: WaitLock) -> WaitLock:
    @functools.wraps(wait_lock)
    async def wait_lock_given_back(manager: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> None:
        try:
            await wait_lock(manager, lock_key, lock_id)
        except asyncio.CancelledError:
            # shielded: the task is being cancelled, and the key must not outlive it for 10 s
            await asyncio.shield(_give_back(manager, lock_key, lock_id))
            raise

    setattr(wait_lock_given_back, GIVES_BACK, True)
    return wait_lock_given_back


async def _give_back(manager: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> None:
    try:
        deleted = await manager.redis.eval(_DELETE_IF_MINE, 1, lock_key, lock_id)  # type: ignore[misc]
    except RedisError:  # Redis unreachable: the key expires by itself, as it did before this module
        log.warning("a cancelled event's state lock could not be given back; it will expire")
        return
    if deleted:
        manager._notify_next_waiter(lock_key)  # this worker's own waiters, as ``_lock`` does on release


def give_back_cancelled_locks() -> None:
    """Install the wrapper on Reflex's Redis state manager (once)."""
    if not getattr(StateManagerRedis._wait_lock, GIVES_BACK, False):
        StateManagerRedis._wait_lock = _giving_back(StateManagerRedis._wait_lock)  # type: ignore[method-assign]
