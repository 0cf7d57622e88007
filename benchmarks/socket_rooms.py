"""What a page load's connect and disconnect cost Socket.IO's manager while N other tabs are connected to
the worker: python-socketio's own (``AsyncManager``) against the portal's (``ocso_app.socket_rooms``).

    .venv/bin/python -m benchmarks.socket_rooms [--repeat 5]

Prints µs per connect + disconnect, min / median of the runs, for 200, 2,000 and 10,000 tabs open.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from socketio import AsyncServer

from ocso_app.socket_rooms import index_rooms

NAMESPACE = "/_event"
OPEN_TABS = (200, 2_000, 10_000)
CYCLES = 2_000


async def _cycle_cost(indexed: bool, open_tabs: int) -> float:
    server = AsyncServer(async_mode="asgi")
    if indexed:
        index_rooms(server)
    manager = server.manager
    manager.initialize()
    for n in range(open_tabs):
        await manager.connect(f"open{n}", NAMESPACE)
    start = time.perf_counter()
    for n in range(CYCLES):
        sid = await manager.connect(f"page{n}", NAMESPACE)
        await manager.disconnect(sid, NAMESPACE)
    return (time.perf_counter() - start) / CYCLES * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"µs per connect + disconnect, min / median of {args.repeat} runs")
    print(f"{'tabs open':>10} {'python-socketio':>18} {'indexed':>14}")
    for open_tabs in OPEN_TABS:
        cells = []
        for indexed in (False, True):
            runs = [asyncio.run(_cycle_cost(indexed, open_tabs)) for _ in range(args.repeat)]
            cells.append(f"{min(runs):.1f} / {statistics.median(runs):.1f}")
        print(f"{open_tabs:>10,} {cells[0]:>18} {cells[1]:>14}")


if __name__ == "__main__":
    main()
