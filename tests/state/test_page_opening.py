"""``ocso_app.state.page_opening`` in process: which openings run the page's load within Reflex's
``on_load_internal``, and that such an opening still binds the tab to its session, sends the page hydrated,
and does so even when the load fails. The browser's side (one frame, the guard) is in
``tests/e2e/test_page_opening.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import reflex as rx
from reflex.state import State
from reflex_base.event import Event
from reflex_base.event.context import EventContext

import ocso_app.ocso_app as portal
from ocso_app import routes
from ocso_app.state import page_opening
from ocso_app.state.base import SessionBindingMiddleware, SessionState
from ocso_app.state.employer.mass_affiliation import MassAffiliationState
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.reimbursements import ReimbursementsState
from ocso_app.templates import PAGES
from tests.support.loops import run_coroutine


def _tab(path: str, cookie: str = "") -> State:
    root = State(_reflex_internal_init=True)
    router_data = {"pathname": path, "asPath": path, "headers": {"cookie": cookie}}
    root.router_data = root._update_router_vars(router_data, {})
    return root


def _navigation() -> Event:
    return Event(name=page_opening.on_load_internal(), payload={})


def _page_load() -> Event:
    return Event(name=page_opening.hydrate_and_load(), payload={})


def _substate(root: State, cls: type[rx.State]) -> Any:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _tab_filled_for_another_session() -> State:
    """Mes remboursements' tab, filled for another session; no cookie now, so the page's load is refused."""
    tab = _tab(routes.MEMBER_REIMBURSEMENTS)
    _substate(tab, SessionState)._bound_session = "la session d'un autre"
    _substate(tab, ReimbursementsState).rows = [{"id": "7", "amount": "12,50 €"}]
    return tab


@dataclass
class Browser:
    """What the server sent a tab while an event ran."""

    deltas: list[dict[str, Any]] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)

    async def emit_delta(self, token: str, delta: Any) -> None:
        self.deltas.append({name: dict(changes) for name, changes in delta.items()})

    async def emit_event(self, token: str, *events: Any) -> None:
        self.events.extend(events)

    async def enqueue(self, token: str, *events: Any) -> None:
        raise AssertionError(f"nothing is left to queue, yet {events} was")

    def context(self) -> EventContext:
        return EventContext(
            token="onglet",
            state_manager=None,  # type: ignore[arg-type]  (the tab's tree is passed in)
            enqueue_impl=self.enqueue,
            emit_delta_impl=self.emit_delta,
            emit_event_impl=self.emit_event,
        )


async def _open(root: State, browser: Browser, event: Event | None = None) -> Any:
    EventContext.set(browser.context())
    return await SessionBindingMiddleware().preprocess(portal.app, root, event or _navigation())


def _hydrated(delta: dict[str, Any]) -> bool | None:
    return delta.get(State.get_full_name(), {}).get("is_hydrated_rx_state_")


def test_every_space_page_opens_within_on_load_internal():
    load = page_opening.single_load(portal.app, _tab(routes.MEMBER_REIMBURSEMENTS), _navigation())
    assert load is not None and load.name == f"{ReimbursementsState.get_full_name()}.load"
    home = page_opening.single_load(portal.app, _tab(routes.MEMBER_HOME), _navigation())
    assert home is not None and home.name == f"{HomeState.get_full_name()}.load"


def test_other_events_and_pages_are_left_to_reflex():
    tab = _tab(routes.MEMBER_HOME)
    assert page_opening.single_load(portal.app, tab, Event(name=f"{HomeState.get_full_name()}.load")) is None
    assert page_opening.single_load(portal.app, tab, _page_load()) is not None
    kept_in_browser = Event(name=page_opening.hydrate_and_load(), payload={"vars": {"un.cookie": "1"}})
    assert page_opening.single_load(portal.app, tab, kept_in_browser) is None

    @dataclass
    class App:
        loads: list[Any]

        def get_load_events(self, path: str) -> list[Any]:
            return self.loads

    two = App([HomeState.load, ReimbursementsState.load])
    assert page_opening.single_load(two, tab, _navigation()) is None
    assert page_opening.single_load(App([]), tab, _navigation()) is None
    assert page_opening.single_load(App([rx.redirect("/")]), tab, _navigation()) is None
    assert MassAffiliationState.send_invitations.is_background
    assert page_opening.single_load(App([MassAffiliationState.send_invitations]), tab, _navigation()) is None


def test_an_opening_empties_a_tab_bound_to_another_session_and_sends_it_hydrated():
    tab, browser = _tab_filled_for_another_session(), Browser()
    private = _substate(tab, SessionState)

    update = run_coroutine(_open(tab, browser))

    assert update is not None and not update.delta and not update.events  # Reflex queues nothing more
    assert _substate(tab, ReimbursementsState).rows == []
    assert private._bound_session == ""
    assert len(browser.deltas) == 1 and _hydrated(browser.deltas[0]) is True
    assert [event.name for event in browser.events] == ["_redirect"]


def test_a_page_load_runs_the_load_before_its_one_snapshot_sent_hydrated():
    tab, browser = _tab_filled_for_another_session(), Browser()

    update = run_coroutine(_open(tab, browser, _page_load()))

    assert update is not None and not update.delta and not update.events  # the load is not queued again
    [snapshot] = browser.deltas
    assert _hydrated(snapshot) is True
    assert snapshot[ReimbursementsState.get_full_name()]["rows_rx_state_"] == []  # emptied, then sent
    assert [event.name for event in browser.events] == ["_redirect"]
    assert not page_opening.keeps_vars_in_browser()


def test_an_app_keeping_vars_in_the_browser_gets_reflexs_two_frames(monkeypatch: pytest.MonkeyPatch):
    """Reflex sends its snapshot not hydrated so that the browser does not write back the defaults of the
    vars it keeps (``rx.Cookie``…); were the portal to declare one, its page loads would do the same."""
    monkeypatch.setattr(page_opening, "keeps_vars_in_browser", lambda: True)
    tab, browser = _tab_filled_for_another_session(), Browser()

    run_coroutine(_open(tab, browser, _page_load()))

    snapshot, hydrated = browser.deltas
    assert _hydrated(snapshot) is False and _hydrated(hydrated) is True
    assert set(hydrated) == {State.get_full_name()}
    assert [event.name for event in browser.events] == ["_redirect"]


@pytest.mark.parametrize(
    ("opening", "hydrated"),
    [(_navigation, [True]), (_page_load, [True])],
    ids=["navigation", "page load"],
)
def test_a_failing_load_still_sends_the_page_hydrated(monkeypatch: pytest.MonkeyPatch, opening, hydrated):
    def unavailable(self: SessionState) -> None:
        raise RuntimeError("base de données indisponible")

    monkeypatch.setattr(SessionState, "_caller", unavailable)
    tab, browser = _tab(routes.MEMBER_HOME), Browser()

    with pytest.raises(RuntimeError, match="indisponible"):
        run_coroutine(_open(tab, browser, opening()))

    assert [_hydrated(delta) for delta in browser.deltas] == hydrated


def test_every_page_with_a_load_opens_in_one_event():
    """A page whose ``on_load`` could not run within its opening (several handlers, a generator, a background
    task) would silently fall back to Reflex's chain of three or four events: the README says not to."""
    loaded = [page for page in PAGES if page.on_load is not None]
    assert len(loaded) > 40
    for page in loaded:
        tab = _tab(page.route)
        for opening in (_navigation(), _page_load()):
            assert page_opening.single_load(portal.app, tab, opening) is not None, page.route
