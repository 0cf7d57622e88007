"""``ocso_app.state.page_opening`` in process: which openings run the page's load within Reflex's
``on_load_internal``, and that such an opening still binds the tab to its session, sends the page hydrated,
and does so even when the load fails; and ``page_view``: a page load leaves out the private states the page
does not show, a navigation sends them whole. The browser's side (one frame, the guard, what a reload sends)
is in ``tests/e2e/test_page_opening.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
import reflex as rx
from reflex.state import State
from reflex_base.event import Event
from reflex_base.event.context import EventContext

import ocso_app.ocso_app as portal
from ocso_app import routes
from ocso_app.state import page_opening, page_view
from ocso_app.state.base import SessionBindingMiddleware, SessionState
from ocso_app.state.employer.mass_affiliation import MassAffiliationState
from ocso_app.state.member.base import MemberState
from ocso_app.state.member.home import HomeState, MemberSummaryState
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


def test_each_page_shows_the_private_state_its_load_fills():
    """``page_view`` reads from each page's components which states it shows: the
    private state of its own load is always one of them (were it missed, a reload would leave the page's
    data out; public states are never left out)."""
    private = SessionState.get_full_name() + "."
    checked = 0
    for page in (page for page in PAGES if page.on_load is not None):
        [load] = Event.from_event_type(page.on_load)
        filled = page_opening._registered(load).states[0].get_full_name()
        if filled.startswith(private):
            assert filled in (page_view.shown_states(portal.app, page.route) or ()), page.route
            checked += 1
    assert checked >= 40
    home = page_view.shown_states(portal.app, routes.MEMBER_HOME)
    assert {
        HomeState.get_full_name(),
        MemberSummaryState.get_full_name(),
        SessionState.get_full_name(),
    } <= home
    assert ReimbursementsState.get_full_name() not in home
    assert page_view.shown_states(portal.app, "/pas-une-page-du-portail") is None


def test_every_state_a_pages_code_reads_is_one_it_shows():
    """The compiled page reads each state it draws through a ``useStateContext`` hook: a state read there but
    missing from ``shown_states`` would be left out of a page load, and drawn with its defaults."""
    read_by_pages = 0
    for route, page in portal.app._unevaluated_pages.items():
        component = page.component() if callable(page.component) else page.component
        hooks = component._get_all_hooks()
        read = {name for hook in hooks for name in re.findall(r'useStateContext\("([^"]+)"\)', hook)}
        path = "/" if route == "index" else f"/{route}"
        assert read <= (page_view.shown_states(portal.app, path) or set()), route
        read_by_pages += len(read)
    assert read_by_pages > 150  # the hooks were found: every page reads at least the root and the session


def _snapshot_of(tab: State) -> dict[str, Any]:
    return {name: dict(changes) for name, changes in tab.dict().items()}


def test_a_page_load_leaves_out_what_the_page_does_not_show_and_a_navigation_sends_it_whole():
    tab = _tab(routes.MEMBER_HOME)
    private = _substate(tab, SessionState)
    reimbursements = _substate(tab, ReimbursementsState)
    reimbursements.rows, reimbursements.expanded_id = [{"id": "7", "amount": "12,50 €"}], "7"
    _substate(tab, HomeState).news = [{"title": "Bienvenue"}]
    snapshot = _snapshot_of(tab)
    tab._clean()

    page_view.leave_out_unshown(
        snapshot, shown=page_view.shown_states(portal.app, routes.MEMBER_HOME), private=private
    )

    assert ReimbursementsState.get_full_name() not in snapshot
    assert HomeState.get_full_name() in snapshot and MemberState.get_full_name() in snapshot  # computed vars
    assert ReimbursementsState.get_full_name() in private._not_in_browser
    assert reimbursements.rows == [{"id": "7", "amount": "12,50 €"}]  # kept in the backend

    # Mes informations does not show it either: still not in the browser, nothing sent
    run_coroutine(
        page_view.send_shown(
            tab, shown=page_view.shown_states(portal.app, routes.MEMBER_INFORMATION), private=private
        )
    )
    assert ReimbursementsState.get_full_name() not in tab.get_delta()
    assert ReimbursementsState.get_full_name() in private._not_in_browser

    run_coroutine(
        page_view.send_shown(
            tab, shown=page_view.shown_states(portal.app, routes.MEMBER_REIMBURSEMENTS), private=private
        )
    )
    sent = tab.get_delta()[ReimbursementsState.get_full_name()]
    assert set(sent) == {f"{name}_rx_state_" for name in ReimbursementsState._frontend_var_names}
    assert sent["expanded_id_rx_state_"] == "7"  # what the page's load would not set again is sent too
    assert ReimbursementsState.get_full_name() not in private._not_in_browser


def test_a_new_session_on_the_tab_forgets_what_was_left_out():
    tab = _tab(routes.MEMBER_HOME)
    private = _substate(tab, SessionState)
    private._not_in_browser = [ReimbursementsState.get_full_name()]
    private.reset()
    assert private._not_in_browser == []


def test_reflexs_own_page_load_sends_everything_and_forgets_what_was_left_out():
    """A page without a load of its own (Mentions légales) is loaded by Reflex, which sends the whole tree."""
    tab, browser = _tab(routes.LEGAL_NOTICE), Browser()
    private = _substate(tab, SessionState)
    private._not_in_browser = [ReimbursementsState.get_full_name()]

    assert run_coroutine(_open(tab, browser, _page_load())) is None  # left to Reflex

    assert private._not_in_browser == []


def test_a_page_load_of_accueil_sends_no_state_of_mes_remboursements():
    tab, browser = _tab(routes.MEMBER_HOME), Browser()
    _substate(tab, ReimbursementsState).rows = [{"id": "7", "amount": "12,50 €"}]
    _substate(tab, SessionState)._bound_session = ""  # nobody logged in: the load is refused, the page sent

    run_coroutine(_open(tab, browser, _page_load()))

    [snapshot] = browser.deltas
    assert _hydrated(snapshot) is True
    assert ReimbursementsState.get_full_name() not in snapshot
