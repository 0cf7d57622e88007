"""CPU-heavy work (password hashing, PDF checks and generation, imports) off the event loop, bounded.

The portal serves every user from one event loop per worker: a bcrypt check (≈0.25 s) or a pypdf parse run
on it stalls every other request. Reflex handlers and Starlette routes alike hand such work to
``run_blocking``, which runs it in a small shared pool of threads: at most ``MAX_WORKERS`` jobs run at once,
the others wait their turn without holding the loop (bcrypt releases the GIL; pypdf and reportlab yield it
every few milliseconds). Work submitted from inside the pool runs inline, so a job never waits on itself.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import gc
import os
import threading
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

MAX_WORKERS = max(2, min(4, os.cpu_count() or 2))
THREAD_PREFIX = "ocso-cpu"
OFF_LOOP = "__ocso_off_loop__"

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pauses_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = True


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix=THREAD_PREFIX)
        return _pool


def in_worker() -> bool:
    """Whether the current thread is one of the pool's."""
    return threading.current_thread().name.startswith(THREAD_PREFIX)


async def run_blocking(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in the shared bounded pool; the caller's event loop stays free meanwhile."""
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    if in_worker():
        return call()
    return await asyncio.get_running_loop().run_in_executor(_executor(), call)


def off_loop(handler: Callable[P, T]) -> Callable[P, Awaitable[T]]:
    """Make a synchronous event handler (or helper) run in the pool: put it under ``@rx.event`` or a guard
    such as ``@private_event``, which then run on the loop and await it. The state stays locked for the
    event meanwhile, so no other event touches it while the body runs in the worker thread."""

    @functools.wraps(handler)
    async def offloaded(*args: P.args, **kwargs: P.kwargs) -> T:
        return await run_blocking(handler, *args, **kwargs)

    setattr(offloaded, OFF_LOOP, True)  # kept by the guards' functools.wraps: tests find it
    return offloaded


def is_off_loop(handler: Callable[..., object]) -> bool:
    """Whether ``handler`` (or what it wraps) went through ``off_loop``."""
    return getattr(handler, OFF_LOOP, False)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a bulk job (an import of 100 000 lines) runs in the pool.

    Such a job allocates millions of objects, which makes Python run full collections of the whole heap,
    each holding the interpreter lock for ~100 ms: the event loop, and every other user, waits. Reference
    counting still frees the job's objects; cycles wait until the last pause ends. Pauses may overlap."""
    global _pauses, _collector_was_enabled
    with _pauses_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()
