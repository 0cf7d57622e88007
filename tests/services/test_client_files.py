"""Rechercher un dossier: members and companies found by number or by name (accents and case ignored), their
files (NIR and IBAN masked), and a member's health data shown only with a reason, written to the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.models import AuditEvent, EmployerProfile, Member
from ocso_app.services import audit, client_files
from ocso_app.services.errors import OcsoError
from tests.builders import make_care_member, make_company, make_employee, make_employer, make_staff
from tests.builders.contracts import make_company_document, make_contribution
from tests.builders.members import make_member
from tests.builders.requests import make_request
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave

TODAY = date(2026, 11, 30)


def _actor(db) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def test_a_member_is_found_by_number_and_by_name_without_accents_in_any_order(db):
    family = make_care_member(db, first_name="Hélène", last_name="LEFÈVRE-ŒUVRAY")
    assert [f.id for f in client_files.find_members(db, text=family.member_number)] == [family.member_id]
    by_name = client_files.find_members(db, text="helene  lefevre-oeuvray")
    assert family.member_id in [f.id for f in by_name]
    assert family.member_id in [f.id for f in client_files.find_members(db, text="OEUVRAY hel")]
    with pytest.raises(OcsoError) as refused:
        client_files.find_members(db, text=" a ")
    assert refused.value.message == client_files.TOO_SHORT


def test_a_control_character_typed_in_a_search_is_a_blank_not_a_server_error(db):
    """PostgreSQL refuses a NUL in a query: « Dossiers » answered « Une erreur inattendue »."""
    family = make_care_member(db, first_name="Hélène", last_name="LEFÈVRE-ŒUVRAY")
    assert family.member_id in [f.id for f in client_files.find_members(db, text="helene\x00oeuvray")]
    company = make_company(db, name="Boulangeries Élégantes du Littoral")
    assert company.id in [f.id for f in client_files.find_companies(db, text="elegantes\x00boulangeries")]


def test_a_company_is_found_by_client_number_siren_or_name(db):
    company = make_company(db, name="Boulangeries Élégantes du Littoral")
    for text in (company.client_number, company.siren, "elegantes boulangeries"):
        assert company.id in [f.id for f in client_files.find_companies(db, text=text)], text


def test_a_members_file_is_masked_and_its_opening_audited_without_health_data(db):
    family, actor = make_care_member(db), _actor(db)
    file = client_files.member_file(db, actor=actor, member_id=family.member_id)
    assert file.number == family.member_number and file.iban.endswith("4151 617") and "FR76" not in file.iban
    assert "*" in file.nir and [p.rank for p in file.beneficiaries] == ["AS", "EA", "EB"]
    assert "Formule Essentielle" in file.contract
    assert not hasattr(file, "payments")
    [event] = db.scalars(
        select(AuditEvent).where(
            AuditEvent.member_id == family.member_id, AuditEvent.account_id == actor.account_id
        )
    ).all()
    assert event.event_type == "Consultation par OCSO"


def test_a_members_file_lists_their_demarches_each_opening_its_page(db):
    """An agent on the phone with the member went back to the queue to find a démarche the file listed."""
    family, actor = make_care_member(db), _actor(db)
    request = make_request(db, member=db.get(Member, family.member_id), subject="Envoi d'une facture")
    [line] = client_files.member_file(db, actor=actor, member_id=family.member_id).requests
    assert (line.subject, line.href) == ("Envoi d'une facture", f"{routes.STAFF_REQUEST}?n={request.id}")


def test_health_data_needs_a_reason_from_the_list_and_the_view_is_audited_with_it(db):
    family, actor = make_care_member(db), _actor(db)
    views = select(func.count(AuditEvent.id)).where(AuditEvent.account_id == actor.account_id)
    for reason in ("", "curiosité"):
        with pytest.raises(OcsoError) as refused:
            client_files.member_health_data(db, actor=actor, member_id=family.member_id, reason=reason)
        assert refused.value.message == client_files.REASON_REQUIRED
    assert db.scalar(views) == 0
    data = client_files.member_health_data(db, actor=actor, member_id=family.member_id, reason="reclamation")
    assert [p.amount for p in data.payments] == ["8,49\u00a0€", "16,18\u00a0€", "13,09\u00a0€"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.account_id == actor.account_id))
    assert event.member_id == family.member_id
    assert event.action.endswith("motif : Réclamation ou litige")


def test_a_companys_file_lists_structures_contracts_and_users(db):
    company, actor = make_company(db, name="Maison Mère"), _actor(db)
    branch = make_company(db, parent=company, name="Établissement de Brest")
    boss = make_employer(db, principal_of=(company,), grants={branch: EmployerProfile.READ_ONLY})
    file = client_files.company_file(db, actor=actor, company_id=company.id, today=TODAY)
    assert [s.name for s in file.structures] == ["Établissement de Brest"]
    expected = {(boss.email, "Maison Mère"), (boss.email, "Établissement de Brest")}
    assert {(u.email, u.structure) for u in file.users} == expected
    assert any("(principal)" in u.profile for u in file.users)
    head, own = make_provident_contract(db, company=company), make_provident_contract(db, company=branch)
    lines = client_files.company_file(db, actor=actor, company_id=company.id, today=TODAY).contracts
    # each contract says whose it is, the company's first (they were mixed, by number only)
    assert [(c.number, c.structure) for c in lines] == [
        (head.number, "Maison Mère"),
        (own.number, "Établissement de Brest"),
    ]
    event = db.scalar(select(AuditEvent).where(AuditEvent.account_id == actor.account_id))
    assert event.company_id == company.id and event.member_id is None
    with pytest.raises(OcsoError):
        client_files.company_file(db, actor=actor, company_id=10**9, today=TODAY)


def test_a_companys_file_lists_the_documents_published_to_its_structures_and_whether_they_were_read(db):
    company, actor = make_company(db, name="Maison Mère"), _actor(db)
    branch = make_company(db, parent=company, name="Établissement de Brest")
    make_company_document(db, company=company, title="Avenant 2026")
    read = make_company_document(db, company=branch, title="Garanties 2026")
    read.read_at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    make_company_document(db, company=company, title="Courrier d'un salarié", member_id=make_member(db).id)
    make_company_document(db, company=make_company(db), title="Courrier d'une autre")
    db.flush()
    file = client_files.company_file(db, actor=actor, company_id=company.id, today=TODAY)
    assert {(d.title, d.structure, d.read) for d in file.documents} == {
        ("Avenant 2026", "Maison Mère", "non lu"),
        ("Garanties 2026", "Établissement de Brest", "lu le 02/03/2026"),
    }


def test_a_companys_file_lists_its_bordereaux_as_its_users_read_them(db):
    """An agent answering a « Bordereau échu » démarche sees the company's and its structures' bordereaux
    with the status and the amounts of the employer's Entreprise page, not another company's."""
    company, actor = make_company(db, name="Maison Mère"), _actor(db)
    branch = make_company(db, parent=company, name="Établissement de Brest")
    contract = make_provident_contract(db, company=company)
    make_contribution(db, contract=contract, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30),
                      due=Decimal("900.00"), paid=Decimal("300.00"), due_on=date(2026, 10, 15))  # fmt: skip
    late = make_contribution(db, contract=contract, period_start=date(2026, 4, 1),
                             period_end=date(2026, 6, 30), due=Decimal("800.00"), paid=Decimal("0.00"),
                             due_on=date(2026, 7, 15))  # fmt: skip
    late.company_id = branch.id
    make_contribution(db, contract=make_provident_contract(db, company=make_company(db)),
                      period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), due=Decimal("1.00"),
                      paid=Decimal("0.00"), due_on=date(2026, 10, 15))  # fmt: skip
    db.flush()
    file = client_files.company_file(db, actor=actor, company_id=company.id, today=TODAY)
    assert [(c.period, c.structure, c.status, c.remaining) for c in file.contributions] == [
        ("01/07/2026 – 30/09/2026", "Maison Mère", "Réglé partiellement", "600,00\u00a0€"),
        ("01/04/2026 – 30/06/2026", "Établissement de Brest", "En retard", "800,00\u00a0€"),
    ]
    assert file.left_to_pay == "1\u00a0400,00\u00a0€"


def test_a_companys_file_lists_its_employees_arrets_de_travail_without_their_reason(db):
    company, actor = make_company(db, name="Maison Mère"), _actor(db)
    branch = make_company(db, parent=company, name="Établissement de Brest")
    contract = make_provident_contract(db, company=company)
    benali = make_employee(db, company=branch, first_name="Karim", last_name="Benali")
    months = [(date(2026, 9, 5), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31))]
    leave, _ = make_sick_leave(db, employee=benali, contract=contract, start=date(2026, 9, 2), end=None,
                               daily=Decimal("45.00"), periods=months)  # fmt: skip
    other = make_company(db)
    elsewhere = make_provident_contract(db, company=other)
    make_sick_leave(db, employee=make_employee(db, company=other), contract=elsewhere, start=date(2026, 9, 2),
                    end=None, daily=Decimal("1.00"))  # fmt: skip
    file = client_files.company_file(db, actor=actor, company_id=company.id, today=TODAY)
    assert file.sick_leave_count == "1 arrêt de travail"
    shown = [(s.employee, s.structure, s.reference, s.dates, s.status, s.payments) for s in file.sick_leaves]
    assert shown == [
        ("BENALI Karim", "Établissement de Brest", leave.reference, "depuis le 02/09/2026", "En cours",
         "2 paiements, le dernier de 1\u00a0301,53\u00a0€ le 05/11/2026"),
    ]  # fmt: skip
    assert "Maladie" not in repr(file)
