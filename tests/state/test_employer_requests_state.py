"""The Démarches page of the Espace Employeur: each kind's handler is guarded by that kind's own action, so a
profile that may not send a kind is refused by the guard before the service is reached (the browser test
calls the handler directly over the websocket). « Salarié concerné » is searched and picked within the
structure chosen in the form, among the kind's structures, and a submission naming anybody else writes
nothing."""

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind, Employee, EmployerProfile, Request
from ocso_app.services import employer_access, requests
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.requests import KIND_ACTIONS, NAMING_KINDS
from ocso_app.services.sessions import Principal
from ocso_app.state.base import own_handlers
from ocso_app.state.employer.base import NEEDS, EmployerCaller
from ocso_app.state.employer.requests import (
    KINDS,
    NOBODY,
    NOBODY_PICKED,
    PICKS,
    SEARCHES,
    UPLOADS,
    EmployerRequestsState,
)
from tests.builders import make_company, make_employee, make_employer
from tests.state.test_page_opening import _substate, _tab


@pytest.mark.parametrize("kind", KINDS)
def test_each_kinds_handler_needs_the_kinds_own_action(kind):
    assert getattr(UPLOADS[kind].fn, NEEDS) == KIND_ACTIONS[kind]


def test_the_kinds_and_their_actions_follow_the_guide():
    assert KIND_ACTIONS == {
        "salaries": EmployerAction.MANAGE_EMPLOYEES,
        "coordonnees_entreprise": EmployerAction.ADMINISTER_USERS,
        "arrets_travail": EmployerAction.MANAGE_SICK_LEAVE,
        "cotisations": EmployerAction.MANAGE_CONTRIBUTIONS,
        "question_entreprise": EmployerAction.VIEW_STRUCTURE,
    }


def test_opening_the_page_needs_only_to_see_the_structure():
    handler = EmployerRequestsState.event_handlers["load"].fn
    assert getattr(handler, NEEDS) == EmployerAction.VIEW_STRUCTURE


REPLY_HANDLERS = ("start_reply", "cancel_reply", "upload_reply")


@pytest.mark.parametrize("kind", NAMING_KINDS)
def test_the_employee_search_and_choice_need_the_kinds_own_action(kind):
    assert getattr(SEARCHES[kind].fn, NEEDS) == getattr(PICKS[kind].fn, NEEDS) == KIND_ACTIONS[kind]


def test_every_public_handler_of_the_page_is_one_of_those():
    """No handler takes a form's fields apart from its files: each kind's upload handler gets both. The
    help search of « Poser une question » reads OCSO's answers only, with the page's own right; the reply
    handlers too (the service checks the démarche's kind against the profile: test_request_replies).
    « Salarié concerné »'s search and choice exist for the kinds that name an employee only."""
    public = set(own_handlers(EmployerRequestsState))
    pickers = {h.fn.__name__ for h in (*SEARCHES.values(), *PICKS.values())}
    assert set(SEARCHES) == set(PICKS) == set(NAMING_KINDS) == {"salaries", "arrets_travail"}
    assert public == {
        "load",
        "search_help",
        "show_older",
        *REPLY_HANDLERS,
        *(h.fn.__name__ for h in UPLOADS.values()),
        *pickers,
    }
    for name in ("search_help", "show_older", *REPLY_HANDLERS):
        assert getattr(EmployerRequestsState.event_handlers[name].fn, NEEDS) == EmployerAction.VIEW_STRUCTURE


# --- « Salarié concerné », called as the guard calls the handlers


@dataclass(frozen=True)
class Picking:
    """An HR user (gestion des salariés on a head office and its branch), their tab, the employees named alike
    on the branch, the head office and another company."""

    caller: EmployerCaller
    page: EmployerRequestsState
    head: int
    branch: int
    other: int
    mine: int
    at_head: int
    elsewhere: int


@pytest.fixture
def picking() -> Picking:
    with db_session() as session:
        head = make_company(session)
        branch = make_company(session, parent=head)
        other = make_company(session)
        name = f"Picker{uuid.uuid4().hex[:6]}"
        mine, at_head, elsewhere = (
            make_employee(session, company=c, last_name=name, first_name="Camille")
            for c in (branch, head, other)
        )
        hr = make_employer(
            session, grants={head: EmployerProfile.STAFF_MANAGEMENT, branch: EmployerProfile.STAFF_MANAGEMENT}
        )
        grants = employer_access.granted_structures(session, account_id=hr.id)
        scope = employer_access.scope_of(grants, account_id=hr.id, action=EmployerAction.MANAGE_EMPLOYEES)
        assert scope is not None
        caller = EmployerCaller(
            Principal(hr.id, AccountKind.EMPLOYER, "RH", 0), scope, tuple(grants), Actor(account_id=hr.id)
        )
        ids = (head.id, branch.id, other.id, mine.id, at_head.id, elsewhere.id)
    page = _substate(_tab(routes.EMPLOYER_REQUESTS), EmployerRequestsState)
    return Picking(caller, page, *ids)


def _call(p: Picking, handler, *arguments):
    return handler.fn.__wrapped__(p.page, p.caller, *arguments)


def _name_of(p: Picking) -> str:
    with db_session() as session:
        return session.get(Employee, p.mine).last_name


def test_the_search_lists_the_forms_structures_employees_only(picking):
    p, salaries = picking, requests.EMPLOYEES
    _call(p, SEARCHES[salaries], str(p.branch), _name_of(p)[:8].lower())
    assert [m["id"] for m in p.page.matches[salaries]] == [str(p.mine)]
    assert p.page.matches[salaries][0]["hint"] == "né(e) en 1985 · Affilié(e)"
    _call(p, SEARCHES[salaries], str(p.branch), "zzzz introuvable")
    assert p.page.matches[salaries] == [] and p.page.picker_notes[salaries] == NOBODY


