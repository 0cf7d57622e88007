"""Load benchmark of the member and employer pages: N real members, logged in over HTTP, speaking Reflex's
websocket protocol with their cookies, side by side with a bare socket.io server doing nothing (the floor).

    .venv/bin/python -m benchmarks.load                       # 200 members × 1 event/s, 30 s per scenario
    .venv/bin/python -m benchmarks.load --members 20 --duration 10 --repeat 3
    .venv/bin/python -m benchmarks.load --redis --workers 2   # PostgreSQL + Reflex state in Redis
    .venv/bin/python -m benchmarks.load --url http://localhost:3000   # a portal already running
    .venv/bin/python -m benchmarks.load --scenarios deplier --profile var/bench/profile   # where CPU goes

It prepares (once, kept under ``var/bench/``) a database of ``--db-members`` generated members and gives
``--members`` of them an account with a password drawn for this run (never printed), starts the portal in
production mode on a free port (``reflex run --env prod --single-port``, in-memory state, one worker; with
``--redis``: PostgreSQL and ``REFLEX_STATE_MANAGER_MODE=redis``, ``GRANIAN_WORKERS=--workers``) and the floor
(``benchmarks/floor.py``), logs every member in through ``POST /api/login/assure``, loads Accueil in a tab,
then measures, per scenario, after ``--warmup`` seconds, for ``--duration`` seconds:

- floor: one event on the bare socket.io server, one small reply frame;
- vide: Reflex's own no-op event (``update_vars_internal`` with nothing) on the portal, through the same
  socket, state tree and middleware: what Reflex costs before any page's work;
- page_vide: Reflex's own page load: Mentions légales (no data, no ``on_load``) loaded again on tabs nobody
  is logged in on, until ``is_hydrated``: what no page load (Accueil's included) can cost less than;
- accueil: Accueil as a page load: ``hydrate_and_load`` for ``/assure/`` in a Socket.IO CONNECT packet, until
  ``is_hydrated`` (the page's ``on_load`` runs within it, see ``ocso_app.state.page_opening``);
- remboursements: the click on MES REMBOURSEMENTS: ``on_load_internal`` for the route, until ``is_hydrated``;
- rechercher: the ``search`` handler with a beneficiary and a care type from the page's options, until as
  many reply frames as it gives alone;
- deplier: ▼, the ``toggle`` handler with a statement id from the rows shown, likewise;
- employeur_accueil, assures, assures_rechercher: the same for as many HR managers of the demo's
  3,000-employee company (both its structures): the Espace Employeur's Accueil as a page load, the click on
  Assurés (its first 20 active employees), « Rechercher » there with the start of a name.

Latency runs from sending the event to the last reply frame of that event. In ``paced`` mode each member
sends one event every 1/``--rate`` seconds, waiting for the reply first (so a slow server slows its
members down, as people wait for a page); in ``closed`` mode ``--closed-members`` members send the next
event as soon as the reply is in, which gives the saturation throughput. Printed per scenario: events,
p50/p95/p99, events/s, server CPU per event (the portal's process group, plus redis-server in Redis mode,
read in ``/proc``; PostgreSQL's processes apart), p95 ÷ the floor's p95, KB received per event, errors,
and how much CPU the client itself used (it runs on the same cores). ``--repeat`` adds min / median.
``--profile DIR`` samples the portal's CPU during each scenario's measured seconds (``benchmarks/profiling``;
the sampling itself costs CPU, so read that run's figures as a profile's, not as a measure), and
``benchmarks.profile_report DIR`` tells where it went.
When a scenario's latency outgrows ``--warmup`` + ``--duration`` (Redis mode at 200 members), few events
fall in the measure: lower ``--members`` (e.g. 50) or lengthen both. Measure on a quiet machine: anything
else running (a browser, another portal, the same Redis or PostgreSQL) is in the figures.
Not a test: pytest does not collect ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from benchmarks import load_scenarios as sc
from benchmarks.load_client import FrontendBuild, Reply, SocketClient, Update, log_in, new_token, reflex_event
from benchmarks.load_data import ROOT, SQLITE_URL, Accounts, prepare
from benchmarks.load_report import FLOOR, summary, table
from benchmarks.load_run import Load, Measure, Step, run_load
from benchmarks.load_server import CpuMeter, Portal, free_port, start_portal

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ocso_bench_load"
REDIS_URL = "redis://127.0.0.1:6379"
SCENARIOS: dict[str, Callable[[sc.Tab, int], sc.Step]] = {
    "vide": sc.no_op,
    "page_vide": sc.empty_page,
    "accueil": sc.accueil,
    "remboursements": sc.open_reimbursements,
    "rechercher": sc.search,
    "deplier": sc.toggle,
    "employeur_accueil": sc.employer_home,
    "assures": sc.open_employees,
    "assures_rechercher": sc.search_employees,
}
ON_REIMBURSEMENTS = {"rechercher", "deplier"}
ON_EMPLOYEES = {"assures_rechercher"}
ANONYMOUS = {"page_vide"}  # run on tabs nobody is logged in on
EMPLOYER = {"employeur_accueil", "assures", "assures_rechercher"}  # run on employer users' tabs
T = TypeVar("T")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--members", type=int, default=200, help="members connected at once (default 200)")
    add("--rate", type=float, default=1.0, help="events a second per member in paced mode (default 1)")
    add("--duration", type=float, default=30.0, help="seconds measured per scenario (default 30)")
    add("--warmup", type=float, default=5.0, help="seconds of the same load before measuring (default 5)")
    add("--mode", choices=("paced", "closed", "both"), default="both")
    add("--closed-members", type=int, default=50, help="members in closed-loop mode (default 50)")
    add("--scenarios", default=",".join(SCENARIOS), help="comma-separated, among " + ", ".join(SCENARIOS))
    add("--repeat", type=int, default=1, help="runs, then min / median (e.g. 3)")
    add("--db-members", type=int, default=20_000, help="generated members in the database (default 20,000)")
    add("--database-url", default=None, help=f"default SQLite in var/bench/, with --redis {PG_URL}")
    add("--redis", action="store_true", help="Reflex state in Redis and PostgreSQL (the scaled mode)")
    add("--redis-url", default=REDIS_URL)
    add("--workers", type=int, default=1, help="backend workers (granian); more than 1 needs --redis")
    add("--url", default=None, help="a running portal to load instead of starting one (its CPU is not read)")
    add("--profile", type=Path, default=None, help="folder where the portal's processes sample their CPU")
    args = parser.parse_args(argv)
    if args.profile is not None and args.url is not None:
        parser.error("--profile samples a portal the benchmark starts, not --url's")
    if args.workers > 1 and not args.redis:
        parser.error("--workers > 1 needs --redis: workers share the state only through Redis")
    unknown = set(args.scenarios.split(",")) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    args.database_url = args.database_url or (PG_URL if args.redis else SQLITE_URL)
    return args


@dataclass
class Servers:
    """The portal (ours or ``--url``), the floor, and the CPU meters of each."""

    url: str
    floor_url: str
    portal: Portal | None
    floor: subprocess.Popen[bytes]
    portal_meters: dict[str, Callable[[], float]]
    floor_meters: dict[str, Callable[[], float]]
    profile: Path | None = None

    def profile_window(self, scenario: str) -> None:
        """Tell the portal's profiler (if any) which scenario the next CPU is for (``""``: none)."""
        if self.profile is not None:
            (self.profile / "window").write_text(scenario)

    def stop(self) -> None:
        if self.portal is not None:
            self.portal.stop()
        if self.floor.poll() is None:
            self.floor.terminate()
            self.floor.wait(timeout=20)


