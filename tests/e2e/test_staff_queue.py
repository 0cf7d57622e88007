"""The Espace OCSO's work queue in Chromium, across two browser contexts: a member sends a bank change with a
RIB; a prestations agent logs in (password + authenticator), finds it in the queue, opens the RIB, applies
the change with a new authenticator code and answers; the member sees « traitée », the answer, the new
masked IBAN and the e-mails. Then the employer's question loop: an employer asks, the entreprises agent
answers, the employer reads it."""

from __future__ import annotations

import time

import pyotp
from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import StaffRole
from tests.builders import PASSWORD, make_company, make_employer, make_pdf, make_staff, new_email
from tests.e2e.helpers import log_in, new_member_account, open_section, page_as, shoot
from tests.support.mailbox import body_text

IBAN = "FR7630006000011234567890189"
MASKED = "FRXX XXXX XXXX XXXX XXXX 7890 189"
ANSWER = "Bonjour, votre RIB est enregistré. Bonne journée."


def _send_bank_change(page: Page, tmp_path) -> None:
    page.get_by_role("link", name="MES DÉMARCHES", exact=True).click()
    open_section(page, "MODIFICATION DES COORDONNÉES BANCAIRES")
    form = page.locator("form").filter(has=page.locator("#pieces-bank"))
    form.get_by_label("IBAN").fill(IBAN)
    form.get_by_label("BIC").fill("AGRIFRPP123")
    rib = tmp_path / "rib-nouvelle-banque.pdf"
    rib.write_bytes(make_pdf("RIB FR76 3000 6000 0112 3456 7890 189"))
    page.locator("#pieces-bank input[type=file]").set_input_files(str(rib))
    expect(page.get_by_text("rib-nouvelle-banque.pdf")).to_be_visible()
    form.get_by_label("Mot de passe actuel").fill(PASSWORD)
    form.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("« Demande de modification du RIB » est envoyée")).to_be_visible()


def _log_in_staff(page: Page, base_url: str, email: str, totp: pyotp.TOTP) -> None:
    page.goto(base_url + routes.STAFF_LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="Application d'authentification").click()
    page.get_by_label("Code de vérification").fill(totp.now())
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Prestations", exact=True)).to_be_visible()


def _open_from_queue(page: Page, search: str, artifacts, name: str) -> None:
    page.get_by_role("link", name="Démarches", exact=True).first.click()
    expect(page.get_by_role("heading", name="Démarches à traiter")).to_be_visible()
    page.get_by_label("Rechercher").fill(search)
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 démarche", exact=True)).to_be_visible()
    shoot(page, artifacts, name)
    # the number opens it too: on a phone, the first column is the one in view
    expect(page.get_by_role("rowheader").get_by_role("link")).to_have_count(1)
    page.get_by_role("link", name="Ouvrir").click()


