"""Entreprise and Documents of the Espace Employeur in Chromium: the signed régimes with their guarantees and
a notice downloaded, the bordereaux shown only to a profile that sees contributions, a new letter counted on
the Documents entry until a user opens it, and two bulletins individuels d'adhésion composed, downloaded and
read back; screenshots at 1280 and 375 px."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import ContractKind, EmployerProfile
from ocso_app.services.formats import paris_today
from tests.builders import make_company, make_employer
from tests.builders.contracts import (
    make_company_document,
    make_contract,
    make_contract_document,
    make_contribution,
)
from tests.e2e.helpers import download_pdf_text, page_as

PHONE = {"viewport": {"width": 375, "height": 812}}


@dataclass
class Employer:
    company: str
    client_number: str
    health_number: str
    provident_number: str
    boss_id: int
    staff_id: int


@pytest.fixture
def employer() -> Employer:
    """A company with a signed santé (and its notice) and prévoyance contract, an unsigned contract on its
    branch, two bordereaux and a letter; its principal user, and a staff manager who sees no contributions."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"MENUISERIE {tag}")
        branch = make_company(session, parent=head, name=f"MENUISERIE {tag} PAU")
        health = make_contract(session, company=head)
        provident = make_contract(session, company=head, kind=ContractKind.PREVOYANCE)
        make_contract(session, company=branch, signed=False)
        make_contract_document(session, contract=health, title=f"Notice santé {tag}", text=f"NOTICE {tag}")
        quarter = paris_today().replace(day=1) - timedelta(days=100)
        for paid in (Decimal("1200.00"), Decimal("0.00")):
            make_contribution(
                session,
                contract=health,
                period_start=quarter,
                period_end=quarter + timedelta(days=89),
                due=Decimal("1200.00"),
                paid=paid,
                due_on=quarter + timedelta(days=120),
            )
        make_company_document(session, company=head, title=f"Avenant {tag}")
        boss = make_employer(session, principal_of=(head, branch)).id
        staff = make_employer(session, grants={head: EmployerProfile.STAFF_MANAGEMENT}).id
        return Employer(head.name, head.client_number, health.number, provident.number, boss, staff)


def test_entreprise_shows_signed_regimes_their_guarantees_a_notice_and_the_bordereaux(
    browser: Browser, base_url: str, artifacts: Path, employer: Employer
):
    page = page_as(browser, base_url, employer.boss_id)
    page.goto(base_url + routes.EMPLOYER_COMPANY)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Frais de santé – Cadres")).to_be_visible()
    expect(main.get_by_role("heading", name="Prévoyance – Cadres")).to_be_visible()
    expect(main.get_by_text(f"n° {employer.health_number}", exact=True)).to_be_visible()
    expect(main.get_by_text("1 contrat en attente de retour signé n'apparaît pas")).to_be_visible()
    expect(main.get_by_text("62,40 € / mois")).to_be_visible()
    expect(main.get_by_text("forfait 300 €/an")).to_be_visible()  # the Confort option's optique
    expect(main.get_by_role("heading", name="Bordereaux de cotisations")).to_be_visible()
    expect(main.get_by_text("Reste à régler").last).to_be_visible()
    expect(main.get_by_text("1 200,00 €").first).to_be_visible()
    page.screenshot(path=artifacts / "employer-entreprise-1280.png", full_page=True)

    notice = main.get_by_role("link", name=f"Notice santé {employer.company.split()[-1]}")
    text = download_pdf_text(page, notice.click, artifacts, "employer-notice.pdf")
    assert f"NOTICE {employer.company.split()[-1]}" in text

    page.set_viewport_size(PHONE["viewport"])
    expect(main.get_by_text("Hospitalisation").first).to_be_visible()
    page.screenshot(path=artifacts / "employer-entreprise-375.png", full_page=True)

    staff = page_as(browser, base_url, employer.staff_id, **PHONE)
    staff.goto(base_url + routes.EMPLOYER_COMPANY)
    expect(staff.locator("main").get_by_role("heading", name="Frais de santé – Cadres")).to_be_visible()
    expect(staff.locator("main").get_by_role("heading", name="Bordereaux de cotisations")).to_have_count(0)