def start_floor() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "benchmarks.floor", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def start_servers(args: argparse.Namespace) -> Servers:
    floor, floor_url = start_floor()
    portal = None
    if args.url is None:
        redis_url = args.redis_url if args.redis else None
        if args.profile is not None:
            args.profile.mkdir(parents=True, exist_ok=True)
            for old in args.profile.glob("*.folded"):
                old.unlink()
            (args.profile / "window").write_text("")
        portal = start_portal(
            database_url=args.database_url, redis_url=redis_url, workers=args.workers, profile=args.profile
        )
    meters: dict[str, Callable[[], float]] = {}
    if portal is not None:
        meters["portal"] = CpuMeter([portal.process.pid], []).read
        if args.redis:
            meters["redis"] = CpuMeter([], ["redis-server"]).read
        if args.database_url.startswith("postgresql"):
            meters["postgres"] = CpuMeter([], ["postgres"]).read
    floor_meters = {"portal": CpuMeter([floor.pid], []).read}
    url = args.url or portal.url  # type: ignore[union-attr]
    return Servers(url, floor_url, portal, floor, meters, floor_meters, args.profile)


async def _bounded(jobs: Sequence[Awaitable[T]], limit: int) -> list[T]:
    """Await ``jobs`` with at most ``limit`` of them in flight."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Awaitable[T]) -> T:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))


async def open_tabs(url: str, logins: list[str], password: str) -> list[sc.Tab]:
    """Log every member in over HTTP, load Accueil in a tab, open Mes remboursements once."""
    from ocso_app import routes

    names, build = sc.wire_names(), FrontendBuild.read(ROOT / ".web")

    async def member(login: str) -> sc.Tab:
        cookie = await asyncio.to_thread(
            log_in, url, space="assure", login=login, password=password, login_path=routes.MEMBER_LOGIN
        )
        tab = await sc.open_tab(url, cookie, names, build, routes.MEMBER_HOME)
        await sc.run_step(tab, sc.open_reimbursements(tab, 0))
        return tab

    return await _bounded([member(login) for login in logins], 16)


async def employer_tabs(url: str, cookies: list[str]) -> list[sc.Tab]:
    """One tab per employer user's cookie: Accueil of the Espace Employeur loaded, Assurés opened once."""
    from ocso_app import routes

    names, build = sc.wire_names(), FrontendBuild.read(ROOT / ".web")

    async def employer(cookie: str) -> sc.Tab:
        tab = await sc.open_tab(url, cookie, names, build, routes.EMPLOYER_HOME)
        await sc.run_step(tab, sc.open_employees(tab, 0))
        return tab

    return await _bounded([employer(cookie) for cookie in cookies], 16)


