"""A page load's snapshot with the pristine states taken from their class (``ocso_app.state.hydration``) is
the snapshot Reflex itself builds and diffs, var for var: on a new tab, on a tab that used pages (assigned
vars, a list changed in place, vars that computed vars are built from), after a reset, and for browsers
holding the compiled defaults, other defaults for one state, or sending nonsense."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
import reflex as rx
from reflex import state as reflex_state
from reflex.event import Event
from reflex.istate.delta import _resolve_delta
from reflex.state import State, _diff_against_initial_state, state_snapshot_hashes

import ocso_app.ocso_app  # noqa: F401  (every state of the app, as in the portal)
from ocso_app.state import hydration
from ocso_app.state.base import SessionBindingMiddleware, SessionState
from ocso_app.state.employer.mass_affiliation import MassAffiliationState
from ocso_app.state.member.base import MemberState
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.reimbursements import ReimbursementsState
from ocso_app.state.public.login import MemberLoginState
from ocso_app.state.staff.queue import StaffQueueState
from tests.support.loops import run_coroutine


def _tree() -> State:
    return State(_reflex_internal_init=True)


def _walk(state: rx.State):
    yield state
    for substate in state.substates.values():
        yield from _walk(substate)


def _reflex_snapshot(root: State) -> dict[str, dict[str, Any]]:
    """What Reflex's own ``dict`` gives for the whole tree: each state's entry built by Reflex."""
    return {state.get_full_name(): rx.State.dict(state)[state.get_full_name()] for state in _walk(root)}


def _compiled_hashes() -> list[str]:
    """The hashes a browser sends on its first page load: those of the compiled initial state."""
    return state_snapshot_hashes(run_coroutine(_resolve_delta(_tree().dict(initial=True))))


async def _page_load_snapshot(root: State, hashes: list[str] | None, *, shortcut: bool) -> dict[str, Any]:
    """What ``hydrate_and_load`` sends: the resolved dict, diffed against the browser's defaults (by Reflex,
    or by ``diff_against_defaults``, which skips the vars that cannot equal their default)."""
    if shortcut:
        await hydration.hold_defaults_for(hashes)
        delta = await _resolve_delta(root.dict())
        return await hydration.diff_against_defaults(delta, hashes) if hashes else delta
    delta = await _resolve_delta(_reflex_snapshot(root))
    return await _diff_against_initial_state(State, delta, hashes) if hashes else delta


def _used_tab() -> State:
    root = _tree()
    reimbursements = root.get_substate(ReimbursementsState.get_full_name().split(".")[1:])
    reimbursements.rows = [{"id": "7", "paid_on": "01/12/2026", "payee": "Vous", "amount": "12,50 €"}]
    reimbursements.rows.append({"id": "8", "paid_on": "02/12/2026", "payee": "Vous", "amount": "1,00 €"})
    reimbursements.totals["paid"] = "13,50 €"  # in place: Reflex's proxy marks it
    home = root.get_substate(HomeState.get_full_name().split(".")[1:])
    home.news = [{"title": "Nouveau", "body": "Texte"}]
    login = root.get_substate(MemberLoginState.get_full_name().split(".")[1:])
    login.error = "Identifiant ou mot de passe incorrect."  # a public form's var lives on its parent
    affiliation = root.get_substate(MassAffiliationState.get_full_name().split(".")[1:])
    affiliation.valid_count = 3  # its computed vars (the button's label, the pages) follow
    return root


@pytest.mark.parametrize("tab", ["new", "used", "reset"])
@pytest.mark.parametrize("browser", ["compiled", "other defaults for one state", "no hashes", "nonsense"])
def test_a_page_load_sends_what_reflex_would(tab: str, browser: str):
    root = _used_tab() if tab != "new" else _tree()
    if tab == "reset":
        root.get_substate([SessionState.get_name()]).reset()
    hashes: list[str] | None = _compiled_hashes()
    if browser == "other defaults for one state":
        index = 1 + sorted(name for name in (s.get_full_name() for s in _walk(root))).index(
            ReimbursementsState.get_full_name()
        )
        hashes[index] = "0" * 16
    elif browser == "no hashes":
        hashes = None
    elif browser == "nonsense":
        hashes = ["x"]

    expected = run_coroutine(_page_load_snapshot(root, hashes, shortcut=False))
    assert reflex_state._initial_snapshot_cache.get(State) is not None  # the shortcut's defaults are known
    assert run_coroutine(_page_load_snapshot(root, hashes, shortcut=True)) == expected
    assert root.dict() == _reflex_snapshot(root)  # outside a page load, nothing is left out
    reimbursements = ReimbursementsState.get_full_name()
    if tab == "used":
        affiliation = expected[MassAffiliationState.get_full_name()]
        assert affiliation["import_label_rx_state_"] == "Importer les 3 lignes valides"
        assert len(expected[reimbursements]["rows_rx_state_"]) == 2
        public_form = MemberLoginState.get_parent_state().get_parent_state().get_full_name()
        assert expected[public_form]["error_rx_state_"].startswith("Identifiant")
        assert expected[reimbursements]["totals_rx_state_"] == {"paid": "13,50 €"}
    elif browser == "other defaults for one state":
        assert reimbursements in expected  # that browser gets the state's defaults in full


def test_the_diff_keeps_a_non_empty_list_without_serialising_it(monkeypatch):
    """A var whose default is empty and whose value is not is sent as it is: Reflex's diff serialises only
    the others (here, the one var still at its default)."""
    run_coroutine(_page_load_snapshot(_tree(), _compiled_hashes(), shortcut=False))  # Reflex's defaults
    name = ReimbursementsState.get_full_name()
    rows = [{"id": "7", "amount": "12,50 €"}]
    serialised: list[Any] = []
    serialise = reflex_state._serialize_var
    monkeypatch.setattr(
        reflex_state, "_serialize_var", lambda value: serialised.append(value) or serialise(value)
    )

    diff = run_coroutine(
        hydration.diff_against_defaults(
            {name: {"rows_rx_state_": rows, "expanded_id_rx_state_": ""}}, _compiled_hashes()
        )
    )

    assert diff == {name: {"rows_rx_state_": rows}} and serialised == [""]


def _unshown_page_load(root: State, shown: frozenset[str]) -> tuple[dict[str, Any], list[str]]:
    async def snapshot() -> tuple[dict[str, Any], list[str]]:
        await hydration.hold_defaults_for(_compiled_hashes())
        left_out = hydration.leave_out_unshown_during(
            private_prefix=SessionState.get_full_name() + ".", shown=shown
        )
        try:
            return root.dict(), left_out
        finally:
            hydration.show_all()

    return run_coroutine(snapshot())


def test_a_page_load_leaves_out_of_the_dict_the_states_its_page_does_not_show():
    """Accueil after Mes remboursements: its rows are neither built, resolved nor diffed for a page that
    does not show them, and the browser is recorded as lacking them; a state still at the defaults the
    browser holds is not recorded, a state with computed vars is in when it changed, and nothing is left
    out of any other dict."""
    root = _used_tab()
    home, reimbursements = HomeState.get_full_name(), ReimbursementsState.get_full_name()
    snapshot, left_out = _unshown_page_load(root, frozenset({home, MemberState.get_full_name()}))

    assert home in snapshot and MemberState.get_full_name() not in [*snapshot, *left_out]  # its defaults
    assert MassAffiliationState.get_full_name() in snapshot  # computed vars, changed: always sent
    assert reimbursements not in snapshot and reimbursements in left_out
    assert StaffQueueState.get_full_name() not in snapshot and StaffQueueState.get_full_name() not in left_out
    public_form = MemberLoginState.get_parent_state().get_parent_state().get_full_name()
    assert public_form in snapshot  # not a private state
    assert root.dict() == _reflex_snapshot(root)


def test_a_state_is_pristine_until_a_var_changes_and_again_after_a_reset():
    root = _tree()
    queue = root.get_substate(StaffQueueState.get_full_name().split(".")[1:])
    assert hydration.is_pristine(queue)
    queue.get_value("rows")  # reading changes nothing
    assert hydration.is_pristine(queue)
    queue.page = 2
    assert not hydration.is_pristine(queue)
    queue.reset()
    assert hydration.is_pristine(queue) and queue.page == 1


def test_a_changed_state_stays_changed_through_redis():
    """In Redis mode a state is stored between events (Reflex's own serialisation): the mark travels with
    its vars."""
    root = _tree()
    queue = root.get_substate(StaffQueueState.get_full_name().split(".")[1:])
    queue.page = 3
    assert not hydration.is_pristine(StaffQueueState._deserialize(queue._serialize()))
    queue.reset()
    assert hydration.is_pristine(StaffQueueState._deserialize(queue._serialize()))


def test_a_state_whose_computed_vars_follow_its_own_vars_is_pristine_until_one_changes():
    """The member's space computes its « nouveaux documents » label from its own count: on a new tab its
    dict comes from its class; once the count changed, from Reflex, with the label computed anew."""
    member = _tree().get_substate(MemberState.get_full_name().split(".")[1:])
    assert hydration.computes_from_own_vars(MemberState) and hydration.is_pristine(member)
    member.unread_documents = 2
    assert not hydration.is_pristine(member)
    assert member.dict()[MemberState.get_full_name()] == rx.State.dict(member)[MemberState.get_full_name()]


class _StateLike:
    """What ``computes_from_own_vars`` reads of a state class, around a copy of a real computed var."""

    def __init__(self, var: Any) -> None:
        self.var = var

    def get_full_name(self) -> str:
        return MemberState.get_full_name()

    def get_fields(self) -> dict[str, Any]:
        return MemberState.get_fields()

    @property
    def computed_vars(self) -> dict[str, Any]:
        return {"unread_label": self.var}


def _changed_var(**attributes: Any) -> Any:
    var = copy.copy(MemberState.computed_vars["unread_label"])
    for name, value in attributes.items():
        object.__setattr__(var, name, value)
    return var


@pytest.mark.parametrize(
    "attributes",
    [
        {"_cache": False},  # computed at every read: its value need not be the default
        {"_update_interval": datetime.timedelta(seconds=5)},
        {"_auto_deps": False, "_static_deps": {HomeState.get_full_name(): {"news"}}},  # another state
        {"_auto_deps": False, "_static_deps": {None: {"user_name"}}},  # a var it inherits
    ],
    ids=["uncached", "periodic", "another state", "inherited var"],
)
def test_a_computed_var_not_following_its_states_own_vars_keeps_reflexs_path(attributes: dict[str, Any]):
    real = _StateLike(_changed_var())
    assert hydration.computes_from_own_vars.__wrapped__(real)
    assert not hydration.computes_from_own_vars.__wrapped__(_StateLike(_changed_var(**attributes)))


def test_the_middleware_holds_defaults_for_a_page_load_only():
    hashes = _compiled_hashes()
    root = _tree()
    hydrate = f"{State.get_full_name()}.hydrate_and_load"

    class PageWithoutLoad:
        _unevaluated_pages: dict[str, Any] = {}

        def get_load_events(self, path: str) -> list[Any]:
            return []

        def router(self, path: str) -> str | None:
            return None

    async def held_after(name: str, payload: dict[str, Any]) -> frozenset[str]:
        event = Event(name=name, payload=payload)
        await SessionBindingMiddleware().preprocess(PageWithoutLoad(), root, event)
        return hydration._HELD.get()

    held = run_coroutine(held_after(hydrate, {"hashes": hashes}))
    assert ReimbursementsState.get_full_name() in held
    assert run_coroutine(held_after(hydrate, {"hashes": "not a list"})) == frozenset()
    toggle = f"{ReimbursementsState.get_full_name()}.toggle"
    assert run_coroutine(held_after(toggle, {"hashes": hashes})) == frozenset()


def test_a_tab_changing_its_list_in_place_leaves_the_other_tabs_defaults_alone():
    """The default entry a class gives its pristine states is its own copy: the tab whose state it was read
    from may later change that list in place, and a new tab must still get an empty one."""
    hydration._DEFAULT_ENTRIES.clear()
    first = _tree()
    first.dict()  # the class entries are read from this tab's pristine states
    queue = first.get_substate(StaffQueueState.get_full_name().split(".")[1:])
    queue.rows.append({"id": "1"})  # in place, through Reflex's proxy
    assert not hydration.is_pristine(queue)
    assert _tree().dict()[StaffQueueState.get_full_name()]["rows_rx_state_"] == []


class _Kept:
    """A stand-in state class whose one var the browser keeps."""

    @classmethod
    def get_fields(cls) -> dict[str, str]:
        return {"token": "cookie"}

    @classmethod
    def _is_client_storage(cls, field: str) -> bool:
        return field == "cookie"

    @classmethod
    def get_substates(cls) -> list[type]:
        return []


class _Branch(_Kept):
    """A stand-in state class keeping nothing itself, above one that keeps a var."""

    @classmethod
    def get_fields(cls) -> dict[str, str]:
        return {"name": "plain"}

    @classmethod
    def get_substates(cls) -> list[type]:
        return [_Kept]


def test_reflexs_reset_of_browser_kept_vars_runs_only_on_a_branch_that_has_one(monkeypatch):
    """At every page load Reflex resets the vars the browser keeps, walking every var of every state; the
    portal's states skip the walk where their whole branch keeps none (all of them today), and would not
    skip it above a state that keeps one."""
    assert hydration.keeps_vars_in_browser(_Branch) and hydration.keeps_vars_in_browser(_Kept)
    assert not hydration.keeps_vars_in_browser(State)
    walked: list[str] = []
    monkeypatch.setattr(rx.State, "_reset_client_storage", lambda self: walked.append(type(self).__name__))
    login = MemberLoginState(_reflex_internal_init=True)
    login._reset_client_storage()
    assert walked == []  # a public form keeping nothing: Reflex's walk skipped
    monkeypatch.setattr(hydration, "keeps_vars_in_browser", lambda cls: True)
    login._reset_client_storage()
    assert walked == ["MemberLoginState"]
