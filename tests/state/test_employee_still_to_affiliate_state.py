"""An employee still to affiliate, as HR's pages draw them (handlers called as the guard calls them, the
caller injected): Assurés' « Détail santé » says « Date d'adhésion — » as the fiche does, not the santé
registration's start; the fiche's « Relancer par e-mail » keeps the invitation's date, shows the relance as
« Dernière relance » and lists it in « Historique du statut » with who sent it."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Employee
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import format_paris_minute, paris_today
from ocso_app.state.employer.employees import EmployeesState
from ocso_app.state.employer.staff_record import StaffRecordState
from tests.builders import make_employer, new_email
from tests.builders.roster import make_plans, make_pre_affiliated
from tests.state.test_dispensed_employee_state import _handler, _page
from tests.state.test_page_opening import _tab
from tests.state.test_radiation_cancellation_state import Fiche, _caller
from tests.support.mailbox import Mailbox

WAITED = timedelta(days=9)


def _late_employee() -> tuple[int, int, str]:
    """(employee id, HR's account id, the employee's address): pré-affiliated on both contracts and invited
    by e-mail 9 days ago by Thérèse Rolland (RH), without answer: « à relancer » (committed)."""
    invited = utcnow() - WAITED
    with db_session() as session:
        plans = make_plans(session)
        hr = make_employer(session, principal_of=(plans.company,))
        hr.first_name, hr.last_name = "Thérèse", "Rolland"
        by, actor = StatusAuthor(hr.id, "Thérèse Rolland (RH)"), audit.Actor(account_id=hr.id)
        employee = make_pre_affiliated(
            session, plans=plans, hired_on=paris_today() - WAITED, by=by, actor=actor, now=invited
        )
        employee.email, employee.invited_at = new_email(), invited
        return employee.id, hr.id, employee.email


def test_the_health_detail_of_an_employee_still_to_affiliate_has_no_adhesion_date():
    employee_id, hr_id, _ = _late_employee()
    caller = _caller(hr_id, EmployerAction.VIEW_EMPLOYEES)
    page = _page(
        EmployeesState,
        ("_query", "_show", "_close_detail", "_select"),
        router=_tab(routes.EMPLOYER_EMPLOYEES).router,  # Assurés reads its tab from its address
    )
    _handler(EmployeesState, "load")(page, caller)
    _handler(EmployeesState, "show_detail")(page, caller, str(employee_id))
    assert page.detail_open and page.detail["status"] == "À relancer"
    fiche = Fiche(employee_id)
    fiche._fill(caller)
    assert page.detail["start_date"] == fiche.identity["affiliated_on"] == "—"


def test_relancer_par_e_mail_keeps_the_invitation_and_adds_the_relance_to_the_history(mailbox: Mailbox):
    employee_id, hr_id, address = _late_employee()
    caller, fiche = _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES), Fiche(employee_id)
    fiche._fill(caller)
    invited_on = fiche.identity["invited_on"]
    assert fiche.can_remind and fiche.identity["last_reminder_on"] == "—" and invited_on != "—"

    StaffRecordState.event_handlers["remind"].fn.__wrapped__(fiche, caller)
    assert fiche.error == "" and address in fiche.info
    with db_session() as session:
        reminded = session.get(Employee, employee_id).last_reminder_at
    assert reminded is not None
    assert fiche.identity["invited_on"] == invited_on
    assert fiche.identity["last_reminder_on"] == format_paris_minute(reminded)
    assert fiche.identity["status"] == "En cours d'affiliation"  # the 8 days start again
    latest = fiche.history[0]
    assert (latest["status"], latest["by"], latest["note"]) == (
        "En cours d'affiliation",
        "Thérèse Rolland (RH)",
        "Relance par e-mail",
    )
    (mail,) = mailbox.wait_for(address)
    assert isinstance(mail, EmailMessage) and mail["Subject"].startswith("Rappel : votre affiliation")
