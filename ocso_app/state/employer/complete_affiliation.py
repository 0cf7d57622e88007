"""HR's affiliation complète (guide 003): HR fills, for one pending employee of its structures, what the
employee would have filled on their page (the shared form, ``state.affiliation_form``); the employee is
affiliated at once and receives the welcome e-mail.

Every handler goes through ``scoped_event(MANAGE_EMPLOYEES)``; the employee (``?salarie=``, read once at
load and kept backend-only) is looked up again at every call within the structures the guard allows: an id
of another structure, or an employee no longer to affiliate, is « introuvable » and nothing is written. A
reload or a lost connection (the page's load again) keeps the form being filled for the same employee.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, Employee
from ocso_app.models.base import utcnow
from ocso_app.services import enrolment
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_date
from ocso_app.services.ids import parse_id
from ocso_app.state.affiliation_form import OPTION, EnrolmentForm
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.workers import off_loop

NOT_FOUND = (
    "Salarié(e) introuvable, ou déjà affilié(e) ou dispensé(e) : revenez à la liste de vos salarié(e)s."
)
MANAGE = EmployerAction.MANAGE_EMPLOYEES


class CompleteAffiliationState(EnrolmentForm, EmployerState):
    """The shared form's vars and the employee's name."""

    employee_name: str = ""
    record_href: str = ""  # the employee's fiche, offered once the affiliation is recorded
    _employee_id: int = 0

    def _employee(self, session: Session, employer: EmployerCaller) -> Employee | None:
        employee = enrolment.pending_employee(session, self._employee_id, employer.structure_ids)
        if employee is None:
            self._clear_form()
            self.employee_name, self.form_error = "", NOT_FOUND
        return employee

    @scoped_event(MANAGE, opens_page=True)
    def load(self, employer: EmployerCaller):
        previous = self._employee_id
        self._employee_id = parse_id(self.router.url.query_parameters.get("salarie", "")) or 0
        with db_session() as session:
            employee = self._employee(session, employer)
            if employee is None:
                return
            if previous != employee.id or self.step == OPTION:  # a reload keeps the form being filled
                self._start_form(session, employee, paris_date(utcnow()))
            self.employee_name = f"{employee.civility} {employee.first_name} {employee.last_name.upper()}"
            self.record_href = f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee.id}"

    @scoped_event(MANAGE)
    def submit_option(self, employer: EmployerCaller, form: dict):
        with db_session() as session:
            if (employee := self._employee(session, employer)) is not None:
                self._submit_option(session, employee, form, paris_date(utcnow()))

    @scoped_event(MANAGE)
    def add_beneficiary(self, employer: EmployerCaller, form: dict):
        with db_session() as session:
            if (employee := self._employee(session, employer)) is not None:
                self._add_beneficiary(session, employee, form, paris_date(utcnow()))

    @scoped_event(MANAGE)
    def remove_beneficiary(self, employer: EmployerCaller, index: int):
        self._remove_beneficiary(index)

    @scoped_event(MANAGE)
    def to_bank(self, employer: EmployerCaller):
        self._to_bank()

    @scoped_event(MANAGE)
    def submit_bank(self, employer: EmployerCaller, form: dict):
        with db_session() as session:
            if (employee := self._employee(session, employer)) is not None:
                self._submit_bank(session, employee, form, paris_date(utcnow()))

    @scoped_event(MANAGE)
    def go_to(self, employer: EmployerCaller, step: str):
        self._go_to(str(step))

    @scoped_event(MANAGE)
    @off_loop  # draws the mandate PDF
    def confirm(self, employer: EmployerCaller):
        with db_session() as session:
            employee = self._employee(session, employer)
            account = session.get(Account, employer.principal.account_id)
            if employee is None or account is None:
                return
            self._confirm(
                session,
                employee,
                by=StatusAuthor.of_account(account, "RH"),
                actor=employer.actor(employee.company_id),
                now=utcnow(),
            )
