"""An employer's « Reprise » and « Prolongation » applied by OCSO's Entreprises desk to the latest arrêt de
travail of the employee the démarche names: the date typed becomes the arrêt's end (the day before the
reprise; the new last day), as the employer then reads it, once, audited with the agent. A date that is not
one, before the arrêt, before a day already paid, too far ahead, a reprise after the arrêt's recorded end or
a prolongation that does not prolong, another structure's employee, a role of another desk: a French refusal
and nothing written. The agent reads which arrêt it is on the démarche first."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ocso_app.models import AuditEvent, Request, RequestMessage, RequestStatus, SickLeave, StaffRole
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import back_office, desk, detail
from ocso_app.services.requests import sick_leave_changes as leaves
from ocso_app.services.requests.back_office import Change
from ocso_app.services.sick_leaves import CLOSED, RUNNING
from tests.builders import make_company, make_employee, make_request, make_staff, staff_caller
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave

TODAY = date(2026, 12, 8)
NOW = datetime(2026, 12, 8, 10, 0)


@pytest.fixture
def on_leave(db):
    """An employee off work since 2 November (paid to 22 November, no end known) after an earlier arrêt."""
    company = make_company(db)
    employee = make_employee(db, company=company, last_name="REPOS", first_name="Hugo")
    contract = make_provident_contract(db, company=company)
    make_sick_leave(
        db,
        employee=employee,
        contract=contract,
        start=date(2026, 3, 2),
        end=date(2026, 3, 20),
        daily=Decimal(40),
    )
    leave, _ = make_sick_leave(
        db,
        employee=employee,
        contract=contract,
        start=date(2026, 11, 2),
        end=None,
        daily=Decimal(40),
        periods=[(date(2026, 11, 5), date(2026, 11, 22))],
    )
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    db.flush()
    return company, employee, leave, agent


def _request(db, company, employee_id: object, topic: str = "Reprise"):
    return make_request(
        db,
        company=company,
        kind="arrets_travail",
        subject="Reprise du travail" if topic == "Reprise" else "Prolongation d'arrêt de travail",
        payload={
            "topic": topic,
            "employee": "Hugo REPOS",
            "employee_id": employee_id,
            "message": "Voir ci-joint.",
        },
    )


def _apply(db, agent, request_id: int, typed: str):
    return back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request_id, today=TODAY, leave_date=typed
    )


def _written(db, leave_id: int, request_id: int, company_id: int) -> tuple:
    leave = db.get(SickLeave, leave_id)
    return (
        leave.end_date,
        leave.status,
        db.get(Request, request_id).status,
        db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.company_id == company_id)),
        db.scalar(
            select(func.count()).select_from(RequestMessage).where(RequestMessage.request_id == request_id)
        ),
    )


def test_a_reprise_ends_the_latest_arret_the_day_before_once(db, on_leave):
    company, employee, leave, agent = on_leave
    request = _request(db, company, employee.id)
    assert back_office.change_of(request) == Change.RETURN_TO_WORK
    shown = detail.open_request(db, caller=staff_caller(agent), request_id=request.id, now=NOW).details
    assert (
        detail.Line("Dernier arrêt enregistré", f"réf. {leave.reference} · depuis le 02/11/2026 · En cours")
        in shown
    )
    applied = _apply(db, agent, request.id, "30/11/2026")
    assert (
        applied.done and applied.message == f"Arrêt réf. {leave.reference} de Hugo REPOS : fin le 29/11/2026."
    )
    assert (db.get(SickLeave, leave.id).end_date, db.get(SickLeave, leave.id).status) == (
        date(2026, 11, 29),
        CLOSED,
    )
    answer = db.scalars(select(RequestMessage.body).where(RequestMessage.request_id == request.id)).one()
    assert answer == (
        f"La reprise du travail de Hugo REPOS le 30/11/2026 est enregistrée : son arrêt "
        f"(réf. {leave.reference}) prend fin le 29/11/2026."
    )
    assert db.get(Request, request.id).status == RequestStatus.DONE
    actions = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == company.id, AuditEvent.account_id == agent.id
        )
    ).all()
    audited = f"Reprise du travail enregistrée par OCSO (démarche n° {request.id}) : {applied.message}"
    assert audited in actions
    with pytest.raises(OcsoError) as again:
        _apply(db, agent, request.id, "01/12/2026")
    assert again.value.message == desk.CLOSED and db.get(SickLeave, leave.id).end_date == date(2026, 11, 29)


def test_a_reprise_ahead_leaves_the_arret_running_until_its_end(db, on_leave):
    company, employee, leave, agent = on_leave
    assert _apply(db, agent, _request(db, company, employee.id).id, "04/01/2027").done
    assert (db.get(SickLeave, leave.id).end_date, db.get(SickLeave, leave.id).status) == (
        date(2027, 1, 3),
        RUNNING,
    )


def test_a_prolongation_pushes_the_end_back(db, on_leave):
    company, employee, leave, agent = on_leave
    leave.end_date = date(2026, 12, 6)
    db.flush()
    request = _request(db, company, employee.id, "Prolongation")
    assert back_office.change_of(request) == Change.LEAVE_EXTENSION
    assert _apply(db, agent, request.id, "2027-01-10").done
    assert (db.get(SickLeave, leave.id).end_date, db.get(SickLeave, leave.id).status) == (
        date(2027, 1, 10),
        RUNNING,
    )
    answer = db.scalars(select(RequestMessage.body).where(RequestMessage.request_id == request.id)).one()
    assert answer.startswith("La prolongation de l'arrêt de Hugo REPOS") and "jusqu'au 10/01/2027" in answer


@pytest.mark.parametrize(
    ("topic", "end", "typed", "message"),
    [
        ("Reprise", None, "", leaves.RETURN_NEEDED),
        ("Reprise", None, "31/11/2026", leaves.BAD_DATE),
        ("Reprise", None, "02/11/2026", leaves.RETURN_BEFORE_START.format(start="02/11/2026")),
        ("Reprise", None, "20/11/2026", leaves.ALREADY_PAID.format(paid="22/11/2026")),
        ("Reprise", None, "01/06/2027", leaves.TOO_FAR.format(latest="10/03/2027")),
        ("Reprise", date(2026, 11, 25), "01/12/2026", leaves.ENDED_BEFORE.format(end="25/11/2026")),
        ("Prolongation", None, "", leaves.END_NEEDED),
        ("Prolongation", None, "01/11/2026", leaves.END_BEFORE_START.format(start="02/11/2026")),
        ("Prolongation", None, "21/11/2026", leaves.ALREADY_PAID.format(paid="22/11/2026")),
        ("Prolongation", date(2026, 12, 20), "15/12/2026", leaves.NOT_LONGER.format(end="20/12/2026")),
        ("Prolongation", None, "01/01/2028", leaves.TOO_FAR.format(latest="09/12/2027")),
    ],
)
def test_a_wrong_date_is_refused_in_french_and_writes_nothing(db, on_leave, topic, end, typed, message):
    company, employee, leave, agent = on_leave
    leave.end_date = end
    db.flush()
    request = _request(db, company, employee.id, topic)
    before = _written(db, leave.id, request.id, company.id)
    with pytest.raises(OcsoError) as refused:
        _apply(db, agent, request.id, typed)
    assert refused.value.message == message
    assert _written(db, leave.id, request.id, company.id) == before


def test_an_employee_without_an_arret_here_or_of_another_structure_changes_nothing(db, on_leave):
    company, _, leave, agent = on_leave
    newcomer = make_employee(db, company=company, last_name="PRESENT")
    stranger = make_employee(db, company=make_company(db), last_name="AUTRE")
    db.flush()
    for named, message in ((newcomer.id, leaves.NO_LEAVE), (stranger.id, leaves.NOT_NAMED)):
        request = _request(db, company, named)
        before = _written(db, leave.id, request.id, company.id)
        with pytest.raises(OcsoError) as refused:
            _apply(db, agent, request.id, "30/11/2026")
        assert refused.value.message == message
        assert _written(db, leave.id, request.id, company.id) == before
    shown = detail.open_request(
        db, caller=staff_caller(agent), request_id=_request(db, company, newcomer.id).id, now=NOW
    ).details
    assert detail.Line("Dernier arrêt enregistré", "aucun arrêt enregistré dans la structure") in shown


def test_a_name_typed_by_hand_or_a_prestations_agent_changes_nothing(db, on_leave):
    company, employee, leave, agent = on_leave
    typed_by_hand = _request(db, company, None)
    assert back_office.change_of(typed_by_hand) is None
    with pytest.raises(OcsoError) as refused:
        _apply(db, agent, typed_by_hand.id, "30/11/2026")
    assert refused.value.message == back_office.NOTHING_TO_APPLY
    request = _request(db, company, employee.id)
    before = _written(db, leave.id, request.id, company.id)
    with pytest.raises(AccessDenied):
        _apply(db, make_staff(db, role=StaffRole.PRESTATIONS), request.id, "30/11/2026")
    assert _written(db, leave.id, request.id, company.id) == before