@pytest.mark.parametrize(
    ("structure", "note"),
    [("other", requests.KIND_NOT_ALLOWED), ("", requests.BAD_STRUCTURE), ("abc", requests.BAD_STRUCTURE)],
)
def test_the_search_refuses_another_companys_structure_and_asks_for_one(picking, structure, note):
    p = picking
    _call(p, SEARCHES[requests.EMPLOYEES], str(getattr(p, structure, structure)), _name_of(p))
    assert p.page.matches[requests.EMPLOYEES] == [] and p.page.picker_notes[requests.EMPLOYEES] == note


def test_picking_checks_the_employee_against_the_forms_structure(picking):
    p, salaries = picking, requests.EMPLOYEES
    for forged in (p.at_head, p.elsewhere, "abc"):
        _call(p, PICKS[salaries], str(p.branch), str(forged))
        assert p.page.picked[salaries] == NOBODY_PICKED
        assert p.page.picker_notes[salaries] == requests.BAD_EMPLOYEE
    _call(p, PICKS[salaries], str(p.branch), str(p.mine))
    assert p.page.picked[salaries]["id"] == str(p.mine)
    assert p.page.picked[salaries]["name"] == f"{_name_of(p)} Camille"
    _call(p, PICKS[salaries], str(p.branch), "")  # « Changer », or another structure chosen
    assert p.page.picked[salaries] == NOBODY_PICKED and p.page.picker_notes[salaries] == ""


def _sent_on(company_id: int) -> int:
    with db_session() as session:
        return session.scalar(select(func.count(Request.id)).where(Request.company_id == company_id))


@pytest.mark.parametrize("employee", ["at_head", "elsewhere", "forged", "none"])
def test_a_submission_naming_nobody_of_the_structure_is_refused_in_french_and_writes_nothing(
    picking, employee
):
    p = picking
    named = {"forged": "999999999", "none": ""}
    employee_id = named[employee] if employee in named else str(getattr(p, employee))
    fields = {"structure": str(p.branch), "topic": "Sortie des effectifs", "message": "Départ fin du mois."}
    p.page._submit(p.caller, requests.EMPLOYEES, fields | {"employee_id": employee_id}, [])
    expected = requests.MISSING_EMPLOYEE if employee == "none" else requests.BAD_EMPLOYEE
    assert p.page.errors[requests.EMPLOYEES] == expected and p.page.infos[requests.EMPLOYEES] == ""
    assert _sent_on(p.branch) == _sent_on(p.head) == _sent_on(p.other) == 0


def test_a_submission_with_the_employee_picked_forgets_the_choice_for_the_next_one(picking):
    p, salaries = picking, requests.EMPLOYEES
    _call(p, PICKS[salaries], str(p.branch), str(p.mine))
    fields = {"structure": str(p.branch), "topic": "Sortie des effectifs", "message": "Départ fin du mois."}
    p.page._submit(p.caller, salaries, fields | {"employee_id": str(p.mine)}, [])
    assert p.page.errors[salaries] == "" and "est envoyée" in p.page.infos[salaries]
    assert p.page.picked[salaries] == NOBODY_PICKED
    with db_session() as session:
        request = session.scalar(select(Request).where(Request.company_id == p.branch))
        assert request.payload["employee_id"] == p.mine


def test_the_history_lists_the_newest_then_goes_further_back_on_demand(picking):
    """« Mes derniers envois » lists the 20 newest of the caller's structures and says older ones exist;
    « Afficher les démarches plus anciennes » lists more, never another company's."""
    from datetime import UTC, datetime, timedelta

    from ocso_app.models import Company
    from ocso_app.services.requests import HISTORY_LENGTH
    from tests.builders import make_request

    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with db_session() as session:
        branch, other = session.get(Company, picking.branch), session.get(Company, picking.other)
        for day in range(HISTORY_LENGTH + 3):
            make_request(
                session,
                company=branch,
                kind="question_entreprise",
                subject=f"Envoi {day:02d}",
                sent_at=start + timedelta(days=day),
            )
        make_request(session, company=other, kind="question_entreprise", subject="Envoi d'une autre société")
    _call(picking, EmployerRequestsState.event_handlers["load"])
    assert len(picking.page.latest) == HISTORY_LENGTH and picking.page.has_older
    _call(picking, EmployerRequestsState.event_handlers["show_older"])
    subjects = [r.subject for r in picking.page.latest]
    assert subjects == [f"Envoi {d:02d}" for d in reversed(range(HISTORY_LENGTH + 3))]
    assert not picking.page.has_older


def test_the_page_names_the_structures_dedicated_contacts(picking):
    """Guide 003, « Envoi et suivi de demandes »: « Vous pouvez également retrouver vos interlocuteurs
    dédiés »: the page where demands are sent names them (they were on Accueil only); never another
    company's."""
    from ocso_app.models import Company, StaffRole
    from tests.builders import make_staff

    with db_session() as session:
        mine, theirs = (
            make_staff(session, role=StaffRole.ENTREPRISES),
            make_staff(session, role=StaffRole.ENTREPRISES),
        )
        session.get(Company, picking.head).account_manager_id = mine.id
        session.get(Company, picking.other).account_manager_id = theirs.id
        mine_email, theirs_email = mine.email, theirs.email
    _call(picking, EmployerRequestsState.event_handlers["load"])
    assert [c["email"] for c in picking.page.dedicated] == [mine_email]
    assert picking.page.dedicated[0]["href"] == f"mailto:{mine_email}"
    assert theirs_email not in str(picking.page.dedicated)
