"""The paper-free affiliation end to end, in Chromium: HR pre-affiliates an employee in the wizard
(affiliation simple); the employee opens the link of their e-mail, confirms their birth date, affiliates with
a child and bank details, receives the welcome e-mail (HR is notified), registers in the Espace Santé Assuré
with the numéro and their NIR and downloads a tiers payant card that shows the child. Another employee asks a
dispense with a proof, which reaches HR's address; HR accepts it on the fiche."""

from __future__ import annotations

import re
import secrets
import string
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.components.affiliation_form import ALONE_BY_EMPLOYEE
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, DispenseRequest, Employee, EmployerGrant
from ocso_app.seed.data.personas import SECOND_EMPLOYER_EMAIL
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.members import mask_iban
from tests.builders import make_pdf
from tests.e2e.affiliation_steps import fill_wizard, hr_account
from tests.e2e.helpers import continue_after_new_password, download_pdf_text, log_in, page_as, shoot
from tests.support.mailbox import Mailbox, body_text

IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIRTH = "02/04/1985"
PASSWORD = "Affiliee-Neuve-2026"


def _invite(first_name: str, last_name: str, **hr_addresses: str) -> tuple[str, str, int]:
    """A seeded pending employee invited anew (``hr_addresses``: where HR wants its e-mails, chosen by the
    principal user of the employee's structure, who may still manage its employees); returns the employee's
    e-mail, birth date (jj/mm/aaaa) and id."""
    with db_session() as session:
        employee = session.scalar(
            select(Employee).where(Employee.first_name == first_name, Employee.last_name == last_name)
        )
        for name, address in hr_addresses.items():
            setattr(employee, name, address)
        employee.invited_by_account_id = session.scalar(
            select(EmployerGrant.account_id).where(
                EmployerGrant.company_id == employee.company_id, EmployerGrant.is_principal
            )
        )
        invitations.invite(session, employee)
        return employee.email, employee.birth_date.strftime("%d/%m/%Y"), employee.id


def _open_link(page: Page, base_url: str, mailbox: Mailbox, email: str, birth: str) -> None:
    link = re.search(r"(\S+\?jeton=\S+)", body_text(mailbox.wait_for(email)[-1])).group(1)
    parts = urlsplit(link)
    page.goto(f"{base_url}{parts.path}?{parts.query}")
    expect(page.get_by_label("Code de votre courrier")).to_have_count(0)  # the link is enough
    page.get_by_label("Votre date de naissance").fill(birth)
    page.get_by_role("button", name="Accéder à mon affiliation").click()


def _hr_invites(browser: Browser, base_url: str, *, last: str, nir: str, email: str, hr_inbox: str) -> None:
    """HR's affiliation simple through the wizard, with the « prévenez-moi » address ``hr_inbox``."""
    hr = page_as(browser, base_url, hr_account(), viewport={"width": 1280, "height": 900})
    hr.goto(base_url + routes.EMPLOYER_AFFILIATE)
    fill_wizard(hr, civility="Mme", last=last, first="Emma", nir=nir, email=email, birth=BIRTH)
    hr.get_by_label("E-mail où être prévenu(e)").fill(hr_inbox)
    hr.get_by_role("button", name="Envoyer l'invitation").click()
    expect(hr.get_by_text(f"L'invitation a été envoyée à {email}.")).to_be_visible()
    hr.context.close()


