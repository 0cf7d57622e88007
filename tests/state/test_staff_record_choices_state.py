"""« Suivi de l'affiliation » on the fiche salarié(e), called as the guard calls it (the caller injected, the
employee's id the one the page's URL gave): its handlers need the right to manage the employees and take no
id from the browser; HR reads the two addresses, is told when nobody receives them any more, and changes
them; a viewer cannot; another structure's employee is « introuvable » and nothing is written."""

from __future__ import annotations

import inspect

from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    Company,
    Employee,
    EmployeeContract,
    EmployerProfile,
)
from ocso_app.models.base import utcnow
from ocso_app.services import staff_record
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.pre_affiliation import BAD_EMAIL
from ocso_app.state.base import is_guarded
from ocso_app.state.employer.base import NEEDS
from ocso_app.state.employer.staff_record import CHOICES_SAVED, StaffRecordState
from tests.builders import make_employee, make_employer, new_email
from tests.builders.roster import make_plans
from tests.state.test_radiation_cancellation_state import Fiche, _caller


def _pending_employee() -> tuple[int, int, int]:
    """A company's employee invited today by its HR user, who chose the addresses: (company, employee, HR)."""
    with db_session() as session:
        plans = make_plans(session)
        hr = make_employer(session, principal_of=(plans.company,))
        employee = make_employee(
            session,
            company=plans.company,
            status=AffiliationStatus.PENDING,
            invited_at=utcnow(),
            email=new_email(),
        )
        employee.dispense_email, employee.notify_hr_email = "rh@example.org", hr.email
        employee.invited_by_account_id = hr.id
        session.add(
            EmployeeContract(employee_id=employee.id, contract_id=plans.health.id, start_date=paris_today())
        )
        return plans.company.id, employee.id, hr.id


class ChoicesFiche(Fiche):
    """The fiche with the refusal counter its forms' handlers bump."""

    def __init__(self, employee_id: int) -> None:
        super().__init__(employee_id)
        self._refused = StaffRecordState._refused.__get__(self)


def _call(name: str, fiche: Fiche, caller, *args) -> None:
    StaffRecordState.event_handlers[name].fn.__wrapped__(fiche, caller, *args)


def _written(company_id: int, employee_id: int) -> tuple:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(AuditEvent.company_id == company_id)),
            session.execute(
                select(Employee.dispense_email, Employee.notify_hr_email).where(Employee.id == employee_id)
            ).one(),
        )


def test_the_choices_handlers_need_manage_employees_and_take_no_id_from_the_browser():
    for name in ("edit_choices", "save_choices"):
        handler = StaffRecordState.event_handlers[name].fn
        assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.MANAGE_EMPLOYEES
        assert not any("id" in p for p in inspect.signature(handler).parameters)


def test_hr_reads_and_changes_the_choices():
    company_id, employee_id, hr_id = _pending_employee()
    caller, fiche = _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES), ChoicesFiche(employee_id)
    fiche._fill(caller)
    assert fiche.choices["dispense_email"] == "rh@example.org" and fiche.choices_note == ""
    _call("edit_choices", fiche, caller, True)
    assert fiche.editing_choices

    before = _written(company_id, employee_id)[0]
    _call("save_choices", fiche, caller, {"dispense_email": "rh@", "notify_email": ""})
    assert fiche.errors == {"dispense_email": BAD_EMAIL} and _written(company_id, employee_id)[0] == before
    assert fiche.editing_choices and fiche.choices["dispense_email"] == "rh@"  # what was typed stays

    _call("edit_choices", fiche, caller, False)  # « Annuler »: the saved addresses, not the refused ones
    assert not fiche.editing_choices and fiche.choices["dispense_email"] == "rh@example.org"
    _call("edit_choices", fiche, caller, True)
    _call("save_choices", fiche, caller, {"dispense_email": "paie@example.org", "notify_email": ""})
    assert fiche.info == CHOICES_SAVED and fiche.error == "" and not fiche.editing_choices
    assert fiche.choices == {"dispense_email": "paie@example.org", "notify_email": ""}
    assert _written(company_id, employee_id)[1] == ("paie@example.org", None)


def test_a_viewer_may_not_edit_and_the_note_says_when_the_chooser_is_gone():
    company_id, employee_id, hr_id = _pending_employee()
    with db_session() as session:
        company = session.get(Company, company_id)
        viewer = make_employer(session, grants={company: EmployerProfile.READ_ONLY}).id
        session.get(Account, hr_id).is_active = False  # the HR user who chose the addresses left
    fiche = ChoicesFiche(employee_id)
    fiche._fill(_caller(viewer, EmployerAction.VIEW_EMPLOYEES))
    assert fiche.found and fiche.choices and fiche.choices_note == staff_record.CHOICES_UNUSED
    assert not fiche.can_manage
    _call("edit_choices", fiche, _caller(viewer, EmployerAction.VIEW_EMPLOYEES), True)
    assert not fiche.editing_choices


def test_another_structures_employee_is_not_found_and_nothing_is_written():
    company_id, employee_id, _hr_id = _pending_employee()
    _other, _other_employee, intruder = _pending_employee()
    before = _written(company_id, employee_id)
    fiche = ChoicesFiche(employee_id)  # an id of another company, as a tampered URL would give it
    _call(
        "save_choices",
        fiche,
        _caller(intruder, EmployerAction.MANAGE_EMPLOYEES),
        {"dispense_email": "x@example.org"},
    )
    assert fiche.error == staff_record.NOT_FOUND and not fiche.found
    assert _written(company_id, employee_id) == before


def test_an_address_too_long_is_refused_whole_not_cut_into_another_one():
    """An address of 262 characters is refused; cut at the 254 an address may hold, it read as another valid
    address (« …@….fr » instead of « …@….france.org ») and was saved for the employee's dispense requests."""
    company_id, employee_id, hr_id = _pending_employee()
    caller, fiche = _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES), ChoicesFiche(employee_id)
    fiche._fill(caller)
    _call("edit_choices", fiche, caller, True)
    cut = "paie@" + "a" * 63 + "." + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + ".fr"
    assert len(cut) == 254
    before = _written(company_id, employee_id)
    _call("save_choices", fiche, caller, {"dispense_email": cut + "ance.org", "notify_email": ""})
    assert fiche.errors == {"dispense_email": BAD_EMAIL}
    assert _written(company_id, employee_id) == before
