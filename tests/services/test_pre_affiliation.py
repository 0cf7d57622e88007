"""Pré-affiliation (4 steps): every field checked with a French message, the NIR's key and its consistency
with the civilité and the birth date, the contracts of the caller's structures only, duplicates; and the
registering of a pending employee with its history, its contracts and an audit row."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerProfile,
    InvitationChannel,
)
from ocso_app.services import pre_affiliation as pre
from ocso_app.services.audit import Actor
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.employee_status import StatusAuthor, hr_author
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.typed_text import bad_character
from tests.builders import make_company, make_employee, make_employer
from tests.builders.contracts import make_contract
from tests.builders.roster import CATEGORY, make_plans

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NIR = nir_with_key("2850475056123")  # a woman born in April 1985
HR = StatusAuthor(None, "Claire RH (RH)")


def _data(plans, **changes) -> pre.PreAffiliation:
    base = pre.PreAffiliation(
        civility="Mme",
        last_name="Le Goff",
        first_name="Anne-Sophie",
        birth_date="02/04/1985",
        nir=NIR[:5] + " " + NIR[5:],
        company_id=str(plans.company.id),
        personnel_category=CATEGORY,
        contract_ids=(str(plans.health.id), str(plans.provident.id)),
        hired_on="01/03/2026",
        cover_start_on="",
        email="anne.legoff@example.org",
        dispense_email="rh@example.org",
    )
    return dataclasses.replace(base, **changes)


def test_a_complete_pre_affiliation_has_no_error(db):
    plans = make_plans(db)
    assert pre.validate(db, [plans.company.id], _data(plans), TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"civility": "Dr"}, "civility", pre.BAD_CIVILITY),
        ({"last_name": " "}, "last_name", pre.REQUIRED),
        ({"first_name": "J3an"}, "first_name", pre.BAD_NAME),
        ({"birth_date": "31/02/1985"}, "birth_date", pre.BAD_DATE),
        ({"birth_date": "01/01/2027"}, "birth_date", pre.BIRTH_IN_FUTURE),
        ({"birth_date": "01/01/2020"}, "birth_date", pre.BAD_AGE),
        ({"nir": NIR[:-1] + ("0" if NIR[-1] != "0" else "1")}, "nir", pre.BAD_NIR),
        ({"nir": ""}, "nir", pre.REQUIRED),
        ({"civility": "M."}, "nir", pre.NIR_CIVILITY),
        ({"birth_date": "02/05/1985"}, "nir", pre.NIR_BIRTH),
        ({"birth_date": "02/04/1986"}, "nir", pre.NIR_BIRTH),
        ({"contract_ids": ()}, "contract_ids", pre.NO_CONTRACT),
        ({"personnel_category": "Cadres"}, "contract_ids", pre.BAD_CONTRACT),
        ({"personnel_category": ""}, "personnel_category", pre.NO_CATEGORY),
        ({"hired_on": ""}, "hired_on", pre.REQUIRED),
        ({"hired_on": "01/01/1990"}, "hired_on", pre.HIRED_BEFORE_BIRTH),
        ({"hired_on": "01/01/2028"}, "hired_on", pre.HIRED_TOO_LATE),
        ({"cover_start_on": "28/02/2026"}, "cover_start_on", pre.COVER_BEFORE_HIRING),
        ({"cover_start_on": "2026-13-01"}, "cover_start_on", pre.BAD_DATE),
        ({"email": "anne@"}, "email", pre.BAD_EMAIL),
        ({"email": "anne@legoff@example.org"}, "email", pre.BAD_EMAIL),
        ({"dispense_email": "rh@-example.org"}, "dispense_email", pre.BAD_EMAIL),
        ({"email": "anne\x00legoff@example.org"}, "email", pre.BAD_EMAIL),
        ({"dispense_email": "rh\t@example.org"}, "dispense_email", pre.BAD_EMAIL),
        ({"email": ""}, "address_line", pre.ADDRESS_NEEDED),
        ({"email": ""}, "postal_code", pre.ADDRESS_NEEDED),
        ({"postal_code": "2900"}, "postal_code", pre.BAD_POSTAL_CODE),
        ({"address_line": "4 rue\x00du Port"}, "address_line", bad_character("Adresse")),
        ({"city": "Bre\x01st"}, "city", bad_character("Ville")),
        ({"postal_code": "99100"}, "postal_code", pre.BAD_POSTAL_CODE),
        ({"postal_code": "33 7000"}, "postal_code", pre.BAD_POSTAL_CODE),
        ({"dispense_email": ""}, "dispense_email", pre.REQUIRED),
        ({"notify_email": "moi"}, "notify_email", pre.BAD_EMAIL),
    ],
)
def test_each_wrong_field_gets_its_french_message(db, changes, field, message):
    plans = make_plans(db)
    errors = pre.validate(db, [plans.company.id], _data(plans, **changes), TODAY)
    assert errors.get(field) == message


def test_a_nir_without_month_or_of_a_foreign_born_person_is_accepted(db):
    plans = make_plans(db)
    unknown_month = nir_with_key("2852099056123")
    assert pre.validate(db, [plans.company.id], _data(plans, nir=unknown_month), TODAY) == {}


def test_without_e_mail_a_postal_address_is_enough(db):
    plans = make_plans(db)
    data = _data(plans, email="", address_line="3 rue de Siam", postal_code="29200", city="Brest")
    assert pre.validate(db, [plans.company.id], data, TODAY) == {}


def test_another_structures_contract_or_structure_is_refused(db):
    plans, other = make_plans(db), make_plans(db)
    foreign = _data(plans, contract_ids=(str(other.health.id),))
    assert pre.validate(db, [plans.company.id], foreign, TODAY)["contract_ids"] == pre.BAD_CONTRACT
    errors = pre.validate(db, [plans.company.id], _data(other), TODAY)
    assert errors["company_id"] == pre.NO_STRUCTURE and errors["contract_ids"] == pre.BAD_CONTRACT


def test_the_cover_must_start_while_the_contract_runs(db):
    company = make_company(db)
    contract = make_contract(db, company=company, start=date(2026, 4, 1))
    data = dataclasses.replace(
        _data(make_plans(db, company=company)),
        personnel_category="Cadres",
        contract_ids=(str(contract.id),),
    )
    errors = pre.validate(db, [company.id], data, TODAY)
    assert errors["cover_start_on"] == pre.COVER_OUTSIDE_CONTRACT.format(number=contract.number)
    later = dataclasses.replace(data, cover_start_on="01/04/2026")
    assert pre.validate(db, [company.id], later, TODAY) == {}


def test_an_active_employee_with_the_same_nir_or_name_and_birth_date_is_a_duplicate(db):
    plans = make_plans(db)
    twin = make_employee(db, company=plans.company, status=AffiliationStatus.AFFILIATED)
    twin.nir_enc = encrypt_field(NIR)
    db.flush()
    assert pre.validate(db, [plans.company.id], _data(plans), TODAY)["nir"] == pre.DUPLICATE_NIR
    twin.nir_enc, twin.birth_date = None, date(1985, 4, 2)
    twin.last_name, twin.first_name = "LE GOFF", "Anne-Sophie"
    db.flush()
    assert pre.validate(db, [plans.company.id], _data(plans), TODAY)["last_name"] == pre.DUPLICATE_PERSON
    twin.status = AffiliationStatus.RADIATED  # a former employee may be hired again
    db.flush()
    assert pre.validate(db, [plans.company.id], _data(plans), TODAY) == {}


def test_errors_are_split_by_step(db):
    plans = make_plans(db)
    errors = pre.validate(db, [plans.company.id], _data(plans, civility="", email="x", hired_on=""), TODAY)
    assert pre.errors_of_step(errors, 0) == {"civility": pre.BAD_CIVILITY}
    assert pre.errors_of_step(errors, 1) == {"hired_on": pre.REQUIRED}
    assert pre.errors_of_step(errors, 2) == {"email": pre.BAD_EMAIL}


def test_registering_makes_a_pending_employee_on_the_chosen_contracts(db):
    plans = make_plans(db)
    data = _data(plans, notify_email="RH@Example.org")
    employee = pre.register(db, data, by=HR, actor=Actor(account_id=None), now=NOW)
    assert employee.status == AffiliationStatus.PENDING and employee.last_name == "LE GOFF"
    assert employee.cover_start_on == employee.hired_on == date(2026, 3, 1)
    assert decrypt_field(employee.nir_enc or "") == NIR
    assert employee.notify_hr_email == "rh@example.org" and employee.dispense_email == "rh@example.org"
    contracts = db.scalars(select(EmployeeContract).where(EmployeeContract.employee_id == employee.id)).all()
    assert {c.contract_id for c in contracts} == {plans.health.id, plans.provident.id}
    assert {c.contract_id: c.option_id for c in contracts} == {
        plans.health.id: None,  # the employee chooses it
        plans.provident.id: plans.provident_option.id,  # nobody does
    }
    assert all(c.start_date == date(2026, 3, 1) for c in contracts)
    history = db.scalars(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id))
    assert [(h.status, h.by_label) for h in history] == [(AffiliationStatus.PENDING, HR.label)]
    audit_row = db.scalar(select(AuditEvent).where(AuditEvent.company_id == plans.company.id))
    assert audit_row is not None and "LE GOFF" in audit_row.action and NIR not in audit_row.action
    assert pre.validate(db, [plans.company.id], data, TODAY)["nir"] == pre.DUPLICATE_NIR


@pytest.mark.parametrize("email", ["anne.legoff@example.org", ""])
def test_the_invitation_hr_sends_with_the_registration_is_audited_with_the_hr_user(db, email):
    """« Envoyer l'invitation »: the e-mailed link is written on the structure's log by the HR user, as a
    relance is; without an address nothing leaves (the letter is audited when HR downloads it)."""
    plans = make_plans(db)
    hr_user = make_employer(db, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT})
    actor = Actor(account_id=hr_user.id)
    data = _data(plans, email=email, address_line="3 rue des Lilas", postal_code="33700", city="Mérignac")
    employee = pre.register(db, data, by=HR, actor=actor, now=NOW)
    invited = pre.invite(db, employee, actor=actor, now=NOW)
    rows = db.execute(
        select(AuditEvent.account_id, AuditEvent.action).where(
            AuditEvent.company_id == plans.company.id, AuditEvent.action.like("Invitation%")
        )
    ).all()
    if email:
        assert invited.channel == InvitationChannel.EMAIL and employee.invited_at is not None
        assert [tuple(row) for row in rows] == [
            (hr_user.id, f"Invitation par e-mail du/de la salarié(e) n° {employee.id}")
        ]
    else:
        assert invited.channel == InvitationChannel.LETTER and rows == []


def test_the_longest_names_on_a_long_named_structure_are_registered_with_their_audit_row_shortened(db):
    """Names of 80 letters each on a structure of 120 made an audit action of 300 characters: PostgreSQL
    refused it (a column of 255), so HR met « Une erreur inattendue » and the employee was not registered."""
    plans = make_plans(db)
    plans.company.name = "BOULANGERIES " + "A" * 107
    last_name, first_name = "Abcdefghij" * 8, "Klmnopqrst" * 8
    data = _data(plans, last_name=last_name, first_name=first_name)
    assert pre.validate(db, [plans.company.id], data, TODAY) == {}
    employee = pre.register(db, data, by=HR, actor=Actor(account_id=None), now=NOW)
    db.flush()
    assert employee.last_name == last_name.upper() and employee.first_name == first_name
    action = db.scalar(select(AuditEvent.action).where(AuditEvent.company_id == plans.company.id))
    assert action is not None and len(action) == 255
    assert action.startswith(f"Pré-affiliation de {first_name} {last_name.upper()} (BOULANGERIES")
    assert action.endswith("…")


def test_an_hr_user_with_the_longest_names_is_named_in_the_history_within_its_column(db):
    """A first and a last name of 80 characters each (what « Administration des structures » accepts) made
    « … (RH) » longer than the history's column: PostgreSQL refused every status change of that user."""
    plans = make_plans(db)
    hr = make_employer(db, principal_of=(plans.company,))
    hr.first_name, hr.last_name = "Marie" * 16, "Dupont" * 13 + "ab"
    db.flush()
    employee = pre.register(db, _data(plans), by=hr_author(db, hr.id), actor=Actor(account_id=hr.id), now=NOW)
    db.flush()
    label = db.scalar(
        select(EmployeeStatusChange.by_label).where(EmployeeStatusChange.employee_id == employee.id)
    )
    assert label is not None and len(label) == 120
    assert label.startswith("MarieMarie") and label.endswith("… (RH)")
    assert hr_author(db, make_employer(db).id).label.endswith(" (RH)")


