"""An employee dispensed from the santé plan, as HR's pages draw them (handlers called as the guard calls
them, the caller injected): Assurés lists them on the prévoyance contract alone, with no « Détail santé »
(the handler opens nothing) but with their attestation d'adhésion; their fiche lists the prévoyance
registration alone."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.models.base import utcnow
from ocso_app.services import audit, dispense_decisions, employer_access
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.sessions import Principal
from ocso_app.state.employer.base import ALL_STRUCTURES, EmployerCaller
from ocso_app.state.employer.employees import EmployeesState
from ocso_app.state.employer.staff_record import StaffRecordState
from tests.builders import make_employer
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import make_plans, make_pre_affiliated
from tests.state.test_page_opening import _tab


def _handler(state: type, name: str):
    return state.event_handlers[name].fn.__wrapped__


def _page(state: type, helpers: tuple[str, ...], **more) -> SimpleNamespace:
    """The state as a handler sees it: its vars' defaults and its helpers."""
    page = SimpleNamespace(**{**{name: field.default for name, field in state.__fields__.items()}, **more})
    page.current_structure = ALL_STRUCTURES
    for name in helpers:
        setattr(page, name, getattr(state, name).__get__(page))
    return page


def _dispensed_employee() -> tuple[int, int, str]:
    """(employee id, HR's account id, the santé contract's label): an employee pré-affiliated on both
    contracts today, whose dispense HR accepted (committed)."""
    now, today = utcnow(), paris_today()
    with db_session() as session:
        plans = make_plans(session)
        hr = make_employer(session, principal_of=(plans.company,))
        by, actor = StatusAuthor(hr.id, "RH (RH)"), audit.Actor(account_id=hr.id)
        employee = make_pre_affiliated(session, plans=plans, hired_on=today, by=by, actor=actor, now=now)
        request = make_dispense_request(session, employee=employee, ends_on=today + timedelta(days=90))
        dispense_decisions.accept(
            session, structure_ids=[plans.company.id], request_id=request.id, by=by, actor=actor, now=now
        )
        return employee.id, hr.id, plans.health.label


def _caller(account_id: int) -> EmployerCaller:
    with db_session() as session:
        grants = employer_access.granted_structures(session, account_id=account_id)
    scope = employer_access.scope_of(grants, account_id=account_id, action=EmployerAction.VIEW_EMPLOYEES)
    assert scope is not None
    principal = Principal(account_id, AccountKind.EMPLOYER, "RH", 0)
    return EmployerCaller(principal, scope, tuple(grants), audit.Actor(account_id=account_id))


def test_assures_lists_a_dispensed_employee_on_the_provident_contract_without_a_health_detail():
    employee_id, hr_id, _ = _dispensed_employee()
    caller = _caller(hr_id)
    page = _page(
        EmployeesState,
        ("_query", "_show", "_close_detail", "_select"),
        router=_tab(routes.EMPLOYER_EMPLOYEES).router,
    )
    _handler(EmployeesState, "load")(page, caller)
    [row] = page.rows
    assert (row["contracts"], row["status"], row["has_health"]) == ("Prévoyance", "Dispensé(e)", "")
    assert row["pdf_href"]  # the attestation d'adhésion of their prévoyance
    _handler(EmployeesState, "show_detail")(page, caller, str(employee_id))
    assert not page.detail_open and page.detail == {} and page.detail_people == []


def test_the_fiche_of_a_dispensed_employee_lists_the_provident_registration_alone():
    employee_id, hr_id, health_label = _dispensed_employee()
    fiche = _page(StaffRecordState, ("_fill", "_clear", "_scope", "_chosen"), _employee_id=employee_id)
    fiche._fill(_caller(hr_id))
    assert fiche.found
    assert [cover["kind"] for cover in fiche.covers] == ["Prévoyance"]
    assert health_label not in {cover["contract"] for cover in fiche.covers}
