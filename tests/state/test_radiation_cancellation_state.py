"""« Annuler la radiation » on the fiche salarié(e), called as the guard calls it (the caller injected, the
employee's id the one the page's URL gave): guarded by the radiation's own action, nothing the browser may
name; HR with that right sees it, cancels once and reads the restored status; a viewer sees neither the
action nor the note; another structure's employee is « introuvable » and nothing is written."""

from __future__ import annotations

import inspect
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import AccountKind, AffiliationStatus, AuditEvent, Company, Employee, EmployerProfile
from ocso_app.services import audit, employer_access
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.radiation import radiate
from ocso_app.services.radiation_cancellation import ALREADY_CANCELLED, NOT_FOUND
from ocso_app.services.sessions import Principal
from ocso_app.state.base import is_guarded
from ocso_app.state.employer.base import ALL_STRUCTURES, NEEDS, EmployerCaller
from ocso_app.state.employer.radiation import RadiationState
from ocso_app.state.employer.staff_record import StaffRecordState
from tests.builders import make_employer, new_email
from tests.builders.roster import make_covered_employee, make_plans
from tests.support.mailbox import Mailbox

HELPERS = ("_fill", "_done", "_clear", "_author", "_scope", "_chosen", "_change_status")


class Fiche(SimpleNamespace):
    """The fiche's state as a handler sees it: its vars, its helpers, the employee the URL named."""

    def __init__(self, employee_id: int) -> None:
        super().__init__(**{name: field.default for name, field in StaffRecordState.__fields__.items()})
        self.current_structure, self._employee_id = ALL_STRUCTURES, employee_id
        for name in HELPERS:
            setattr(self, name, getattr(StaffRecordState, name).__get__(self))


def _caller(account_id: int, action: EmployerAction) -> EmployerCaller:
    with db_session() as session:
        grants = employer_access.granted_structures(session, account_id=account_id)
    scope = employer_access.scope_of(grants, account_id=account_id, action=action)
    assert scope is not None
    principal = Principal(account_id, AccountKind.EMPLOYER, "RH", 0)
    return EmployerCaller(principal, scope, tuple(grants), audit.Actor(account_id=account_id))


def _radiated_employee(email: str | None = None) -> tuple[int, int, int]:
    """A company whose employee was radiated today by démission: (company id, employee id, HR's id)."""
    with db_session() as session:
        plans = make_plans(session)
        employee = make_covered_employee(session, plans=plans, family=True)
        employee.email = email
        hr = make_employer(session, principal_of=(plans.company,))
        radiate(
            session,
            employee,
            left_on=paris_today() - timedelta(days=3),
            reason="demission",
            by=StatusAuthor(hr.id, "RH (RH)"),
            actor=audit.Actor(account_id=hr.id, company_id=plans.company.id),
            today=paris_today(),
        )
        return plans.company.id, employee.id, hr.id


def _cancel(fiche: Fiche, caller: EmployerCaller) -> None:
    StaffRecordState.event_handlers["cancel_radiation"].fn.__wrapped__(fiche, caller)


def _written(company_id: int, employee_id: int) -> tuple:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(AuditEvent.company_id == company_id)),
            session.scalar(select(Employee.status).where(Employee.id == employee_id)),
        )


def test_the_cancellation_needs_the_radiations_action_and_takes_nothing_from_the_browser():
    handler = StaffRecordState.event_handlers["cancel_radiation"].fn
    radiation_action = getattr(RadiationState.event_handlers["confirm"].fn, NEEDS)
    assert is_guarded(handler) and getattr(handler, NEEDS) == radiation_action
    assert list(inspect.signature(handler).parameters) == ["self"]


def test_hr_cancels_once_and_reads_the_restored_status(mailbox: Mailbox):
    email = new_email()
    company_id, employee_id, hr_id = _radiated_employee(email)
    caller, fiche = _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES), Fiche(employee_id)
    fiche._fill(caller)
    assert fiche.can_cancel_radiation and fiche.cancellation_note == "" and not fiche.can_radiate

    _cancel(fiche, caller)
    assert fiche.error == "" and "est annulée" in fiche.info and "« Affilié(e) »" in fiche.info
    assert fiche.identity["status_code"] == AffiliationStatus.AFFILIATED.value
    assert fiche.can_radiate and not fiche.can_cancel_radiation
    assert fiche.history[0]["note"].startswith("Annulation de la radiation")
    done = _written(company_id, employee_id)

    _cancel(fiche, caller)  # a second click, a replayed event
    assert fiche.error == ALREADY_CANCELLED and fiche.info == ""
    assert _written(company_id, employee_id) == done
    assert len(mailbox.wait_for(email, count=2)) == 2


def test_a_viewer_sees_neither_the_action_nor_the_note():
    company_id, employee_id, _hr_id = _radiated_employee()
    with db_session() as session:
        company = session.get(Company, company_id)
        viewer = make_employer(session, grants={company: EmployerProfile.READ_ONLY}).id
    fiche = Fiche(employee_id)
    fiche._fill(_caller(viewer, EmployerAction.VIEW_EMPLOYEES))
    assert fiche.found and not fiche.can_cancel_radiation and fiche.cancellation_note == ""


def test_another_structures_employee_is_not_found_and_nothing_is_written():
    company_id, employee_id, _hr_id = _radiated_employee()
    _other_company, _other_employee, intruder = _radiated_employee()
    before = _written(company_id, employee_id)
    fiche = Fiche(employee_id)  # an id of another company, as a tampered URL would give it
    _cancel(fiche, _caller(intruder, EmployerAction.MANAGE_EMPLOYEES))
    assert fiche.error == NOT_FOUND and not fiche.found
    assert _written(company_id, employee_id) == before == (before[0], AffiliationStatus.RADIATED)


def test_the_radiation_dialog_writes_under_manage_employees_and_closes_under_view_employees():
    """Whoever may open the fiche may have its dialog closed (the fiche does it when it opens); every step
    that reads the employees or writes needs the right to manage them."""
    needs = {
        name: getattr(RadiationState.event_handlers[name].fn, NEEDS) for name in ("start", "check", "confirm")
    }
    assert set(needs.values()) == {EmployerAction.MANAGE_EMPLOYEES}
    close = RadiationState.event_handlers["close"].fn
    assert is_guarded(close) and getattr(close, NEEDS) == EmployerAction.VIEW_EMPLOYEES
