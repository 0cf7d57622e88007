"""The events the load benchmark replays, as a browser tab sends them, and how it knows each is over.

Handler and state wire names come from the state classes (``get_full_name()``), routes from
``ocso_app.routes``. A tab follows the server's replies as the frontend does: deltas are merged, events the
server sends back are queued and sent again with the tab's ``router_data`` (Reflex 0.10 runs chained
backend events on the server, so these are rare), and frontend-only events (``_redirect``, ``_call_script``…)
are not sent; a ``_redirect`` while logged in means the guard refused, and is counted as an error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.load_client import (
    FrontendBuild,
    ProtocolError,
    Reply,
    SocketClient,
    Update,
    form_payload,
    new_token,
    reflex_event,
)

QUIET = 1.0  # seconds of silence that end an event when calibrating it alone


def wire_names() -> dict[str, str]:
    """Event names and delta keys, derived from the app's state classes."""
    from reflex.state import OnLoadInternalState, State, UpdateVarsInternalState
    from reflex_base import constants

    from ocso_app.state.employer.employees import EmployeesState
    from ocso_app.state.member.reimbursements import ReimbursementsState

    reimbursements = ReimbursementsState.get_full_name()
    return {
        "root": State.get_full_name(),
        "no_op": f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal",
        "is_hydrated": _field_key(State.is_hydrated),
        "hydrate": f"{State.get_full_name()}.{constants.CompileVars.HYDRATE_AND_LOAD}",
        "navigate": f"{OnLoadInternalState.get_full_name()}.on_load_internal",
        "reimbursements": reimbursements,
        "search": f"{reimbursements}.search",
        "toggle": f"{reimbursements}.toggle",
        "beneficiary_options": _field_key(ReimbursementsState.beneficiary_options),
        "category_options": _field_key(ReimbursementsState.category_options),
        "rows": _field_key(ReimbursementsState.rows),
        "search_employees": f"{EmployeesState.get_full_name()}.search",
    }


def _field_key(var: Any) -> str:
    """The key of a state var in a delta (``rows_rx_state_``)."""
    return str(var._js_expr).rsplit(".", 1)[-1]


@dataclass
class Tab:
    """One logged-in member's browser tab on the portal."""

    socket: SocketClient
    names: dict[str, str]
    build: FrontendBuild
    path: str = "/"
    data: dict[str, Any] = field(default_factory=dict)
    searches: itertools.cycle[list[tuple[str, str]]] | None = None
    employee_searches: itertools.cycle[str] | None = None
    statements: itertools.cycle[str] | None = None

    def hydrated(self, reply: Reply, update: Update) -> bool:
        """A page load or navigation is over once the root state says ``is_hydrated``."""
        return update.delta.get(self.names["root"], {}).get(self.names["is_hydrated"]) is True

    async def exchange(self, event: dict[str, Any] | None, done: Callable[[Reply, Update], bool]) -> Reply:
        """Send ``event`` (``None``: it already went in a CONNECT packet, whose replies may be queued) and
        read replies until ``done``, sending back the backend events the server returns, as the frontend's
        event queue does."""
        reply = Reply()
        if event is not None:
            self.socket.drain()
            await self.socket.emit(event)
        while True:
            update = await self.socket.next_update()
            reply.add(update)
            await self._follow(reply, update)
            if done(reply, update):
                self._remember(reply.delta)
                return reply

    async def _follow(self, reply: Reply, update: Update) -> None:
        for event in update.events:
            name = str(event.get("name", ""))
            if name.startswith("_"):
                reply.frontend_events.append(event)
                if name == "_redirect":
                    raise ProtocolError(f"redirected to {event.get('payload', {}).get('path')!r}")
            else:
                await self.socket.emit(reflex_event(name, event.get("payload"), self.path))

    def _remember(self, delta: dict[str, dict[str, Any]]) -> None:
        """Keep what later events choose from: the filter options and the statement ids shown."""
        if "reimbursements" not in self.names:  # the floor's tabs
            return
        mine = delta.get(self.names["reimbursements"], {})
        for key in ("beneficiary_options", "category_options", "rows"):
            if self.names[key] in mine:
                self.data[key] = mine[self.names[key]]
        if self.data.get("rows"):
            ids = [row["id"] for row in self.data["rows"]]
            if self.statements is None or set(ids) != set(self.data.get("_ids", [])):
                self.data["_ids"] = ids
                self.statements = itertools.cycle(ids)

    def hydrate_auth(self, path: str) -> dict[str, Any]:
        """The CONNECT packet of a page load: ``hydrate_and_load`` with the compiled hashes."""
        payload = {"hashes": self.build.hashes} if self.build.hashes else None
        auth: dict[str, Any] = {"event": reflex_event(self.names["hydrate"], payload, path)}
        if self.build.state_schema:
            auth["state_schema"] = self.build.state_schema
        return auth


