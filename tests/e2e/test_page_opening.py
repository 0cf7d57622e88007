"""A page opens in one event and one frame (``ocso_app.state.page_opening``): Reflex's ``on_load_internal``
runs the page's load itself, behind the same guard and session binding as any private event, and the page
is marked hydrated in the same delta; a reload sends only the states the page shows. Over the raw websocket,
as a browser sends them."""

from __future__ import annotations

import json
from typing import Any

from reflex.state import OnLoadInternalState, State

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.state.member.home import HomeState, MemberSummaryState
from ocso_app.state.member.reimbursements import ReimbursementsState
from tests.builders import make_care_member, make_employer
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name

NAVIGATE = handler_name(OnLoadInternalState, "on_load_internal")


def _updates(frames: list[str]) -> list[dict[str, Any]]:
    """The state updates of Socket.IO ``event`` frames (``42/_event,["event", {...}]``)."""
    updates = []
    for frame in frames:
        if frame.startswith("42"):
            name, update = json.loads(frame[frame.index("[") :])[:2]
            if name == "event":
                updates.append(update)
    return updates


def _hydrated(update: dict[str, Any]) -> bool | None:
    return update.get("delta", {}).get(State.get_full_name(), {}).get("is_hydrated_rx_state_")


def _member(first_name: str) -> tuple[str, str, list[int]]:
    """A member with décomptes: (cookie, member number, the décomptes' ids)."""
    with db_session() as session:
        member = make_care_member(session, first_name=first_name, last_name="OUVERTURE")
    return cookie_for(member.account_id), member.member_number, member.statement_ids


def test_opening_mes_remboursements_is_one_frame_with_the_page_and_hydrated(live_app):
    cookie, _number, statement_ids = _member("Alice")
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    updates = _updates(tab.call(NAVIGATE, path=routes.MEMBER_REIMBURSEMENTS))
    tab.close()
    assert len(updates) == 1, updates
    delta = updates[0]["delta"]
    rows = delta[ReimbursementsState.get_full_name()]["rows_rx_state_"]
    assert sorted(int(row["id"]) for row in rows) == sorted(statement_ids)
    assert _hydrated(updates[0]) is True


def test_a_refused_opening_sends_nothing_private_and_is_hydrated(live_app):
    with db_session() as session:
        employer = make_employer(session)
        employer_id = employer.id
    for cookie in (None, cookie_for(employer_id), "ocso_session=forged"):
        tab = RawReflexSocket(live_app.url, cookie=cookie)
        updates = _updates(tab.call(NAVIGATE, path=routes.MEMBER_REIMBURSEMENTS))
        tab.close()
        redirects = [e for u in updates for e in u.get("events", []) if e["name"] == "_redirect"]
        assert redirects, (cookie, updates)
        shown = [u.get("delta", {}).get(ReimbursementsState.get_full_name(), {}) for u in updates]
        assert all(not page.get("rows_rx_state_") for page in shown)  # emptied, if sent at all
        assert any(_hydrated(u) is True for u in updates)


def test_an_opening_with_another_members_cookie_gets_only_theirs(live_app):
    first_cookie, first_number, _ = _member("Bruno")
    second_cookie, second_number, _ = _member("Chloé")
    tab = RawReflexSocket(live_app.url, cookie=first_cookie)
    assert first_number in " ".join(tab.call(NAVIGATE, path=routes.MEMBER_HOME))
    tab.close()
    same_tab = RawReflexSocket(live_app.url, token=tab.token, cookie=second_cookie)
    frames = " ".join(same_tab.call(NAVIGATE, path=routes.MEMBER_HOME))
    same_tab.close()
    assert second_number in frames and first_number not in frames


def test_a_page_load_sends_the_page_once_in_one_hydrated_snapshot(live_app):
    cookie, number, _ids = _member("Denise")
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    tab.call(NAVIGATE, path=routes.MEMBER_HOME)  # the tab has shown Accueil: its state holds it
    tab.close()
    reloaded = RawReflexSocket(live_app.url, token=tab.token, cookie=cookie)
    frames = reloaded.call(handler_name(State, "hydrate_and_load"), path=routes.MEMBER_HOME)
    reloaded.close()
    updates = _updates(frames)
    assert [_hydrated(update) for update in updates] == [True], updates
    assert updates[0]["delta"][MemberSummaryState.get_full_name()]["member_number_rx_state_"] == number
    assert HomeState.get_full_name() in updates[0]["delta"]
    assert sum(number in frame for frame in frames) == 1


def test_a_reload_leaves_out_the_pages_it_does_not_show_until_the_tab_opens_them(live_app):
    """The tab still holds Mes remboursements when Accueil is reloaded: the reload does not send it, and
    opening Mes remboursements afterwards does (``page_view``)."""
    cookie, number, statement_ids = _member("Fanny")
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    tab.call(NAVIGATE, path=routes.MEMBER_REIMBURSEMENTS)
    tab.close()
    reloaded = RawReflexSocket(live_app.url, token=tab.token, cookie=cookie)
    [accueil] = _updates(reloaded.call(handler_name(State, "hydrate_and_load"), path=routes.MEMBER_HOME))
    [opened] = _updates(reloaded.call(NAVIGATE, path=routes.MEMBER_REIMBURSEMENTS))
    reloaded.close()
    assert accueil["delta"][MemberSummaryState.get_full_name()]["member_number_rx_state_"] == number
    assert ReimbursementsState.get_full_name() not in accueil["delta"]
    rows = opened["delta"][ReimbursementsState.get_full_name()]["rows_rx_state_"]
    assert sorted(int(row["id"]) for row in rows) == sorted(statement_ids)


def test_a_refused_page_load_sends_an_empty_page_then_the_way_to_log_in(live_app):
    cookie, number, _ids = _member("Émile")
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    tab.call(NAVIGATE, path=routes.MEMBER_HOME)
    tab.close()
    for other in (None, "ocso_session=forged"):
        reloaded = RawReflexSocket(live_app.url, token=tab.token, cookie=other)
        frames = reloaded.call(handler_name(State, "hydrate_and_load"), path=routes.MEMBER_HOME)
        reloaded.close()
        updates = _updates(frames)
        assert not any(number in frame for frame in frames)
        assert [_hydrated(update) for update in updates if update.get("delta")] == [True]
        assert updates[-1]["events"][0]["name"] == "_redirect"