def test_hr_invites_an_employee_who_affiliates_registers_and_gets_a_card_showing_the_child(
    browser: Browser, page: Page, base_url: str, mailbox: Mailbox, artifacts: Path, live_app
):
    tag = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))  # a name has no digit
    last, email = f"GARNIER{tag}", f"emma.{tag.lower()}@example.org"
    hr_inbox = f"rh.affiliations.{tag.lower()}@example.fr"
    nir = nir_with_key(f"28504750{secrets.randbelow(10**5):05d}")
    _hr_invites(browser, base_url, last=last, nir=nir, email=email, hr_inbox=hr_inbox)
    birth = BIRTH
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + routes.AFFILIATION)
    shoot(page, artifacts, "affiliation-code")
    _open_link(page, base_url, mailbox, email, "01/01/2001")
    expect(page.get_by_role("alert")).to_contain_text("ne permettent pas d'ouvrir votre affiliation")
    page.get_by_label("Votre date de naissance").fill(birth)
    page.get_by_role("button", name="Accéder à mon affiliation").click()
    expect(page.get_by_role("heading", name="Bonjour Emma")).to_be_visible()
    shoot(page, artifacts, "affiliation-choix")

    page.get_by_role("button", name=re.compile("M'affilier")).click()
    page.get_by_label("Formule Confort (option)").check()
    expect(page.get_by_label("Votre numéro de Sécurité sociale")).to_have_count(0)  # HR gave it
    shoot(page, artifacts, "affiliation-option")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text(ALONE_BY_EMPLOYEE)).to_be_visible()  # spoken to as « vous »

    page.get_by_label("Qualité").select_option("enfant")
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Prénom").fill("Hugo")
    page.get_by_label("Date de naissance").fill("32/05/2022")
    page.get_by_role("button", name="Ajouter ce bénéficiaire").click()
    expect(page.get_by_text("Indiquez une date de naissance valide.")).to_be_visible()
    page.get_by_label("Date de naissance").fill("03/05/2022")
    page.get_by_role("button", name="Ajouter ce bénéficiaire").click()
    expect(page.get_by_text(f"Hugo {last}")).to_be_visible()
    shoot(page, artifacts, "affiliation-beneficiaires")
    page.get_by_role("button", name="Continuer").click()

    page.get_by_label("IBAN").fill(IBAN)
    page.get_by_label("BIC").fill("AGRIFRPP")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Cochez la case pour accepter le mandat")).to_be_visible()
    page.get_by_label("J'autorise").check()
    shoot(page, artifacts, "affiliation-banque")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Formule Confort (option)")).to_be_visible()
    expect(page.get_by_text(mask_iban(IBAN))).to_be_visible()
    shoot(page, artifacts, "affiliation-recapitulatif")
    page.get_by_role("button", name="Confirmer mon affiliation").click()
    number = page.locator("[data-testid=member-number]")
    expect(number).to_have_text(re.compile(r"^\d{6}$"))
    member_number = number.inner_text()
    shoot(page, artifacts, "affiliation-terminee")

    welcome = body_text(mailbox.wait_for(email, 2)[-1])
    assert member_number in welcome and routes.MEMBER_REGISTER in welcome
    notice = body_text(mailbox.wait_for(hr_inbox)[-1])
    assert f"Emma {last}" in notice and "Hugo" not in notice and "7890189" not in notice

    page.goto(base_url + routes.MEMBER_REGISTER)
    page.get_by_label("Numéro d'adhérent").fill(member_number)
    page.get_by_label("Date de naissance").fill(BIRTH)
    page.get_by_label("Numéro de sécurité sociale").fill(nir)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_text("vous allez recevoir par e-mail")).to_be_visible()
    temporary = re.search(r"\n\n(\S{12})\n\n", body_text(mailbox.wait_for(email, 3)[-1])).group(1)
    log_in(page, base_url, member_number, temporary)
    page.get_by_label("Nouveau mot de passe").fill("faible")  # answered: the page is live before the real one
    page.get_by_label("Confirmation").fill("faible")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("8 caractères minimum")
    # the refused fields are emptied a moment after the message: typed before, the new password was wiped
    expect(page.get_by_label("Nouveau mot de passe")).to_have_value("")
    expect(page.get_by_label("Confirmation")).to_have_value("")
    page.get_by_label("Nouveau mot de passe").fill(PASSWORD)
    page.get_by_label("Confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(page)  # « Continuer »: the session gets a new token
    expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()
    page.goto(base_url + routes.MEMBER_CARD)
    link = page.get_by_role("link", name="Télécharger ma carte de tiers payant (PDF)")
    card = download_pdf_text(page, link.click, artifacts, "carte-affiliee.pdf")
    assert member_number in card and f"{last} HUGO" in card and f"{last} EMMA" in card
    # the SEPA mandate signed on the affiliation page waits, unread, in Mes documents
    expect(page.get_by_label("1 nouveau document", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^MES DOCUMENTS")).click()
    mandate = page.get_by_role("link", name=re.compile(r"^Mandat de prélèvement SEPA OCSO-"))
    text = download_pdf_text(page, mandate.click, artifacts, "mandat-sepa-affilie.pdf")
    assert f"OCSO-{member_number}-" in text and "FR76 3000 6000" in text
    expect(page.get_by_label("1 nouveau document", exact=True)).to_have_count(0)
    # and, from the start, the descriptif des garanties of the contract the employer affiliated them to
    descriptif = page.get_by_role("link", name=re.compile(r"^Descriptif des garanties – "))
    text = download_pdf_text(page, descriptif.click, artifacts, "descriptif-garanties-affilie.pdf")
    assert "Descriptif des garanties" in text and "BOULANGERIES DU LITTORAL" in text
    expect(page.get_by_role("link", name=re.compile(r"^Notice d'information – "))).to_be_visible()
    # and the tableau de garanties of their option, on the page itself
    expect(page.get_by_role("heading", name="Votre tableau de garanties")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ % BR$")).first).to_be_visible()
    shoot(page, artifacts, "member-documents-new-member")
    log = live_app.log_text()
    assert nir not in log and IBAN.replace(" ", "") not in log and IBAN not in log


def test_an_invited_employee_asks_a_dispense_with_a_proof_that_hr_receives_and_accepts(
    browser: Browser, page: Page, base_url: str, mailbox: Mailbox, artifacts: Path, tmp_path: Path
):
    tag = uuid.uuid4().hex[:6]
    hr_inbox = f"rh.dispenses.{tag}@example.fr"
    email, birth, employee_id = _invite("Lucas", "DARRIGRAND", dispense_email=hr_inbox)
    page.set_viewport_size({"width": 375, "height": 812})
    _open_link(page, base_url, mailbox, email, birth)
    page.get_by_role("button", name=re.compile("Demander une dispense")).click()
    page.get_by_label("Votre cas de dispense").select_option("css")
    page.get_by_label("Date de fin de droits à la CSS").fill("31/12/2099")
    proof = tmp_path / "attestation-css.pdf"
    proof.write_bytes(make_pdf("Attestation de droits a la CSS"))
    page.locator("#pieces-justificatif-dispense input[type=file]").set_input_files(str(proof))
    expect(page.get_by_text("attestation-css.pdf")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than a phone
    shoot(page, artifacts, "affiliation-dispense")
    page.get_by_role("button", name="Envoyer ma demande de dispense").click()
    expect(page.get_by_text("Votre demande de dispense est envoyée")).to_be_visible()

    request = body_text(mailbox.wait_for(hr_inbox)[-1])
    assert f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}" in request and "CSS" not in request
    with db_session() as session:
        kept = session.scalar(select(DispenseRequest).where(DispenseRequest.employee_id == employee_id))
        assert kept.case == "css" and kept.proof_name == "attestation-css.pdf"
        assert session.get(Employee, employee_id).status.value == "en_cours_affiliation"  # HR decides
        hr_id = session.scalar(
            select(Account.id).where(
                Account.kind == AccountKind.EMPLOYER, Account.login == SECOND_EMPLOYER_EMAIL
            )
        )

    # HR follows the e-mail's link to the fiche, opens the proof's entry and accepts the dispense.
    hr = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    hr.goto(base_url + re.search(r"(/employeur/\S+)", request).group(1))
    expect(hr.get_by_role("link", name="Justificatif : attestation-css.pdf")).to_be_visible()
    hr.get_by_role("button", name="Accepter").click()
    expect(hr.get_by_text("La demande de dispense est acceptée")).to_be_visible()
    expect(hr.get_by_text("Dispense acceptée jusqu'au 31/12/2099")).to_be_visible()
    with db_session() as session:
        assert session.get(Employee, employee_id).status.value == "dispense"
    hr.context.close()
