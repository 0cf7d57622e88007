"""A tab's private state is bound to the rights it was filled with, not only to its session: an employer user
whose access to a structure is withdrawn or narrowed keeps their session (and their other structures), but
whatever the tab holds from before (a mass affiliation's preview: employees' names, birth dates, e-mails)
is emptied at its next event, before any page load can send it. Reflex's own page load (a page without a
load of its own, such as Mentions légales) sends every state the tab holds, and a state with computed vars
goes in every page load (``page_view``): so the emptying cannot be left to each page's guard."""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx
from reflex.state import State
from reflex_base.event import Event

import ocso_app.ocso_app as portal
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import EmployerProfile
from ocso_app.services import structure_admin
from ocso_app.services.audit import Actor
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from ocso_app.state import page_opening
from ocso_app.state.base import SessionBindingMiddleware
from ocso_app.state.employer.mass_affiliation import MassAffiliationState
from tests.builders import make_company, make_employer
from tests.support.loops import run_coroutine

PREVIEW = [{"line": "2", "last_name": "SECRETNOM", "first_name": "Léa", "birth_date": "12/06/1985"}]


def _tab(path: str, cookie: str) -> State:
    root = State(_reflex_internal_init=True)
    router_data = {"pathname": path, "asPath": path, "headers": {"cookie": cookie}}
    root.router_data = root._update_router_vars(router_data, {})
    return root


def _substate(root: State, cls: type[rx.State]) -> Any:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _page_load(tab: State) -> None:
    """A reload of Mentions légales: Reflex's own page load, which sends the whole tree after the binding."""
    event = Event(name=page_opening.hydrate_and_load(), payload={})
    assert run_coroutine(SessionBindingMiddleware().preprocess(portal.app, tab, event)) is None


@pytest.fixture
def hr_tab() -> tuple[State, int, int, int]:
    """An HR user's tab holding a mass affiliation preview of their structure, bound to their session."""
    with db_session() as session:
        company = make_company(session)
        admin = make_employer(session, principal_of=(company,))
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        token = start_session(session, account=hr, second_factor_done=True)
        ids = (company.id, admin.id, hr.id)
    tab = _tab(routes.LEGAL_NOTICE, f"{SESSION_COOKIE}={token}")
    _page_load(tab)
    _substate(tab, MassAffiliationState).rows = list(PREVIEW)
    return tab, *ids


def _set_role(company_id: int, admin_id: int, hr_id: int, role: str) -> None:
    with db_session() as session:
        structure_admin.set_user_access(
            session,
            actor=Actor(account_id=admin_id, company_id=company_id),
            structure_ids=[company_id],
            account_id=hr_id,
            roles={company_id: role},
        )


def test_the_tab_keeps_its_work_while_the_rights_stay(hr_tab):
    tab, *_ = hr_tab
    _page_load(tab)
    assert _substate(tab, MassAffiliationState).rows == PREVIEW


@pytest.mark.parametrize("role", [structure_admin.NO_ROLE, EmployerProfile.SICK_LEAVE.value])
def test_a_withdrawn_or_narrowed_access_empties_what_the_tab_held_before_a_page_load_sends_it(hr_tab, role):
    tab, company_id, admin_id, hr_id = hr_tab
    _set_role(company_id, admin_id, hr_id, role)
    _page_load(tab)
    assert _substate(tab, MassAffiliationState).rows == []
    snapshot = tab.dict()
    assert "SECRETNOM" not in repr(snapshot)