def test_a_bank_change_goes_from_the_member_to_the_queue_and_back_applied(
    browser: Browser, base_url: str, mailbox, artifacts, tmp_path
):
    member_email = new_email()
    number, _ = new_member_account(email=member_email)
    member = browser.new_context().new_page()
    log_in(member, base_url, number)
    _send_bank_change(member, tmp_path)
    assert "Demande de modification du RIB" in body_text(mailbox.wait_for(member_email)[-1])

    totp = pyotp.TOTP(pyotp.random_base32())
    with db_session() as session:
        staff_email = make_staff(
            session, role=StaffRole.PRESTATIONS, password=PASSWORD, totp_secret=totp.secret
        ).login
    staff = browser.new_context().new_page()
    _log_in_staff(staff, base_url, staff_email, totp)
    expect(staff.get_by_text("Démarches de vos services")).to_be_visible()
    shoot(staff, artifacts, "staff-home")
    _open_from_queue(staff, number, artifacts, "staff-queue")

    expect(staff.get_by_role("heading", name="Modification des coordonnées bancaires")).to_be_visible()
    expect(staff.get_by_text("FR76 3000 6000 0112 3456 7890 189")).to_be_visible()
    expect(staff.get_by_text(f"(n° {number})").first).to_be_visible()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="rib-nouvelle-banque.pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    staff.get_by_role("button", name="Prendre en charge").click()
    expect(staff.get_by_text("Vous avez pris en charge cette démarche.")).to_be_visible()
    expect(staff.get_by_text("en cours de traitement")).to_be_visible()
    shoot(staff, artifacts, "staff-request")

    # the login's code was this 30-second step's: the next step's code is accepted once, as at login
    staff.get_by_label("Code de l'application d'authentification").fill(totp.at(time.time() + 30))
    staff.get_by_role("button", name="Appliquer le nouveau RIB au dossier").click()
    expect(staff.get_by_text(f"Nouveau RIB enregistré au dossier : {MASKED}.")).to_be_visible()
    expect(staff.get_by_role("button", name="Appliquer le nouveau RIB au dossier")).to_have_count(0)
    staff.get_by_label("Votre réponse").fill(ANSWER)
    staff.get_by_role("button", name="Envoyer la réponse").click()
    expect(staff.get_by_text("Réponse envoyée")).to_be_visible()
    expect(staff.get_by_text("traitée", exact=True).first).to_be_visible()
    expect(staff.get_by_text("FRXX XXXX XXXX XXXX XXXX 7890 189")).to_be_visible()  # masked once closed
    shoot(staff, artifacts, "staff-request-applied")

    member.reload()
    latest = member.locator("#dernieres-demarches")
    expect(latest).to_contain_text("traitée")
    expect(latest).to_contain_text(ANSWER)
    member.get_by_role("link", name="MES INFORMATIONS", exact=True).click()
    expect(member.get_by_text(MASKED)).to_be_visible()
    mails = [body_text(m) for m in mailbox.wait_for(member_email, count=3)]
    assert any("est traitée" in m for m in mails) and any("a reçu une réponse" in m for m in mails)
    assert not any(IBAN in m or ANSWER in m for m in mails)  # the e-mails send the member to the portal


def test_an_employers_question_is_answered_from_the_queue(
    browser: Browser, base_url: str, mailbox, artifacts
):
    with db_session() as session:
        company = make_company(session, name=f"VOILERIE {new_email()[:6].upper()}")
        boss = make_employer(session, principal_of=(company,))
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        boss_id, boss_email, agent_id, company_name = boss.id, boss.email, agent.id, company.name

    employer = page_as(browser, base_url, boss_id)
    employer.goto(base_url + routes.EMPLOYER_REQUESTS)
    expect(employer.get_by_text("Aucun envoi pour le moment.")).to_be_visible()  # the page is loaded
    open_section(employer, "POSER UNE QUESTION")
    form = employer.locator("form").filter(has=employer.get_by_label("Votre question"))
    form.get_by_label("Sujet").select_option("Mon contrat")
    form.get_by_label("Votre question").fill("Quand commence la garantie des apprentis ?")
    form.get_by_role("button", name="Envoyer").click()
    expect(employer.get_by_text("« Mon contrat » est envoyée")).to_be_visible(timeout=15_000)  # files step

    staff = page_as(browser, base_url, agent_id)
    staff.goto(base_url + routes.STAFF_HOME)
    _open_from_queue(staff, company_name, artifacts, "staff-queue-entreprises")
    expect(staff.get_by_text("Quand commence la garantie des apprentis ?")).to_be_visible()
    expect(staff.get_by_text("Appliquer au dossier")).to_have_count(0)  # a question asks no change
    staff.get_by_label("Votre réponse").fill("Dès leur embauche, sans délai de carence.")
    staff.get_by_role("button", name="Envoyer la réponse").click()
    expect(staff.get_by_text("Réponse envoyée")).to_be_visible()

    employer.reload()
    history = employer.locator("#derniers-envois")
    expect(history).to_contain_text("Dès leur embauche, sans délai de carence.")
    assert any("a reçu une réponse" in body_text(m) for m in mailbox.wait_for(boss_email, count=2))

    # the employer replies in the same démarche; the agent reads it, marked « Réponse reçue »
    history.get_by_role("button", name="Répondre").click()
    employer.get_by_label("Votre réponse à OCSO").fill("Et pour un contrat de professionnalisation ?")
    employer.get_by_role("button", name="Envoyer ma réponse").click()
    expect(employer.get_by_text("Votre réponse est envoyée à OCSO")).to_be_visible(timeout=15_000)
    expect(history).to_contain_text("Et pour un contrat de professionnalisation ?")
    staff.reload()
    expect(staff.get_by_text("Et pour un contrat de professionnalisation ?")).to_be_visible()
    expect(staff.get_by_text("Réponse reçue :", exact=False)).to_be_visible()