async def anonymous_tabs(url: str, count: int) -> list[sc.Tab]:
    """``count`` tabs with no session cookie, each on a page without data (for ``page_vide``)."""
    from ocso_app import routes

    names, build = sc.wire_names(), FrontendBuild.read(ROOT / ".web")
    opening = [sc.open_tab(url, "", names, build, routes.LEGAL_NOTICE) for _ in range(count)]
    return await _bounded(opening, 16)


async def calibrate(tab: sc.Tab, employer: sc.Tab | None) -> dict[str, int]:
    """Frames per event of the scenarios that end by count, each run alone on one tab."""
    frames = {name: 0 for name in SCENARIOS}
    for on, names in ((tab, ON_REIMBURSEMENTS), (employer, ON_EMPLOYEES)):
        if on is None:
            continue
        await sc.settle(on)
        for name in names:
            step = SCENARIOS[name](on, 0)
            frames[name] = await sc.calibrate(on, step.event)  # type: ignore[arg-type]
    return frames


def _tab_step(tab: sc.Tab, name: str, frames: int) -> Callable[[int], Awaitable[Reply]]:
    async def step(_index: int) -> Reply:
        return await sc.run_step(tab, SCENARIOS[name](tab, frames))

    return step


def _floor_step(tab: sc.Tab) -> Step:
    event = reflex_event("floor.event", {"n": 1}, "/")

    def one_frame(reply: Reply, _update: Update) -> bool:
        return reply.frames >= 1

    async def step(_index: int) -> Reply:
        return await tab.exchange(event, one_frame)

    return step


async def floor_steps(floor_url: str, count: int) -> list[Step]:
    """One floor socket per member, driven by the same client code."""
    sockets = await _bounded(
        [
            SocketClient.open(floor_url, token=new_token(), cookie=None, auth={}, subprotocol=None)
            for _ in range(count)
        ],
        32,
    )
    return [_floor_step(sc.Tab(socket=socket, names={}, build=FrontendBuild())) for socket in sockets]