async def open_tab(base_url: str, cookie: str, names: dict[str, str], build: FrontendBuild, path: str) -> Tab:
    """Load ``path`` (a page, e.g. Accueil after logging in): a new websocket whose CONNECT carries the
    hydrate; returns once the page is hydrated."""
    from reflex_base.constants import Reflex

    tab_path = path.rstrip("/") + "/"  # the server's redirect and a typed URL both end with "/"
    placeholder = Tab(socket=None, names=names, build=build, path=tab_path)  # type: ignore[arg-type]
    socket = await SocketClient.open(
        base_url,
        token=new_token(),
        cookie=cookie,
        auth=placeholder.hydrate_auth(tab_path),
        subprotocol=Reflex.VERSION,
    )
    placeholder.socket = socket
    await placeholder.exchange(None, placeholder.hydrated)
    return placeholder


async def calibrate(tab: Tab, event: dict[str, Any]) -> int:
    """How many frames ``event`` gives when it runs alone (the server sends no "final" marker)."""
    reply = Reply()
    await tab.socket.emit(event)
    reply.add(await tab.socket.next_update())
    while True:
        try:
            update = await tab.socket.next_update(timeout=QUIET)
        except TimeoutError:
            break
        reply.add(update)
    tab._remember(reply.delta)
    return reply.frames


# --- the scenarios -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One event of a scenario: what to send on a tab and when it is over."""

    event: dict[str, Any] | None
    done: Callable[[Reply, Update], bool]
    reconnect: dict[str, Any] | None = None


def accueil(tab: Tab, frames: int) -> Step:
    """Accueil as a page load (as after logging in): the tab's Socket.IO namespace connects again, its
    CONNECT packet carrying ``hydrate_and_load`` for ``/assure/``; the server runs the page's ``on_load``
    and sends the snapshot, then ``is_hydrated``. The websocket itself is kept (the browser would open a
    new one)."""
    from ocso_app import routes

    tab.path = routes.MEMBER_HOME.rstrip("/") + "/"
    return Step(None, tab.hydrated, reconnect=tab.hydrate_auth(tab.path))


def open_reimbursements(tab: Tab, frames: int) -> Step:
    """A click on MES REMBOURSEMENTS: a client-side navigation, ``on_load_internal`` with the new route."""
    from ocso_app import routes

    tab.path = routes.MEMBER_REIMBURSEMENTS
    return Step(reflex_event(tab.names["navigate"], None, tab.path), tab.hydrated)


def _count(frames: int) -> Callable[[Reply, Update], bool]:
    return lambda reply, _update: reply.frames >= frames


def search_values(tab: Tab) -> list[list[tuple[str, str]]]:
    """Every beneficiary × care type pair the page offers (values, not the "all" choice)."""
    people = [o["value"] for o in tab.data.get("beneficiary_options", []) if o["value"]]
    kinds = [o["value"] for o in tab.data.get("category_options", []) if o["value"]]
    if not people or not kinds:
        raise ProtocolError("the page offered no beneficiary or care type")
    return [[("du", ""), ("au", ""), ("beneficiaire", p), ("nature", k)] for p in people for k in kinds]


