"""Running a coroutine from a test: on a loop of its own, in a thread, with the test's context.

``asyncio.run`` refuses to start while a loop runs in the calling thread, and the browser tests (Playwright's
sync API) leave one running in the test process: a test that called it directly passed alone and failed
after them. The context is copied so that the coroutine sees Reflex's registry of the app, which lives in a
context variable set when the app is imported.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end and return its result (or raise its exception)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(contextvars.copy_context().run, asyncio.run, coroutine).result()
