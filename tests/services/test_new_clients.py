"""« Nouvelle entreprise » (Espace OCSO): a company or an établissement created with a unique numéro client in
the demo's format and a hashed code de sécurité, audited with the agent; every wrong field refused with its
French message and nothing written; a SIREN already a client's refused."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import func, select

from ocso_app.models import AuditEvent, Company, StaffRole
from ocso_app.services import new_clients
from ocso_app.services.audit import Actor
from ocso_app.services.contact_details import BAD_ADDRESS_LINE, BAD_CITY, BAD_POSTAL_CODE
from ocso_app.services.employer_accounts import BAD_PHONE
from ocso_app.services.errors import FieldsRefused
from ocso_app.services.new_clients import CompanyForm
from ocso_app.services.registration import BAD_EMAIL
from tests.builders import make_company, make_staff
from tests.builders._unique import unused
from tests.builders.employers import new_siren


def _siren(db) -> str:
    return unused(db, Company.siren, lambda n: new_siren(n + 20_000_000))


def _form(db, **changes) -> CompanyForm:
    form = CompanyForm(
        name="Conserveries  du Port",
        siren=_siren(db),
        address_line="4 quai des Chartrons",
        postal_code="33 000",
        city="Bordeaux",
        phone="05 56 00 11 22",
        email="Contact@Conserveries.example.fr",
    )
    return dataclasses.replace(form, **changes)


def _agent(db) -> Actor:
    return Actor(account_id=make_staff(db, role=StaffRole.ENTREPRISES).id)


def _count(db) -> tuple[int, int]:
    return db.scalar(select(func.count(Company.id))), db.scalar(select(func.count(AuditEvent.id)))


def test_a_new_company_gets_a_numero_client_a_hashed_code_and_an_audit_row_with_the_agent(db):
    actor = _agent(db)
    form = _form(db)

    created = new_clients.create_company(db, actor=actor, form=form)

    company = db.get(Company, created.company_id)
    assert re.fullmatch(r"C\d{6}", company.client_number) and created.client_number == company.client_number
    assert (company.name, company.siren, company.parent_id) == ("CONSERVERIES DU PORT", form.siren, None)
    assert (company.address_line, company.postal_code, company.city) == (
        "4 quai des Chartrons",
        "33000",
        "BORDEAUX",
    )
    assert (company.phone, company.email) == ("0556001122", "contact@conserveries.example.fr")
    assert company.security_code_hash.startswith("$2")  # bcrypt: nobody reads the code back
    [row] = db.scalars(select(AuditEvent).where(AuditEvent.company_id == company.id)).all()
    assert row.account_id == actor.account_id and row.event_type == new_clients.EVENT_TYPE
    assert company.client_number in row.action and "CONSERVERIES DU PORT" in row.action


def test_numeros_client_are_unique_even_when_a_company_already_holds_the_next_one(db):
    actor = _agent(db)
    first = new_clients.create_company(db, actor=actor, form=_form(db))
    # a company that took the number the next id would give
    next_number = f"C{new_clients.FIRST_NUMBER + first.company_id + 1:06d}"
    squatter = make_company(db)
    squatter.client_number = next_number
    db.flush()

    second = new_clients.create_company(db, actor=actor, form=_form(db))

    numbers = [first.client_number, second.client_number, next_number]
    assert len(set(numbers)) == 3 and re.fullmatch(r"C\d{6}", second.client_number)
    assert db.scalar(select(func.count()).where(Company.client_number == second.client_number)) == 1


def test_a_numero_client_another_agent_takes_after_it_was_checked_gives_the_next_one(db, monkeypatch):
    """Two agents at once: the other's company gets the number this one found free, before this one writes
    it; the unique column refuses it, and this company gets the next number."""
    other = make_company(db)
    checked, raced = new_clients._number_taken, []

    def then_taken(session, number):
        taken = checked(session, number)
        if not taken and not raced:  # the other agent is quicker, once
            raced.append(number)
            other.client_number = number
            session.flush()
        return taken

    monkeypatch.setattr(new_clients, "_number_taken", then_taken)
    created = new_clients.create_company(db, actor=_agent(db), form=_form(db))

    [first] = raced
    assert other.client_number == first and re.fullmatch(r"C\d{6}", created.client_number)
    assert int(created.client_number[1:]) > int(first[1:])  # the next free one
    assert db.get(Company, created.company_id).client_number == created.client_number
    [row] = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == created.company_id)).all()
    assert created.client_number in row


def test_an_etablissement_takes_its_companys_siren_and_parent(db):
    parent = make_company(db)
    created = new_clients.create_company(
        db,
        actor=_agent(db),
        form=_form(db, siren=parent.siren, parent_number=parent.client_number.lower()),
    )
    company = db.get(Company, created.company_id)
    assert company.parent_id == parent.id and company.siren == parent.siren


def test_a_siren_already_a_clients_is_refused_and_nothing_is_written(db):
    taken = make_company(db)
    actor = _agent(db)
    before = _count(db)
    with pytest.raises(FieldsRefused) as refused:
        new_clients.create_company(db, actor=actor, form=_form(db, siren=taken.siren))
    assert refused.value.errors == {"siren": new_clients.SIREN_TAKEN.format(number=taken.client_number)}
    assert _count(db) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "raison_sociale", new_clients.NAME_REQUIRED),
        ({"name": "X" * 121}, "raison_sociale", new_clients.NAME_REQUIRED),
        ({"siren": "123456789"}, "siren", new_clients.BAD_SIREN),  # a wrong Luhn key
        ({"siren": "12345"}, "siren", new_clients.BAD_SIREN),
        ({"address_line": "4"}, "adresse", BAD_ADDRESS_LINE),
        ({"postal_code": "00000"}, "code_postal", BAD_POSTAL_CODE),
        ({"city": "33"}, "ville", BAD_CITY),
        ({"city": "Weiß" + "e" * 76}, "ville", BAD_CITY),  # 80 typed, 81 in capitals (its column: 80)
        ({"name": "ΐ" * 86}, "raison_sociale", new_clients.NAME_REQUIRED),  # 258 in capitals (column: 255)
        ({"phone": "12"}, "telephone", BAD_PHONE),
        ({"email": "pas-une-adresse"}, "email", BAD_EMAIL),
        ({"parent_number": "C000000000"}, "etablissement_de", new_clients.UNKNOWN_PARENT),
        ({"parent_number": "C0\x00"}, "etablissement_de", new_clients.UNKNOWN_PARENT),  # a NUL: PostgreSQL
    ],
)
def test_each_wrong_field_gets_its_french_message_and_nothing_is_written(db, changes, field, message):
    actor = _agent(db)
    form = _form(db, **changes)
    before = _count(db)
    with pytest.raises(FieldsRefused) as refused:
        new_clients.create_company(db, actor=actor, form=form)
    assert refused.value.errors == {field: message}
    assert _count(db) == before


def test_an_etablissement_with_another_siren_is_refused(db):
    parent = make_company(db)
    before = _count(db)
    with pytest.raises(FieldsRefused) as refused:
        new_clients.create_company(db, actor=_agent(db), form=_form(db, parent_number=parent.client_number))
    assert refused.value.errors["siren"].startswith("Un établissement a le SIREN de son entreprise")
    assert _count(db) == before


def test_every_wrong_field_is_told_at_once(db):
    with pytest.raises(FieldsRefused) as refused:
        new_clients.create_company(
            db, actor=_agent(db), form=CompanyForm("", "", "", "", "", "", email="x", parent_number="")
        )
    assert set(refused.value.errors) == {
        "raison_sociale",
        "siren",
        "adresse",
        "code_postal",
        "ville",
        "telephone",
        "email",
    }


def test_an_etablissement_of_an_etablissement_is_refused_naming_its_company(db):
    """Structures hang one level below their company (the staff's file, the bordereaux and indemnités
    imports read one level): the agent is told the company's numéro client instead."""
    company = make_company(db)
    actor = _agent(db)
    etablissement = new_clients.create_company(
        db, actor=actor, form=_form(db, siren=company.siren, parent_number=company.client_number)
    )
    before = _count(db)
    with pytest.raises(FieldsRefused) as refused:
        new_clients.create_company(
            db, actor=actor, form=_form(db, siren=company.siren, parent_number=etablissement.client_number)
        )
    assert refused.value.errors == {
        "etablissement_de": new_clients.PARENT_IS_ETABLISSEMENT.format(
            name=company.name, number=company.client_number
        )
    }
    assert _count(db) == before
