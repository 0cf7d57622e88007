"""One user cannot stall everyone: wrong logins (bcrypt) and PDF downloads (reportlab) run in the bounded
pool, and the event loop keeps answering other requests meanwhile. Timings are compared with each other,
never with a fixed number of milliseconds."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time

import httpx
import pytest

from ocso_app import routes, workers
from ocso_app.api import build_api, wrapped
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.services import passwords, statement_pdf
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_care_member
from tests.support.loops import run_coroutine

PORTAL = "http://localhost:3000"
WRONG_LOGINS = 4


def _spy(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """Record the thread each call of ``module.name`` runs in."""
    threads: list[str] = []
    real = getattr(module, name)

    def spied(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spied)
    return threads


async def _health_while(client: httpx.AsyncClient, jobs: list[asyncio.Task]) -> list[float]:
    """How long each health request took while ``jobs`` ran."""
    latencies = []
    while not all(job.done() for job in jobs):
        start = time.perf_counter()
        assert (await client.get(routes.API_HEALTH.path)).status_code == 200
        latencies.append(time.perf_counter() - start)
        await asyncio.sleep(0.02)
    await asyncio.gather(*jobs)
    return latencies


@pytest.fixture
def real_bcrypt_cost(monkeypatch):
    """bcrypt at the portal's cost (the suite lowers it): what would stall the event loop."""
    monkeypatch.setenv("OCSO_BCRYPT_COST", str(passwords.BCRYPT_COST))
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


def test_wrong_logins_hash_in_the_pool_while_health_keeps_answering(monkeypatch, real_bcrypt_cost):
    one_check = time.perf_counter()
    passwords.verify_password("Mauvais-Passe-1", None)  # one bcrypt check at the real cost
    one_check = time.perf_counter() - one_check
    threads = _spy(monkeypatch, passwords.bcrypt, "checkpw")

    async def scenario() -> list[float]:
        transport = httpx.ASGITransport(app=wrapped(build_api()))
        async with httpx.AsyncClient(transport=transport, base_url=PORTAL) as client:
            form = {"login": "000000", "password": "Mauvais-Passe-1", "suite": ""}
            logins = [
                asyncio.create_task(client.post("/api/login/assure", data=form, headers={"origin": PORTAL}))
                for _ in range(WRONG_LOGINS)
            ]
            return await _health_while(client, logins)

    latencies = run_coroutine(scenario())
    assert len(threads) == WRONG_LOGINS and all(t.startswith(workers.THREAD_PREFIX) for t in threads)
    # On the loop, a health request waited for the bcrypt checks queued before it (and answered once or
    # twice in all); off the loop it answers again and again, each time much faster than one check.
    assert len(latencies) >= 3
    assert statistics.median(latencies) < one_check / 2


def test_pdf_downloads_are_drawn_in_the_pool(monkeypatch):
    with db_session() as session:
        member = make_care_member(session)
        token = start_session(
            session, account=session.get(Account, member.account_id), second_factor_done=True
        )
    threads = _spy(monkeypatch, statement_pdf, "render_selection_pdf")

    async def scenario() -> httpx.Response:
        transport = httpx.ASGITransport(app=wrapped(build_api()))
        async with httpx.AsyncClient(transport=transport, base_url=PORTAL) as client:
            cookie = {"cookie": f"{SESSION_COOKIE}={token}"}
            return await client.get(routes.API_MEMBER_SELECTION_PDF.path, headers=cookie)

    response = run_coroutine(scenario())
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert threads and all(t.startswith(workers.THREAD_PREFIX) for t in threads)
