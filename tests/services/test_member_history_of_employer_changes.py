"""Mon historique shows the member what their employer (or OCSO, at the employer's request) changed on their
affiliation: the radiation with its date and who decided, its cancellation, the fiche salarié(e) edited by
HR; worded for the member (the employer by its name, none of the company's internals), never on another
member's history, and not twice on the structure's log."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from sqlalchemy import select

from ocso_app.models import AuditEvent, Member, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services import audit, history, staff_record
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.radiation import radiate
from ocso_app.services.radiation_cancellation import cancel_radiation
from ocso_app.services.requests import back_office
from ocso_app.services.requests.employer_details import NewAddress
from ocso_app.services.requests.exits import Departure
from tests.builders import make_employer, make_request, make_staff, staff_caller
from tests.builders.roster import make_covered_employee, make_plans

TODAY = paris_today()
LEFT_ON = TODAY - timedelta(days=6)
LEFT = format_short_date(LEFT_ON)
HR = StatusAuthor(None, "Claire RH (RH)")


def _covered(db, name: str = "ACME"):
    plans = make_plans(db)
    plans.company.name = name
    employee = make_covered_employee(db, plans=plans, birth_date=date(1980, 3, 1))  # as the builder's NIR
    employee.civility = "M."
    hr = make_employer(db, principal_of=(plans.company,))
    return plans, employee, audit.Actor(account_id=hr.id, company_id=plans.company.id)


def _actions(db, member_id: int) -> list[str]:
    return [row.action for row in history.history_page(db, member_id=member_id).rows]


def _member_rows(db, member_id: int) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.member_id == member_id)))


def test_a_radiation_by_hr_shows_in_the_members_history_with_its_date_and_who_decided(db):
    plans, employee, actor = _covered(db)
    radiate(db, employee, left_on=LEFT_ON, reason="demission", by=HR, actor=actor, today=TODAY)
    db.flush()
    [action] = _actions(db, employee.member_id)
    assert action == (
        f"Radiation au {LEFT} demandée par votre employeur (ACME) : fin de vos garanties le {LEFT}"
    )
    [row] = _member_rows(db, employee.member_id)
    assert row.event_type == "Radiation" and row.account_id == actor.account_id  # who did it, for OCSO
    assert row.company_id is None  # the structure's log has its own row, not this one twice
    company_rows = db.scalars(
        select(AuditEvent.action).where(AuditEvent.company_id == plans.company.id)
    ).all()
    assert [a for a in company_rows if a.startswith("Radiation")] == [
        f"Radiation de {employee.first_name} {employee.last_name} (salarié(e) n° {employee.id}) au {LEFT} "
        "(Démission)"
    ]


def test_the_member_reads_the_portability_the_radiation_opened_but_not_the_motif(db):
    _plans, employee, actor = _covered(db)
    radiate(db, employee, left_on=LEFT_ON, reason="licenciement", by=HR, actor=actor, today=TODAY)
    [action] = _actions(db, employee.member_id)
    assert action.startswith(f"Radiation au {LEFT} demandée par votre employeur (ACME) : portabilité de vos ")
    assert "jusqu'au" in action
    assert "icenciement" not in action and "salarié(e) n°" not in action and "Claire" not in action


def test_another_members_history_shows_nothing_of_it(db):
    plans, employee, actor = _covered(db)
    colleague = make_covered_employee(db, plans=plans)
    radiate(db, employee, left_on=LEFT_ON, reason="demission", by=HR, actor=actor, today=TODAY)
    cancel_radiation(
        db, structure_ids=(plans.company.id,), employee_id=employee.id, by=HR, actor=actor, now=utcnow()
    )
    assert _actions(db, colleague.member_id) == []
    assert history.event_types(db, member_id=colleague.member_id) == []


def test_the_cancellation_of_the_radiation_shows_too(db):
    plans, employee, actor = _covered(db)
    radiate(db, employee, left_on=LEFT_ON, reason="demission", by=HR, actor=actor, today=TODAY)
    cancel_radiation(
        db,
        structure_ids=(plans.company.id,),
        employee_id=employee.id,
        by=HR,
        actor=dataclasses.replace(actor, company_id=None),
        now=utcnow(),
    )
    db.flush()
    newest = _actions(db, employee.member_id)[0]
    assert newest == f"Radiation au {LEFT} annulée par votre employeur (ACME) : vos garanties continuent"
    rows = _member_rows(db, employee.member_id)
    assert len(rows) == 2 and all(r.company_id is None and r.account_id == actor.account_id for r in rows)


def test_a_radiation_ocso_applies_from_the_employers_demarche_says_who_asked_and_who_recorded_it(db):
    plans, employee, _actor = _covered(db)
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    request = make_request(
        db,
        company=plans.company,
        kind="salaries",
        subject="Sortie des effectifs",
        payload={
            "topic": "Sortie des effectifs",
            "employee": f"{employee.first_name} {employee.last_name}",
            "employee_id": employee.id,
            "message": "Démission.",
        },
    )
    departure = Departure(LEFT, "demission")
    applied = back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request.id, today=TODAY, departure=departure
    )
    assert applied.done
    [action] = _actions(db, employee.member_id)
    assert action.startswith(f"Radiation au {LEFT} demandée par votre employeur (ACME), enregistrée par OCSO")
    assert "démarche" not in action


def test_an_address_ocso_writes_on_the_fiche_from_the_employers_demarche_shows_too(db):
    plans, employee, _actor = _covered(db)
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    request = make_request(
        db,
        company=plans.company,
        kind="salaries",
        subject="Nouvelle adresse d'un salarié",
        payload={
            "topic": "Nouvelle adresse",
            "employee": f"{employee.first_name} {employee.last_name}",
            "employee_id": employee.id,
            "message": "Nouvelle adresse : 4 allée des Pins, 33700 Mérignac.",
        },
    )
    new = NewAddress("4 allée des Pins", "33700", "Mérignac")
    applied = back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request.id, today=TODAY, address=new
    )
    assert applied.done
    [row] = _member_rows(db, employee.member_id)
    assert row.action == (
        "Adresse de votre fiche salarié(e) modifiée par OCSO à la demande de votre employeur (ACME)"
    )
    assert row.account_id == agent.id and row.company_id is None


def test_hr_editing_an_affiliated_employees_fiche_shows_which_fields_never_their_values(db):
    plans, employee, actor = _covered(db)
    employee.email = "ancienne@example.org"
    typed = dataclasses.replace(
        staff_record._personal(employee), email="nouvelle@example.org", city="Quimper"
    )
    errors = staff_record.update_personal(
        db, structure_ids=[plans.company.id], employee_id=employee.id, typed=typed, actor=actor, today=TODAY
    )
    assert errors == {}
    [action] = _actions(db, employee.member_id)
    assert action == (
        "Informations de votre fiche salarié(e) modifiées par votre employeur (ACME) : adresse e-mail, ville"
    )
    assert "nouvelle" not in action and "QUIMPER" not in action
    assert db.get(Member, employee.member_id) is not None


def test_an_employee_not_yet_a_member_has_no_history_row(db):
    plans = make_plans(db)
    pending = make_covered_employee(db, plans=plans, health=False)
    hr = make_employer(db, principal_of=(plans.company,))
    actor = audit.Actor(account_id=hr.id, company_id=plans.company.id)
    before = db.scalars(select(AuditEvent.id).where(AuditEvent.member_id.is_not(None))).all()
    radiate(db, pending, left_on=LEFT_ON, reason="demission", by=HR, actor=actor, today=TODAY)
    assert db.scalars(select(AuditEvent.id).where(AuditEvent.member_id.is_not(None))).all() == before
