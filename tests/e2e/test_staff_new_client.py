"""A new client onboarded in Chromium: an Entreprises agent creates the company (a wrong SIREN refused under
its field first, nothing written), adds a santé contract on its file and downloads the letter with its code
de sécurité (asked in a dialog: « Annuler » first changes nothing); the company's HR then creates the
employer account with the numéro client, the SIREN and that code, finds the contract in Entreprise,
pré-affiliates an employee on it and finds her in Mes salarié(e)s."""

from __future__ import annotations

import re
import secrets
import string
import uuid
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Company, StaffRole
from ocso_app.services import new_clients, new_contracts
from ocso_app.services.formats import paris_today
from ocso_app.services.identifiers import nir_with_key
from tests.builders import make_staff
from tests.builders._unique import unused
from tests.builders.employers import new_siren
from tests.e2e.affiliation_steps import fill_wizard
from tests.e2e.axe import violations
from tests.e2e.helpers import download_after_confirming, page_as, register_employer, shoot

NEW_PASSWORD = "Employeur-2026!"


def _companies_named(name: str) -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).where(Company.name == name))


def test_an_agent_onboards_a_company_whose_hr_opens_its_space_and_affiliates_on_its_contract(
    browser: Browser, base_url: str, mailbox, artifacts: Path
):
    tag = uuid.uuid4().hex[:6].upper()
    name = f"CONSERVERIES {tag}"
    with db_session() as session:
        agent = make_staff(session, role=StaffRole.ENTREPRISES).id
        siren = unused(session, Company.siren, lambda n: new_siren(n + 25_000_000))

    page = page_as(browser, base_url, agent, bypass_csp=True)  # axe-core audits the forms refused
    page.goto(base_url + routes.STAFF_FILES)
    page.get_by_role("link", name="Nouvelle entreprise").click()
    expect(page.get_by_role("heading", name="Nouvelle entreprise", level=1)).to_be_visible()
    page.get_by_label("Raison sociale").fill(name)
    page.get_by_label("SIREN").fill("123 456 789")  # a wrong key
    page.get_by_label("Adresse").fill("4 quai des Chartrons")
    page.get_by_label("Code postal").fill("33000")
    page.get_by_label("Ville").fill("Bordeaux")
    page.get_by_label("Téléphone").fill("05 56 00 11 22")
    page.get_by_role("button", name="Créer l'entreprise").click()
    expect(page.locator("#siren-erreur")).to_have_text(new_clients.BAD_SIREN)
    expect(page.get_by_label("SIREN")).to_have_attribute("aria-invalid", "true")
    assert _companies_named(name) == 0
    assert violations(page, routes.STAFF_NEW_COMPANY) == []
    shoot(page, artifacts, "staff-new-company-refused")

    page.get_by_label("SIREN").fill(siren)
    page.get_by_role("button", name="Créer l'entreprise").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(name)
    client_number = re.search(r"n° (C\d{6})", heading.inner_text()).group(1)
    assert _companies_named(name) == 1

    today = paris_today()
    kind = page.get_by_label("Type de contrat")
    expect(kind).to_have_value("")  # « Choisir… »
    kind.select_option("sante")
    page.get_by_label("Libellé").fill(f"Frais de santé {tag}")
    page.get_by_label("Organisme assureur").fill("Atlantique Prévoyance")
    page.get_by_label("Catégorie de personnel").fill("Ensemble du personnel")
    page.get_by_label("Date d'effet").fill(f"01/01/{today.year}")
    page.get_by_label("Part employeur (%)").fill("160")
    page.get_by_label("Signé le (facultatif)").fill((today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ajouter le contrat").click()
    expect(page.locator("#part_employeur-erreur")).to_have_text(new_contracts.BAD_SHARE)
    expect(page.get_by_label("Part employeur (%)")).to_be_focused()
    assert violations(page, routes.STAFF_COMPANY_FILE) == []
    page.get_by_label("Part employeur (%)").fill("60")
    page.get_by_role("button", name="Ajouter le contrat").click()
    number = f"CS-{today.year}-{client_number[1:]}"
    expect(page.get_by_text(f"Contrat {number} ajouté")).to_be_visible()
    expect(page.get_by_role("rowheader", name=number)).to_be_visible()
    expect(page.get_by_label("Libellé")).to_have_value("")  # the form drawn empty again, its type too
    expect(kind).to_have_value("")
    shoot(page, artifacts, "staff-company-new-contract")

    def code_hash() -> str | None:
        with db_session() as session:
            return session.scalar(select(Company.security_code_hash).where(Company.siren == siren))

    letter = download_after_confirming(
        page,
        page,
        "Courrier avec un nouveau code de sécurité",
        says="le code de sécurité actuel ne vaudra plus",
        confirm="Remplacer et télécharger le courrier",
        unchanged=code_hash,
        artifacts=artifacts,
        name="staff-new-company-code.pdf",
    )
    assert client_number in letter and siren in letter and name in letter
    code = re.search(r"Code de sécurité\s*([A-Z2-9]{3}-[A-Z2-9]{3})", letter).group(1)

    email = f"rh.{tag.lower()}@example.fr"
    hr = browser.new_context().new_page()
    register_employer(
        hr,
        base_url,
        mailbox,
        client_number=client_number,
        siren=siren,
        security_code=code,
        email=email,
        new_password=NEW_PASSWORD,
    )

    hr.goto(base_url + routes.EMPLOYER_COMPANY)
    main = hr.locator("main")
    expect(main.get_by_role("heading", name=f"Frais de santé {tag}")).to_be_visible()
    expect(main.get_by_text(f"n° {number}", exact=True)).to_be_visible()
    expect(main.get_by_text("62,40 € / mois")).to_be_visible()  # the catalog's base plan
    expect(main.get_by_text("forfait 300 €/an")).to_be_visible()  # the Confort option's optique
    hr.screenshot(path=artifacts / "employer-new-client-entreprise-1280.png", full_page=True)

    # HR pré-affiliates an employee on the new santé contract, then finds her in Mes salarié(e)s.
    last = "LEGOFF" + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))  # no digit in a name
    employee_email = f"anne.{tag.lower()}@example.org"
    hr.goto(base_url + routes.EMPLOYER_AFFILIATE)
    fill_wizard(
        hr,
        civility="Mme",
        last=last,
        first="Anne",
        nir=nir_with_key(f"28504750{secrets.randbelow(10**5):05d}"),
        email=employee_email,
        company=name,
        hired_on=today.strftime("%d/%m/%Y"),
    )
    expect(hr.get_by_text(f"Frais de santé {tag} ({number})")).to_be_visible()  # in the summary
    hr.get_by_role("button", name="Envoyer l'invitation").click()
    expect(hr.get_by_text(f"L'invitation a été envoyée à {employee_email}.")).to_be_visible()
    hr.goto(base_url + routes.EMPLOYER_STAFF)
    hr.get_by_label("Rechercher un(e) salarié(e) (nom, prénom)").fill(last)
    hr.get_by_role("button", name="Rechercher").click()
    expect(hr.get_by_text("1 salarié(e)", exact=True)).to_be_visible()
    row = hr.get_by_role("row").filter(has=hr.get_by_role("link", name=re.compile(f"^Fiche de {last}")))
    expect(row).to_contain_text("En cours d'affiliation")
    hr.screenshot(path=artifacts / "employer-new-client-salaries-1280.png", full_page=True)
