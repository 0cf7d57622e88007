"""« Sortie des effectifs » applied by OCSO's Entreprises desk: the employee the démarche names is radiated
with the date and motif the agent typed, as HR would from the fiche (status history naming OCSO, the agent's
account kept, audit on the structure's log, the démarche answered and closed), once. A bad date or motif, an
employee who is not the structure's, a role of another desk: a French refusal and nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeStatusChange,
    Request,
    RequestMessage,
    RequestStatus,
    StaffRole,
)
from ocso_app.services import radiation, staff_record
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import back_office, desk
from ocso_app.services.requests.detail import open_request
from ocso_app.services.requests.exits import NOT_NAMED, Departure
from tests.builders import make_company, make_employee, make_member, make_request, make_staff, staff_caller
from tests.builders.roster import make_dispensed_employee, make_plans

TODAY = date(2026, 12, 8)


def _exit_request(db, company, employee_id: object):
    return make_request(
        db,
        company=company,
        kind="salaries",
        subject="Sortie des effectifs",
        payload={
            "topic": "Sortie des effectifs",
            "employee": "Camille ROUSSEAU",
            "employee_id": employee_id,
            "message": "Démission, dernier jour travaillé le 30/11/2026.",
        },
    )


LEFT = Departure("30/11/2026", "demission")


def _apply(db, agent, request_id: int, departure: Departure = LEFT):
    """« Radier le/la salarié(e) » on the démarche, as the staff account ``agent``."""
    return back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request_id, today=TODAY, departure=departure
    )


def _written(db, employee_id: int, request_id: int) -> tuple:
    return (
        db.get(Employee, employee_id).status,
        db.get(Request, request_id).status,
        db.scalar(select(func.count()).select_from(EmployeeStatusChange)),
        db.scalar(select(func.count()).select_from(AuditEvent)),
        db.scalar(select(func.count()).select_from(RequestMessage)),
    )


@pytest.fixture
def leaving(db):
    company = make_company(db)
    member = make_member(db)
    employee = make_employee(
        db, company=company, member_id=member.id, last_name="ROUSSEAU", first_name="Camille"
    )
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    agent.first_name, agent.last_name = "Agnès", "MOREAU"
    db.flush()
    return company, employee, agent


def test_the_agent_radiates_the_employee_the_demarche_names_once(db, leaving):
    company, employee, agent = leaving
    request = _exit_request(db, company, employee.id)
    assert back_office.change_of(request) == back_office.Change.EMPLOYEE_EXIT
    applied = _apply(db, agent, request.id)
    assert applied.done and "Camille ROUSSEAU radié(e) au 30/11/2026 (pas de portabilité)" in applied.message
    assert db.get(Employee, employee.id).status == AffiliationStatus.RADIATED
    assert db.get(Employee, employee.id).radiated_on == date(2026, 11, 30)
    change = db.scalars(
        select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id)
    ).one()
    assert change.by_label == "OCSO" and change.by_account_id == agent.id
    assert db.get(Request, request.id).status == RequestStatus.DONE
    answer = db.scalars(select(RequestMessage.body).where(RequestMessage.request_id == request.id)).one()
    assert "La sortie de Camille ROUSSEAU au 30/11/2026 est enregistrée" in answer
    assert "ne bénéficie pas du maintien" in answer  # the certificat de travail's wording
    actions = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == company.id, AuditEvent.account_id == agent.id
        )
    ).all()
    radiated = f"Radiation de Camille ROUSSEAU (salarié(e) n° {employee.id}) au 30/11/2026"
    assert any(a.startswith(radiated) for a in actions)
    assert any(a.startswith("Sortie des effectifs enregistrée par OCSO") for a in actions)
    with pytest.raises(OcsoError) as again:
        _apply(db, agent, request.id)
    assert again.value.message == desk.CLOSED


def test_what_the_employer_reads_of_the_sortie_says_ocso_never_the_agents_name(db, leaving):
    """The fiche salarié(e)'s history and the structure's log are the employer's: they read « OCSO », the
    agent's account kept in the rows for OCSO's own trace; the démarche's thread on OCSO's side still names
    the agent."""
    company, employee, agent = leaving
    waiting = DispenseRequest(
        employee_id=employee.id,
        case="cdd_moins_12_mois",
        sworn_statement=True,
        decision=DispenseDecision.REQUESTED,
    )
    db.add(waiting)
    request = _exit_request(db, company, employee.id)
    db.flush()
    _apply(db, agent, request.id)

    fiche = staff_record.staff_record(db, structure_ids=[company.id], employee_id=employee.id, today=TODAY)
    assert [row.by for row in fiche.history] == ["OCSO"]
    change = db.scalars(
        select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id)
    ).one()
    assert change.by_account_id == agent.id
    assert db.get(DispenseRequest, waiting.id).decided_by_account_id == agent.id
    log = db.execute(
        select(AuditEvent.account_id, AuditEvent.action).where(AuditEvent.company_id == company.id)
    ).all()
    closed = [(who, a) for who, a in log if a.startswith("Demande de dispense classée sans suite")]
    assert closed == [
        (
            agent.id,
            f"Demande de dispense classée sans suite (Radié(e)) : Camille ROUSSEAU "
            f"(salarié(e) n° {employee.id}), par OCSO",
        )
    ]
    assert not [a for _, a in log if "MOREAU" in a or "Agnès" in a]
    detail = open_request(db, caller=staff_caller(agent), request_id=request.id, now=datetime.now(UTC))
    assert any("MOREAU" in m.author for m in detail.messages)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (Departure("", "demission"), radiation.DATE_NEEDED),
        (Departure("31/02/2026", "demission"), radiation.BAD_DATE),
        (Departure("30/11/2026", "renvoi"), radiation.UNKNOWN_REASON),
        (Departure("30/11/2027", "demission"), radiation.TOO_FAR_AHEAD),
    ],
)
def test_a_bad_date_or_motif_is_refused_in_french_and_writes_nothing(db, leaving, typed, message):
    company, employee, agent = leaving
    request = _exit_request(db, company, employee.id)
    before = _written(db, employee.id, request.id)
    with pytest.raises(OcsoError) as refused:
        _apply(db, agent, request.id, typed)
    assert refused.value.message == message
    assert _written(db, employee.id, request.id) == before


def test_an_employee_of_another_structure_is_not_radiated(db, leaving):
    company, employee, agent = leaving
    stranger = make_employee(db, company=make_company(db), last_name="AUTRE")
    request = _exit_request(db, company, stranger.id)
    before = _written(db, stranger.id, request.id)
    with pytest.raises(OcsoError) as refused:
        _apply(db, agent, request.id)
    assert refused.value.message == NOT_NAMED
    assert _written(db, stranger.id, request.id) == before
    assert db.get(Employee, employee.id).status == AffiliationStatus.AFFILIATED


@pytest.mark.parametrize("named", [None, "12"], ids=["typed by hand", "not a number"])
def test_a_sortie_naming_no_registered_employee_offers_nothing_to_apply(db, leaving, named):
    """A name typed by hand (a new hire not registered yet) leaves OCSO to answer: no form that could
    never succeed, and an apply sent anyway changes nothing."""
    company, employee, agent = leaving
    request = _exit_request(db, company, named)
    assert back_office.change_of(request) is None
    before = _written(db, employee.id, request.id)
    with pytest.raises(OcsoError) as refused:
        _apply(db, agent, request.id)
    assert refused.value.message == back_office.NOTHING_TO_APPLY
    assert _written(db, employee.id, request.id) == before


def test_a_prestations_agent_cannot_radiate_from_an_employers_demarche(db, leaving):
    company, employee, _ = leaving
    request = _exit_request(db, company, employee.id)
    before = _written(db, employee.id, request.id)
    with pytest.raises(AccessDenied):
        _apply(db, make_staff(db, role=StaffRole.PRESTATIONS), request.id)
    assert _written(db, employee.id, request.id) == before


def test_the_agent_s_answer_names_a_portability_of_the_provident_cover_alone(db):
    """An employee dispensed from the santé plan keeps their prévoyance (art. L911-8): the agent and the
    employer read which cover the portabilité maintains, not a portabilité taken for the santé's."""
    plans = make_plans(db)
    employee = make_dispensed_employee(db, plans=plans)
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    request = _exit_request(db, plans.company, employee.id)
    applied = _apply(db, agent, request.id, Departure("30/11/2026", "licenciement"))
    assert applied.done and "(portabilité (prévoyance) jusqu'au " in applied.message
    assert db.get(Employee, employee.id).status == AffiliationStatus.PORTABILITY
