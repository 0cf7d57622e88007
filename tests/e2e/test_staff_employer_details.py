"""An employer's coordinates applied by OCSO from its démarches, in the browser: the Entreprises agent types
an employee's new address from a « Nouvelle adresse » (a bad postal code is refused in French, nothing
written, what was typed stays), HR then reads it on the fiche salarié and OCSO's answer on the démarche;
the company's new telephone number from « Téléphone » shows on the company's file; a « Reprise » ends the
employee's arrêt the day before, as HR then reads it in Indemnités journalières."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Company, Employee, Request, RequestStatus, SickLeave, StaffRole
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.requests import desk
from tests.builders import make_company, make_employee, make_employer, make_request, make_staff
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave
from tests.e2e.helpers import page_as, shoot


def test_the_agent_records_an_employees_new_address_that_hr_then_reads(
    browser: Browser, base_url: str, artifacts: Path
):
    with db_session() as session:
        company = make_company(session)
        boss = make_employer(session, principal_of=(company,))
        employee = make_employee(session, company=company, last_name="DEMENAGE", first_name="Inès")
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        request = make_request(
            session,
            company=company,
            kind="salaries",
            subject="Nouvelle adresse d'un salarié",
            payload={
                "topic": "Nouvelle adresse",
                "employee": "Inès DEMENAGE",
                "employee_id": employee.id,
                "message": "Inès habite désormais 4 allée des Pins, 33700 Mérignac.",
            },
        )
        boss_id, agent_id, employee_id, request_id = boss.id, agent.id, employee.id, request.id

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    expect(staff.get_by_text("Salarié identifié")).to_be_visible()
    record = staff.get_by_role("button", name="Enregistrer la nouvelle adresse du/de la salarié(e)")
    staff.get_by_label("Adresse (voie)").fill("4 allée des Pins")
    staff.get_by_label("Code postal").fill("337")
    staff.get_by_label("Ville").fill("Mérignac")
    record.click()
    expect(staff.get_by_text("Indiquez la nouvelle adresse complète")).to_be_visible()
    with db_session() as session:
        assert session.get(Employee, employee_id).postal_code != "33700"
        assert session.get(Request, request_id).status != RequestStatus.DONE
    expect(staff.get_by_label("Adresse (voie)")).to_have_value("4 allée des Pins")  # kept to be corrected
    staff.get_by_label("Code postal").fill("33700")
    shoot(staff, artifacts, "staff-employee-address")
    record.click()
    expect(
        staff.get_by_text("Adresse de Inès DEMENAGE enregistrée : 4 allée des Pins, 33700 MÉRIGNAC.")
    ).to_be_visible()
    expect(record).to_have_count(0)  # the démarche is closed: nothing to apply any more
    staff.context.close()

    hr = page_as(browser, base_url, boss_id)
    hr.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    expect(hr.get_by_text("4 allée des Pins 33700 MÉRIGNAC")).to_be_visible()
    hr.goto(base_url + routes.EMPLOYER_REQUESTS)
    expect(hr.locator("#derniers-envois")).to_contain_text(
        "La nouvelle adresse de Inès DEMENAGE est enregistrée"
    )
    hr.context.close()


def test_the_agent_records_the_companys_new_number(browser: Browser, base_url: str):
    with db_session() as session:
        company = make_company(session)
        boss = make_employer(session, principal_of=(company,))
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        request = make_request(
            session,
            company=company,
            kind="coordonnees_entreprise",
            subject="Nouveau numéro de téléphone de l'entreprise",
            payload={"topic": "Téléphone", "message": "Notre standard : 05 59 52 11 12."},
        )
        company_id, agent_id, request_id, boss_id = company.id, agent.id, request.id, boss.id

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    record = staff.get_by_role("button", name="Enregistrer le nouveau numéro de l'entreprise")
    staff.get_by_label("Téléphone").fill("05 59 52")
    record.click()
    expect(staff.get_by_text("Indiquez le nouveau numéro de téléphone")).to_be_visible()
    staff.get_by_label("Téléphone").fill("05 59 52 11 12")
    record.click()
    expect(staff.get_by_text("Téléphone enregistré : 05 59 52 11 12.")).to_be_visible()
    with db_session() as session:
        assert session.get(Company, company_id).phone == "0559521112"
    staff.goto(f"{base_url}{routes.STAFF_COMPANY_FILE}?n={company_id}")
    contact = staff.locator("main div").filter(has=staff.get_by_text("Contact", exact=True)).last
    expect(contact).to_contain_text("05 59 52 11 12")  # as typed, spaced (OCSO's own number is in the footer)
    staff.context.close()

    hr = page_as(browser, base_url, boss_id)  # the employer reads it on its Entreprise page
    hr.goto(base_url + routes.EMPLOYER_COMPANY)
    expect(hr.locator("#coordonnees")).to_contain_text("05 59 52 11 12")
    hr.context.close()


def test_the_agent_records_a_reprise_that_hr_reads_in_indemnites_journalieres(
    browser: Browser, base_url: str, artifacts: Path
):
    today = paris_today()
    start, returned = today - timedelta(days=40), today - timedelta(days=5)
    with db_session() as session:
        company = make_company(session)
        boss = make_employer(session, principal_of=(company,))
        employee = make_employee(session, company=company, last_name="REPRISE", first_name="Noé")
        contract = make_provident_contract(session, company=company)
        leave, _ = make_sick_leave(
            session,
            employee=employee,
            contract=contract,
            start=start,
            end=None,
            daily=Decimal(40),
            periods=[(start + timedelta(days=3), start + timedelta(days=20))],
        )
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        request = make_request(
            session,
            company=company,
            kind="arrets_travail",
            subject="Reprise du travail",
            payload={
                "topic": "Reprise",
                "employee": "Noé REPRISE",
                "employee_id": employee.id,
                "message": f"Noé a repris le {format_short_date(returned)}.",
            },
        )
        boss_id, agent_id, leave_id, reference, request_id = (
            boss.id,
            agent.id,
            leave.id,
            leave.reference,
            request.id,
        )

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    expect(
        staff.get_by_text(f"réf. {reference} · depuis le {format_short_date(start)} · En cours")
    ).to_be_visible()
    record = staff.get_by_role("button", name="Enregistrer la reprise du travail")
    staff.get_by_label("Date de reprise").fill(format_short_date(start))
    record.click()
    expect(staff.get_by_text("La reprise doit suivre le premier jour de l'arrêt")).to_be_visible()
    with db_session() as session:
        assert session.get(SickLeave, leave_id).end_date is None
    staff.get_by_label("Date de reprise").fill(format_short_date(returned))
    shoot(staff, artifacts, "staff-return-to-work")
    record.click()
    last_day = format_short_date(returned - timedelta(days=1))
    expect(staff.get_by_text(f"Arrêt réf. {reference} de Noé REPRISE : fin le {last_day}.")).to_be_visible()
    expect(record).to_have_count(0)
    staff.context.close()

    hr = page_as(browser, base_url, boss_id)
    hr.goto(base_url + routes.EMPLOYER_ALLOWANCES)
    heading = hr.get_by_role("heading", name="REPRISE Noé")
    card = hr.locator("div").filter(has=heading).filter(has_text=f"Référence {reference}").last
    expect(card).to_contain_text(f"Arrêt du {format_short_date(start)} au {last_day}")
    expect(card).to_contain_text("Clôturé")
    hr.context.close()


def test_a_refusal_without_its_reason_keeps_the_agents_choice_then_reaches_the_employer(
    browser: Browser, base_url: str
):
    with db_session() as session:
        company = make_company(session)
        boss = make_employer(session, principal_of=(company,))
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        request = make_request(
            session,
            company=company,
            kind="salaries",
            subject="Envoi d'un bulletin d'adhésion",
            payload={"topic": "Bulletin d'adhésion", "employee": "Jean NOUVEAU", "message": "Ci-joint."},
        )
        boss_id, agent_id, request_id = boss.id, agent.id, request.id

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    status = staff.get_by_label("Nouveau statut")
    status.select_option(label="Refusée")
    staff.get_by_role("button", name="Changer le statut").click()
    expect(staff.get_by_text(desk.MISSING_REASON)).to_be_visible()
    expect(status).to_have_value(RequestStatus.REFUSED.value)  # kept: only the reason is to add
    staff.get_by_label(re.compile("^Motif du refus")).fill("Bulletin incomplet : la page 2 manque.")
    staff.get_by_role("button", name="Changer le statut").click()
    expect(staff.get_by_text("Statut enregistré : refusée.")).to_be_visible()
    staff.context.close()

    hr = page_as(browser, base_url, boss_id)
    hr.goto(base_url + routes.EMPLOYER_REQUESTS)
    expect(hr.locator("#derniers-envois")).to_contain_text(
        "Votre démarche est refusée. Motif : Bulletin incomplet : la page 2 manque."
    )
    hr.context.close()
