"""The backend's server: Reflex serves it with granian in production, whose ``auto`` event loop is uvloop
when it is installed (a pinned dependency). uvloop wakes the loop from granian's threads for less CPU than
asyncio's own loop: about 0.1 ms less per websocket event on the load benchmark."""

from __future__ import annotations

from granian._loops import loops


def test_granian_runs_the_backend_on_uvloop():
    assert "uvloop" in loops
    assert "rloop" not in loops  # granian's auto choice would prefer it (experimental): not installed
