"""CPU-heavy work runs in the shared bounded pool, never on the event loop: the pool itself, and the Reflex
handlers that hash a password."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from ocso_app import workers
from ocso_app.state.account.new_password import NewPasswordState
from ocso_app.state.employer.administration import AdministrationState
from ocso_app.state.public.accounts import (
    EmployerRegistrationState,
    IdentifierRequestState,
    MemberRegistrationState,
    ResetPasswordState,
)
from ocso_app.state.staff.accounts import StaffAccountsState
from ocso_app.state.staff.introducers import StaffIntroducersState
from tests.support.loops import run_coroutine

HASHING_HANDLERS = [
    (MemberRegistrationState, "submit"),
    (EmployerRegistrationState, "submit"),
    (ResetPasswordState, "submit"),
    (IdentifierRequestState, "submit"),
    (NewPasswordState, "submit"),
    (AdministrationState, "invite"),
    (AdministrationState, "change_password"),
    (AdministrationState, "change_phone"),
    (StaffAccountsState, "create"),
    (StaffIntroducersState, "create"),
]


def test_blocking_work_runs_in_a_pool_thread_while_the_loop_keeps_turning():
    def work() -> str:
        time.sleep(0.3)  # stands for bcrypt, which releases the GIL like a sleep
        return threading.current_thread().name

    async def scenario() -> tuple[str, int]:
        ticks = 0
        job = asyncio.ensure_future(workers.run_blocking(work))
        while not job.done():
            ticks += 1
            await asyncio.sleep(0.01)
        return await job, ticks

    thread, ticks = run_coroutine(scenario())
    assert thread.startswith(workers.THREAD_PREFIX)
    assert ticks >= 5  # on the loop, the sleep would have let it tick once


def test_no_more_than_the_bound_runs_at_once():
    running, peak, lock = 0, 0, threading.Lock()

    def work() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    async def scenario() -> None:
        await asyncio.gather(*(workers.run_blocking(work) for _ in range(workers.MAX_WORKERS * 3)))

    run_coroutine(scenario())
    assert 1 < peak <= workers.MAX_WORKERS


def test_work_submitted_from_the_pool_runs_inline_instead_of_waiting_for_itself():
    async def nested() -> str:
        return await workers.run_blocking(lambda: threading.current_thread().name)

    def outer() -> str:
        return asyncio.run(nested())

    async def scenario() -> str:
        return await workers.run_blocking(outer)

    assert run_coroutine(scenario()).startswith(workers.THREAD_PREFIX)


@pytest.mark.parametrize(("state", "name"), HASHING_HANDLERS, ids=lambda v: getattr(v, "__name__", v))
def test_reflex_handlers_that_hash_a_password_run_off_the_loop(state, name):
    handler = state.event_handlers[name].fn
    assert asyncio.iscoroutinefunction(handler)
    assert workers.is_off_loop(handler)


def test_the_collector_stays_paused_until_the_last_overlapping_bulk_job_ends():
    import gc

    from ocso_app.workers import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
