"""An employer's new telephone number and an employee's new address, applied by OCSO's Entreprises desk from
the démarche: what the agent typed is checked (a French refusal and nothing written otherwise), written on
the company or on the employee's record the démarche names (never another structure's employee, never the
member's own file), answered, audited on the structure's log with the agent, once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AuditEvent,
    Company,
    Employee,
    Member,
    Request,
    RequestMessage,
    RequestStatus,
    StaffRole,
)
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import back_office, desk, detail, employer_details
from ocso_app.services.requests.back_office import Change
from ocso_app.services.requests.employer_details import NewAddress
from tests.builders import make_company, make_employee, make_member, make_request, make_staff, staff_caller

TODAY = date(2026, 12, 8)
NOW = datetime(2026, 12, 8, 10, 0)
NEW = NewAddress(" 4  allée des Pins ", "33 700", "Mérignac")


@pytest.fixture
def desk_people(db):
    company = make_company(db)
    member = make_member(db)
    employee = make_employee(
        db, company=company, member_id=member.id, last_name="ROUSSEAU", first_name="Camille"
    )
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    db.flush()
    return company, employee, agent


def _phone_request(db, company):
    return make_request(
        db,
        company=company,
        kind="coordonnees_entreprise",
        subject="Nouveau numéro de téléphone de l'entreprise",
        payload={"topic": "Téléphone", "message": "Notre standard est désormais le 05 59 52 11 12."},
    )


def _address_request(db, company, employee_id: object):
    return make_request(
        db,
        company=company,
        kind="salaries",
        subject="Nouvelle adresse d'un salarié",
        payload={
            "topic": "Nouvelle adresse",
            "employee": "Camille ROUSSEAU",
            "employee_id": employee_id,
            "message": "Camille a déménagé au 4 allée des Pins, 33700 Mérignac.",
        },
    )


def _written(db, request_id: int, company_id: int) -> tuple:
    return (
        db.get(Request, request_id).status,
        db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.company_id == company_id)),
        db.scalar(
            select(func.count()).select_from(RequestMessage).where(RequestMessage.request_id == request_id)
        ),
    )


def _audited(db, company_id: int, agent_id: int) -> list[str]:
    return db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == company_id, AuditEvent.account_id == agent_id
        )
    ).all()


def _answer(db, request_id: int) -> str:
    return db.scalars(select(RequestMessage.body).where(RequestMessage.request_id == request_id)).one()


def test_the_companys_new_number_is_checked_then_applied_once(db, desk_people):
    company, _, agent = desk_people
    company.phone = "0556343666"
    request = _phone_request(db, company)
    assert back_office.change_of(request) == Change.COMPANY_PHONE
    shown = detail.open_request(db, caller=staff_caller(agent), request_id=request.id, now=NOW).details
    assert detail.Line("Téléphone enregistré", "05 56 34 36 66") in shown  # what the agent replaces
    before, phone = _written(db, request.id, company.id), db.get(Company, company.id).phone
    for bad in ("", "05 59 52", "+44 20 7946 0958", "pas de numéro"):
        with pytest.raises(OcsoError) as refused:
            back_office.apply_change(
                db, caller=staff_caller(agent), request_id=request.id, today=TODAY, phone=bad
            )
        assert refused.value.message == employer_details.BAD_PHONE
    assert _written(db, request.id, company.id) == before and db.get(Company, company.id).phone == phone
    applied = back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request.id, today=TODAY, phone="05.59.52.11.12"
    )
    assert applied.done and applied.message == "Téléphone enregistré : 05 59 52 11 12."
    assert applied.notice.for_company and applied.notice.closed_as == "traitée"
    assert db.get(Company, company.id).phone == "0559521112"
    assert db.get(Request, request.id).status == RequestStatus.DONE
    assert "05 59 52 11 12" in _answer(db, request.id)
    assert any(
        a.startswith("Nouveau téléphone de l'entreprise enregistré par OCSO")
        for a in _audited(db, company.id, agent.id)
    )
    with pytest.raises(OcsoError) as again:
        back_office.apply_change(
            db, caller=staff_caller(agent), request_id=request.id, today=TODAY, phone="0600000000"
        )
    assert again.value.message == desk.CLOSED and db.get(Company, company.id).phone == "0559521112"


def test_an_employees_new_address_goes_on_their_record_not_on_the_members_file(db, desk_people):
    company, employee, agent = desk_people
    employee.address_line, employee.postal_code, employee.city = "1 rue Vieille", "33000", "BORDEAUX"
    member_address = db.get(Member, employee.member_id).address_line
    request = _address_request(db, company, employee.id)
    assert back_office.change_of(request) == Change.EMPLOYEE_ADDRESS
    shown = detail.open_request(db, caller=staff_caller(agent), request_id=request.id, now=NOW).details
    assert detail.Line("Adresse de la fiche", "1 rue Vieille, 33000 BORDEAUX") in shown
    applied = back_office.apply_change(
        db, caller=staff_caller(agent), request_id=request.id, today=TODAY, address=NEW
    )
    assert applied.done
    assert applied.message == "Adresse de Camille ROUSSEAU enregistrée : 4 allée des Pins, 33700 MÉRIGNAC."
    row = db.get(Employee, employee.id)
    assert (row.address_line, row.postal_code, row.city) == ("4 allée des Pins", "33700", "MÉRIGNAC")
    assert db.get(Member, employee.member_id).address_line == member_address
    assert "est enregistrée sur sa fiche" in _answer(db, request.id)
    assert any(
        a.startswith("Nouvelle adresse d'un(e) salarié(e) enregistrée par OCSO")
        for a in _audited(db, company.id, agent.id)
    )


@pytest.mark.parametrize(
    "typed",
    [None, NewAddress("4 allée des Pins", "337", "Mérignac"), NewAddress("", "33700", "Mérignac")],
    ids=["nothing typed", "short postal code", "no street"],
)
def test_a_bad_address_is_refused_in_french_and_writes_nothing(db, desk_people, typed):
    company, employee, agent = desk_people
    request = _address_request(db, company, employee.id)
    before = _written(db, request.id, company.id)
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(
            db, caller=staff_caller(agent), request_id=request.id, today=TODAY, address=typed
        )
    assert refused.value.message == employer_details.BAD_ADDRESS
    assert _written(db, request.id, company.id) == before
    assert db.get(Employee, employee.id).postal_code != "33700"


def test_an_employee_of_another_structure_keeps_their_address(db, desk_people):
    company, _, agent = desk_people
    stranger = make_employee(db, company=make_company(db), last_name="AUTRE")
    db.flush()
    request = _address_request(db, company, stranger.id)
    before, address = _written(db, request.id, company.id), db.get(Employee, stranger.id).address_line
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(
            db, caller=staff_caller(agent), request_id=request.id, today=TODAY, address=NEW
        )
    assert refused.value.message == employer_details.NOT_NAMED
    assert _written(db, request.id, company.id) == before
    assert db.get(Employee, stranger.id).address_line == address


def test_a_name_typed_by_hand_leaves_nothing_to_apply(db, desk_people):
    company, _, agent = desk_people
    request = _address_request(db, company, None)
    assert back_office.change_of(request) is None
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(
            db, caller=staff_caller(agent), request_id=request.id, today=TODAY, address=NEW
        )
    assert refused.value.message == back_office.NOTHING_TO_APPLY


def test_a_prestations_agent_applies_neither(db, desk_people):
    company, employee, _ = desk_people
    other = staff_caller(make_staff(db, role=StaffRole.PRESTATIONS))
    for request, typed in (
        (_phone_request(db, company), {"phone": "0559521112"}),
        (_address_request(db, company, employee.id), {"address": NEW}),
    ):
        before = _written(db, request.id, company.id)
        with pytest.raises(AccessDenied):
            back_office.apply_change(db, caller=other, request_id=request.id, today=TODAY, **typed)
        assert _written(db, request.id, company.id) == before
    assert db.get(Company, company.id).phone != "0559521112"


def test_every_topic_applied_is_one_an_employer_can_send():
    """The objects OCSO applies are the form's own (a renamed object would silently leave nothing to apply),
    and those about an employee are the ones whose form names one."""
    from ocso_app.services.requests import exits, labels
    from ocso_app.services.requests import sick_leave_changes as leaves

    company = (
        (labels.COMPANY_DETAILS, employer_details.ADDRESS_TOPIC),
        (labels.COMPANY_DETAILS, "Téléphone"),
    )
    about_an_employee = (
        (labels.EMPLOYEES, employer_details.EMPLOYEE_ADDRESS_TOPIC),
        (labels.EMPLOYEES, exits.EXIT_TOPIC),
        (labels.SICK_LEAVE, leaves.RETURN_TOPIC),
        (labels.SICK_LEAVE, leaves.EXTENSION_TOPIC),
    )
    for kind, topic in company + about_an_employee:
        assert labels.company_topic(kind, topic) is not None, topic
    assert all(labels.company_topic(kind, topic).names_employee for kind, topic in about_an_employee)
    assert employer_details.PHONE_TOPIC == "Téléphone"


def test_a_new_city_that_capitals_lengthen_still_fits_its_column():
    """The city is cut to its column (80) then put in capitals: « Weiß… » of 80 became 81 characters,
    which PostgreSQL refuses in the employee's and the company's rows."""
    checked = employer_details.checked_address(NewAddress("4 allée des Pins", "33700", "Weiß" + "e" * 76))
    assert checked.city == "WEISS" + "E" * 75