def search(tab: Tab, frames: int) -> Step:
    """« Rechercher » with one beneficiary and one care type chosen from the page's options, in turn."""
    if tab.searches is None:
        tab.searches = itertools.cycle(search_values(tab))
    payload = form_payload("form", next(tab.searches))
    return Step(reflex_event(tab.names["search"], payload, tab.path), _count(frames))


def toggle(tab: Tab, frames: int) -> Step:
    """▼ on one of the statements shown, each in turn (the same one twice folds it again)."""
    if tab.statements is None:
        raise ProtocolError("no statement shown to expand")
    payload = {"statement_id": next(tab.statements)}
    return Step(reflex_event(tab.names["toggle"], payload, tab.path), _count(frames))


def empty_page(tab: Tab, frames: int) -> Step:
    """Reflex's own page load, on a tab nobody is logged in on: a page without data or ``on_load`` (Mentions
    légales) loaded again, its CONNECT packet carrying ``hydrate_and_load``, until ``is_hydrated``. The tab's
    state tree holds only defaults, so the snapshot is almost empty: what no page load can cost less than
    (Accueil's is this plus the guard, the page's reads and its data)."""
    from ocso_app import routes

    tab.path = routes.LEGAL_NOTICE
    return Step(None, tab.hydrated, reconnect=tab.hydrate_auth(tab.path))


def employer_home(tab: Tab, frames: int) -> Step:
    """The Espace Employeur's Accueil as a page load, for an HR manager of the demo's 3,000-employee company
    (both structures): its counters, latest documents, news and open démarches."""
    from ocso_app import routes

    tab.path = routes.EMPLOYER_HOME.rstrip("/") + "/"
    return Step(None, tab.hydrated, reconnect=tab.hydrate_auth(tab.path))


def open_employees(tab: Tab, frames: int) -> Step:
    """A click on Assurés: a client-side navigation; the page's load lists the first 20 active employees."""
    from ocso_app import routes

    tab.path = routes.EMPLOYER_EMPLOYEES
    return Step(reflex_event(tab.names["navigate"], None, tab.path), tab.hydrated)


# What an HR manager types in the Assurés search: the start of a name, common and rare ones.
EMPLOYEE_SEARCHES = ("mar", "martin", "ber", "dub", "lef", "pet", "rob", "moreau", "gir", "fou", "lau", "xyz")


def search_employees(tab: Tab, frames: int) -> Step:
    """« Rechercher » on Assurés with the start of a name, each of ``EMPLOYEE_SEARCHES`` in turn."""
    from ocso_app.state.employer.employees import SEARCH_FIELD

    if tab.employee_searches is None:
        tab.employee_searches = itertools.cycle(EMPLOYEE_SEARCHES)
    payload = form_payload("form", [(SEARCH_FIELD, next(tab.employee_searches))])
    return Step(reflex_event(tab.names["search_employees"], payload, tab.path), _count(frames))


_NO_OP_COUNTER = itertools.count()


def no_op(tab: Tab, frames: int) -> Step:
    """Reflex's own floor on this app: its no-op event (``update_vars_internal`` with nothing), through the
    same socket, state tree and middleware, from a URL of its own so that the answer (the router's new URL)
    is one small frame. What no page event can cost less than."""
    path = f"{tab.path}?vide={next(_NO_OP_COUNTER)}"
    return Step(reflex_event(tab.names["no_op"], {"vars": {}}, path), _count(1))


async def run_step(tab: Tab, step: Step) -> Reply:
    """Send one step and wait until it is over."""
    if step.reconnect is None:
        return await tab.exchange(step.event, step.done)
    tab.socket.drain()
    await tab.socket.reconnect(step.reconnect)
    return await tab.exchange(None, step.done)


async def settle(tab: Tab) -> None:
    """Wait until the tab's socket has been quiet for a moment."""
    while True:
        try:
            await tab.socket.next_update(timeout=0.3)
        except TimeoutError:
            return