@dataclass
class Tabs:
    """The tabs of a run: the members', and those of anonymous visitors and employer users when needed."""

    members: list[sc.Tab]
    anonymous: list[sc.Tab]
    employers: list[sc.Tab]

    def first(self, count: int) -> Tabs:
        return Tabs(self.members[:count], self.anonymous[:count], self.employers[:count])

    def of(self, name: str) -> list[sc.Tab]:
        """The tabs scenario ``name`` runs on."""
        if name in ANONYMOUS:
            return self.anonymous
        return self.employers if name in EMPLOYER else self.members


async def run_mode(
    servers: Servers, tabs: Tabs, floor: list[Step], frames: dict[str, int], load: Load, names: list[str]
) -> list[Measure]:
    """The floor, then each scenario, under the same load."""
    measures = [await run_load(FLOOR, floor[: len(tabs.members)], load, servers.floor_meters)]
    for name in names:
        if name in ON_REIMBURSEMENTS:
            await _bounded([_ensure_on(tab, sc.open_reimbursements) for tab in tabs.members], 16)
        if name in ON_EMPLOYEES:
            await _bounded([_ensure_on(tab, sc.open_employees) for tab in tabs.employers], 16)
        steps = [_tab_step(tab, name, frames[name]) for tab in tabs.of(name)]
        measures.append(await run_load(name, steps, load, servers.portal_meters, servers.profile_window))
        print(f"  {name}: {measures[-1].events} événements", flush=True)
    return measures


async def _ensure_on(tab: sc.Tab, navigation: Callable[[sc.Tab, int], sc.Step]) -> None:
    """Bring ``tab`` back to the page ``navigation`` opens, unless it is there."""
    await sc.settle(tab)
    was = tab.path
    step = navigation(tab, 0)  # sets the tab's path to its page's
    if tab.path != was:
        await sc.run_step(tab, step)


async def benchmark(args: argparse.Namespace, servers: Servers, accounts: Accounts) -> None:
    names = args.scenarios.split(",")
    print(f"Connexion de {len(accounts.member_logins)} adhérents…", flush=True)
    members = await open_tabs(servers.url, accounts.member_logins, accounts.password)
    anonymous = await anonymous_tabs(servers.url, len(members)) if ANONYMOUS & set(names) else []
    employers = []
    if EMPLOYER & set(names):
        print(f"Connexion de {len(accounts.employer_cookies)} employeurs…", flush=True)
        employers = await employer_tabs(servers.url, accounts.employer_cookies)
    all_tabs = Tabs(members, anonymous, employers)
    floor = await floor_steps(servers.floor_url, len(members))
    frames = await calibrate(members[0], employers[0] if employers else None)
    gc.collect()
    gc.freeze()  # the tabs live for the whole run: no collector pauses in the client's measures
    modes = {
        "paced": Load(args.rate, args.warmup, args.duration),
        "closed": Load(0, args.warmup, args.duration),
    }
    chosen = ["paced", "closed"] if args.mode == "both" else [args.mode]
    runs: dict[str, list[list[Measure]]] = {mode: [] for mode in chosen}
    setting = f"{'Redis + PostgreSQL' if args.redis else 'mémoire'}, {args.workers} worker(s)"
    for run in range(1, args.repeat + 1):
        for mode in chosen:
            tabs = all_tabs if mode == "paced" else all_tabs.first(args.closed_members)
            pace = f"× {args.rate:g}/s" if mode == "paced" else "en boucle fermée"
            who = f"{len(tabs.members)} adhérents (ou employeurs) {pace}"
            print(f"\nRun {run}/{args.repeat}, {mode} ({who}, {setting})…", flush=True)
            measures = await run_mode(servers, tabs, floor, frames, modes[mode], names)
            runs[mode].append(measures)
            print("\n" + table(f"Run {run}, {mode}: {who}, {setting}", measures), flush=True)
    if args.repeat > 1:
        for mode in chosen:
            print("\n" + summary(f"{mode}, {setting}", runs[mode]), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    employers = args.members if EMPLOYER & set(args.scenarios.split(",")) else 0
    accounts = prepare(args.database_url, members=args.db_members, accounts=args.members, employers=employers)
    servers = start_servers(args)
    try:
        asyncio.run(benchmark(args, servers, accounts))
    finally:
        servers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