def test_documents_composes_and_downloads_bulletins_individuels_d_adhesion(
    browser: Browser, base_url: str, artifacts: Path, employer: Employer
):
    page = page_as(browser, base_url, employer.boss_id)
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(
        page.get_by_label("1 nouveau document", exact=True)
    ).to_be_visible()  # on the Documents entry of every page
    page.get_by_role("link", name=re.compile(r"^Documents")).click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Bulletin individuel d'adhésion")).to_be_visible()
    letter = main.get_by_role("link", name=f"Avenant {employer.company.split()[-1]}")
    expect(main.get_by_text("Nouveau", exact=True)).to_be_visible()
    page.screenshot(path=artifacts / "employer-documents-new-1280.png", full_page=True)
    text = download_pdf_text(page, letter.click, artifacts, "employer-courrier.pdf")
    assert f"Avenant {employer.company.split()[-1]}" in text
    expect(page.get_by_label("1 nouveau document", exact=True)).to_have_count(
        0
    )  # opened: no longer new, for everyone
    expect(main.get_by_text("Nouveau", exact=True)).to_have_count(0)
    colleague = page_as(browser, base_url, employer.staff_id)
    colleague.goto(base_url + routes.EMPLOYER_DOCUMENTS)
    expect(
        colleague.locator("main").get_by_role("link", name=f"Avenant {employer.company.split()[-1]}")
    ).to_be_visible()
    expect(colleague.get_by_label("1 nouveau document", exact=True)).to_have_count(0)

    contract = main.get_by_label("Contrat", exact=True)
    contract.select_option(label=f"Prévoyance – Cadres – n° {employer.provident_number} ({employer.company})")
    headcount = main.get_by_label("Nombre de salariés inscrits sur le contrat")
    expect(headcount).to_be_visible()
    headcount.fill("4")
    main.get_by_label("Non, prélevée sur le compte du salarié").check()
    page.screenshot(path=artifacts / "employer-documents-1280.png", full_page=True)
    submit = main.get_by_role("button", name="Composer et télécharger le BIA")
    text = download_pdf_text(page, submit.click, artifacts, "employer-bia-prevoyance.pdf")
    for expected in (
        employer.company,
        employer.client_number,
        employer.provident_number,
        "QUESTIONNAIRE MÉDICAL",
    ):
        assert expected in text, expected
    assert "MANDAT DE PRÉLÈVEMENT SEPA" in text

    contract.select_option(
        label=f"Frais de santé – Cadres – n° {employer.health_number} ({employer.company})"
    )
    expect(headcount).to_have_count(0)  # asked only for prévoyance
    main.get_by_label("Formule Confort (option) – 24,80 € / mois").check()
    main.get_by_label("Oui, précompte employeur").check()
    text = download_pdf_text(page, submit.click, artifacts, "employer-bia-sante.pdf")
    for expected in (employer.health_number, "Formule Confort (option)", "Précompte employeur : Oui"):
        assert expected in text, expected
    assert "QUESTIONNAIRE MÉDICAL" not in text
    expect(main.get_by_role("link", name="Télécharger de nouveau le bulletin (PDF)")).to_be_visible()

    page.set_viewport_size(PHONE["viewport"])
    page.screenshot(path=artifacts / "employer-documents-375.png", full_page=True)


def test_a_document_downloaded_from_accueil_is_no_longer_new_there_nor_in_the_menu(
    browser: Browser, base_url: str, artifacts: Path
):
    """« Derniers documents » on Accueil: the click downloads the PDF and, at once, its « Nouveau » badge and
    the menu's count go (they stayed until Accueil was opened again)."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        company = make_company(session, name=f"ACCUEIL DOCS {tag}")
        make_company_document(session, company=company, title=f"Courrier {tag}")
        hr_id = make_employer(session, principal_of=(company,)).id
    page = page_as(browser, base_url, hr_id)
    page.goto(base_url + routes.EMPLOYER_HOME)
    main = page.locator("main")
    expect(main.get_by_text("Nouveau", exact=True)).to_be_visible()
    expect(page.get_by_label("1 nouveau document", exact=True)).to_be_visible()
    text = download_pdf_text(
        page, main.get_by_role("link", name=f"Courrier {tag}").click, artifacts, "accueil.pdf"
    )
    assert f"Courrier {tag}" in text
    expect(main.get_by_text("Nouveau", exact=True)).to_have_count(0)
    expect(page.get_by_label("1 nouveau document", exact=True)).to_have_count(0)
    page.reload()
    expect(main.get_by_role("link", name=f"Courrier {tag}")).to_be_visible()
    expect(main.get_by_text("Nouveau", exact=True)).to_have_count(0)