def test_registering_refuses_unreadable_data_and_writes_nothing(db):
    plans = make_plans(db)
    before = db.scalar(select(func.count(Employee.id)))
    with pytest.raises(pre.InvalidPreAffiliation):
        pre.register(db, _data(plans, nir="123"), by=HR, actor=Actor(account_id=None), now=NOW)
    assert db.scalar(select(func.count(Employee.id))) == before


def test_a_pre_affiliation_just_after_midnight_in_france_is_dated_that_day(db):
    """At 00:30 in Paris it is still the day before in UTC: the history said « en cours d'affiliation le
    14/03 », recorded the 14/03, for an employee pre-affiliated on the 15th."""
    from ocso_app.services import employee_status

    plans = make_plans(db)
    late = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)  # 00:30 on 15 March in Paris
    employee = pre.register(db, _data(plans), by=HR, actor=Actor(account_id=None), now=late)
    db.flush()
    change = db.scalar(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id))
    assert change is not None and change.effective_on == date(2026, 3, 15)
    change.recorded_at = late
    db.flush()
    db.expire_all()  # read back as stored (SQLite: a naive UTC instant)
    (row,) = employee_status.status_history(db, employee_id=employee.id)
    assert (row.effective_on, row.recorded_on) == ("15/03/2026", "15/03/2026")


WEISS = "Weiß" + "e" * 76  # 80 characters typed, 81 in capitals: « ß » becomes « SS »


@pytest.mark.parametrize(
    ("field", "message"),
    [("last_name", pre.NAME_TOO_LONG), ("first_name", pre.NAME_TOO_LONG), ("city", pre.TOO_LONG)],
)
def test_a_name_or_a_city_that_capitals_lengthen_past_its_column_is_refused(db, field, message):
    """The last name and the city are stored in capitals, the first name too in the beneficiary's row the
    enrolment makes; each was checked as typed (80 characters at most), so « Weiß… » of 80 was stored as
    81 characters in a column of 80: PostgreSQL refused it (« Une erreur inattendue »), SQLite kept it."""
    plans = make_plans(db)
    errors = pre.validate(db, [plans.company.id], _data(plans, **{field: WEISS}), TODAY)
    assert errors.get(field) == message
    fits = WEISS[:-1]  # 80 in capitals
    assert field not in pre.validate(db, [plans.company.id], _data(plans, **{field: fits}), TODAY)
