"""HR's affiliation in Chromium (issue 12), one journey of the demo's HR manager (rh@boulangeries-littoral):
the 4-step wizard for an employee with an e-mail (a wrong field first: its French message, nothing written)
→ the invitation e-mail on the test SMTP server carries a link to the affiliation page; a second employee
without e-mail → the letter (asked in a dialog: « Annuler » first draws no code) carries a code the
affiliation page accepts; Mes salarié(e)s finds the first one; on the fiche: « Relancer par e-mail » twice
(the second refused), then a pending dispense request accepted, which the status and the history show.
Screenshots at 1280 px."""

from __future__ import annotations

import re
import secrets
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import (
    AffiliationInvitation,
    AffiliationStatus,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployerProfile,
)
from ocso_app.services import affiliation_invitations, pre_affiliation
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.portability import add_months
from ocso_app.state.employer.staff_record import RENEWAL_UPLOAD
from tests.builders import make_company, make_employee, make_employer, make_pdf
from tests.builders.contracts import make_contract
from tests.builders.dispenses import make_dispense_request
from tests.e2e.affiliation_steps import fill_contract, fill_identity, fill_wizard, hr_account, step
from tests.e2e.helpers import download_after_confirming, page_as, shoot
from tests.support.mailbox import Mailbox, body_text


def _employees_named(last_name: str) -> int:
    with db_session() as session:
        return session.scalar(select(func.count(Employee.id)).where(Employee.last_name == last_name)) or 0


def test_hr_invites_two_employees_reminds_one_and_accepts_a_dispense(
    browser: Browser, base_url: str, mailbox: Mailbox, artifacts: Path
):
    tag = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))  # a name has no digit
    first_last, second_last = f"LEGOFF{tag}", f"KERBRAT{tag}"
    email = f"anne.{tag.lower()}@example.org"
    page = page_as(
        browser, base_url, hr_account(), viewport={"width": 1280, "height": 900}, accept_downloads=True
    )

    # Step 1 refuses a wrong NIR key and no civilité, each message tied to its field, and writes nothing.
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    fill_identity(page, civility="", last=first_last, first="Anne", nir="285047505612300")
    expect(page.get_by_text("sa clé doit être juste")).to_be_visible()
    expect(page.get_by_label("N° de sécurité sociale")).to_have_attribute("aria-invalid", "true")
    civility = page.get_by_label("Civilité")
    expect(civility).to_have_attribute("aria-invalid", "true")
    expect(civility).to_have_accessible_description(pre_affiliation.BAD_CIVILITY)
    page.screenshot(path=artifacts / "affiliate-step1-error-1280.png", full_page=True)
    assert _employees_named(first_last) == 0

    # The first employee, with an e-mail: the invitation and its link.
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    nir = nir_with_key(f"28504750{secrets.randbelow(10**5):05d}")
    fill_wizard(page, civility="Mme", last=first_last, first="Anne", nir=nir, email=email)
    expect(page.get_by_text(email)).to_be_visible()  # in the summary
    page.screenshot(path=artifacts / "affiliate-summary-1280.png", full_page=True)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text(f"L'invitation a été envoyée à {email}.")).to_be_visible()
    link = re.search(r"https?://\S+", body_text(mailbox.wait_for(email)[-1])).group(0)
    assert routes.AFFILIATION + "?jeton=" in link
    assert _employees_named(first_last) == 1

    # The second, by post: the letter's code opens the affiliation page.
    page.get_by_role("button", name="Affilier un(e) autre salarié(e)").click()
    step(page, "Identité", "1")
    expect(page.get_by_label("Nom", exact=True)).to_have_value("")  # a new affiliation, nothing kept
    nir = nir_with_key(f"18504750{secrets.randbelow(10**5):05d}")
    fill_wizard(page, civility="M.", last=second_last, first="Yann", nir=nir)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("n'a pas d'adresse e-mail")).to_be_visible()
    page.screenshot(path=artifacts / "affiliate-letter-1280.png", full_page=True)

    def invitations() -> list[tuple[int, datetime | None]]:
        with db_session() as session:
            rows = session.execute(
                select(AffiliationInvitation.id, AffiliationInvitation.used_at)
                .join(Employee, Employee.id == AffiliationInvitation.employee_id)
                .where(Employee.last_name == second_last)
                .order_by(AffiliationInvitation.id)
            )
            return [(invitation_id, used_at) for invitation_id, used_at in rows]

    text = download_after_confirming(
        page,
        page,
        "Télécharger le courrier d'affiliation",
        says="le code du courrier déjà remis ne vaudra plus",
        confirm="Créer le code et télécharger le courrier",
        unchanged=invitations,
        artifacts=artifacts,
        name="affiliation-letter.pdf",
    )
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text).group(0)
    assert "3 rue de Siam" in text and "29200 BREST" in text and routes.AFFILIATION in text
    with db_session() as session:
        invitation = affiliation_invitations.find(session, code)
        assert invitation is not None
        assert session.get(Employee, invitation.employee_id).last_name == second_last
    # The employee types the letter's code (as printed, in lower case) and their birth date.
    employee = browser.new_page(viewport={"width": 375, "height": 812})
    employee.goto(base_url + routes.AFFILIATION)
    employee.get_by_label("Code de votre courrier").fill(code.lower())
    employee.get_by_label("Votre date de naissance").fill("02/04/1985")
    employee.get_by_role("button", name="Accéder à mon affiliation").click()
    expect(employee.get_by_role("heading", name="Bonjour Yann")).to_be_visible()
    employee.context.close()

    # Mes salarié(e)s finds the first one, en cours d'affiliation; her fiche.
    page.goto(base_url + routes.EMPLOYER_STAFF)
    expect(page.get_by_role("heading", name="Mes salarié(e)s", level=1)).to_be_visible()
    page.get_by_label("Rechercher un(e) salarié(e) (nom, prénom)").fill(first_last)
    page.get_by_label("Statut").select_option(label="En cours d'affiliation")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("1 salarié(e)", exact=True)).to_be_visible()
    page.screenshot(path=artifacts / "staff-list-1280.png", full_page=True)
    page.get_by_role("link", name=re.compile(f"^Fiche de {first_last}")).click()
    expect(page.get_by_role("heading", name=f"Mme Anne {first_last}", level=1)).to_be_visible()

    # Relancer: sent once, refused the second time the same day.
    page.get_by_role("button", name="Relancer par e-mail").click()
    expect(page.get_by_text(f"La relance a été envoyée à {email}.")).to_be_visible()
    assert "Rappel" in mailbox.wait_for(email, count=2)[-1]["Subject"]
    page.get_by_role("button", name="Relancer par e-mail").click()
    expect(page.get_by_text("Une relance a déjà été envoyée le")).to_be_visible()
    page.screenshot(path=artifacts / "staff-record-pending-1280.png", full_page=True)
    # HR may also fill in the affiliation complète from the fiche (an abandoned one is taken up again there)
    page.get_by_role("link", name="Saisir l'affiliation complète").click()
    expect(page.get_by_role("heading", name="Affiliation complète", level=1)).to_be_visible()
    expect(page.get_by_text(f"Anne {first_last}").first).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name=f"Mme Anne {first_last}", level=1)).to_be_visible()

    # The employee asked for a dispense: HR accepts it; the status and the history show it.
    with db_session() as session:
        employee = session.scalar(select(Employee).where(Employee.last_name == first_last))
        make_dispense_request(session, employee=employee)
    page.reload()
    dispense = page.get_by_role("heading", name="Demandes de dispense")
    expect(dispense).to_be_visible()
    expect(page.get_by_role("link", name="Justificatif : attestation-css.pdf")).to_be_visible()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("La demande de dispense est acceptée")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Dispensé(e)")).to_be_visible()  # the history's first line
    expect(page.get_by_text("Dispense acceptée jusqu'au 31/12/2026")).to_be_visible()
    expect(page.get_by_role("button", name="Relancer par e-mail")).to_have_count(0)
    page.screenshot(path=artifacts / "staff-record-1280.png", full_page=True)


def test_a_reload_or_a_lost_connection_in_the_middle_keeps_what_was_typed(
    browser: Browser, base_url: str, artifacts: Path
):
    """A reload (or the reconnection after a lost connection, which runs the page's load again) used to
    bring back an empty step 1. The affiliation being typed is now kept until it is sent or abandoned."""
    last = "RELOAD" + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
    page = page_as(browser, base_url, hr_account(), viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    nir = nir_with_key(f"28504750{secrets.randbelow(10**5):05d}")
    fill_identity(page, civility="Mme", last=last, first="Maëlle", nir=nir)
    fill_contract(page)
    step(page, "Coordonnées", "3")

    page.reload()
    step(page, "Coordonnées", "3")
    page.get_by_role("button", name="Précédent").click()
    step(page, "Contrat", "2")
    expect(page.get_by_label("Date d'embauche")).to_have_value("01/03/2026")
    page.get_by_role("button", name="Précédent").click()
    step(page, "Identité", "1")
    expect(page.get_by_label("Nom", exact=True)).to_have_value(last)
    page.screenshot(path=artifacts / "affiliate-after-reload-1280.png", full_page=True)

    # Leaving for another page and coming back keeps it too; nothing was registered meanwhile.
    page.goto(base_url + routes.EMPLOYER_STAFF)
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    # Two navigations in a row: Reflex cancels the first page's hydrate, which could leave the tab's lock
    # to nobody for 10 s (ocso_app/state_locks.py); the form is answered within the usual wait.
    expect(page.get_by_label("Nom", exact=True)).to_have_value(last)
    assert _employees_named(last) == 0

    # Until HR abandons it.
    page.get_by_role("button", name="Tout effacer et recommencer").click()
    expect(page.get_by_label("Nom", exact=True)).to_have_value("")
    page.reload()
    step(page, "Identité", "1")
    expect(page.get_by_label("Nom", exact=True)).to_have_value("")


def test_an_affiliation_complete_left_unfinished_waits_on_accueil_until_hr_completes_it(
    browser: Browser, base_url: str, mailbox: Mailbox, artifacts: Path
):
    """HR registers an employee with « Saisir l'affiliation complète » and leaves the page: nobody was
    invited, so nothing would ever turn them « à relancer ». Accueil's « À suivre » lists them (« sans
    invitation », « Reprendre »), the link leads to the fiche and on to the affiliation complète, and once
    HR has confirmed it the employee leaves the list."""
    tag = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
    last, email = f"MORVAN{tag}", f"erwan.{tag.lower()}@example.org"
    with db_session() as session:
        company = make_company(session, name=f"SAISIES {tag}")
        make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        company_name, hr_id = company.name, hr.id
    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    nir = nir_with_key(f"18504750{secrets.randbelow(10**5):05d}")
    fill_identity(page, civility="M.", last=last, first="Erwan", nir=nir)
    step(page, "Contrat", "2")
    page.get_by_label("Structure de rattachement").select_option(label=company_name)
    page.get_by_label("Catégorie de personnel").select_option("Cadres")
    page.get_by_label("Date d'embauche").fill("01/03/2026")
    page.get_by_role("button", name="Suivant").click()
    step(page, "Coordonnées", "3")
    page.get_by_label("Adresse e-mail du/de la salarié(e)").fill(email)
    page.get_by_role("button", name="Suivant").click()
    step(page, "Récapitulatif", "4")
    page.get_by_role("button", name="Saisir l'affiliation complète").click()
    expect(page.get_by_role("heading", name="Affiliation complète", level=1)).to_be_visible()

    # HR leaves: Accueil says who waits for them, and since when.
    page.get_by_role("navigation").get_by_role("link", name="Accueil", exact=True).click()
    waiting = page.get_by_text("Affiliations à relancer ou à reprendre (1)").locator("..")
    expect(waiting.get_by_text(f"{last} Erwan")).to_be_visible()
    expect(
        waiting.get_by_text(re.compile(r"^Enregistré\(e\) le \d\d/\d\d/\d{4}, sans invitation$"))
    ).to_be_visible()
    shoot(page, artifacts, "employer-home-to-take-up")
    waiting.get_by_role("link", name=f"Ouvrir la fiche pour reprendre : {last} Erwan").click()
    expect(page.get_by_role("heading", name=f"M. Erwan {last}", level=1)).to_be_visible()
    page.get_by_role("link", name="Saisir l'affiliation complète").click()

    page.get_by_label("Formule Confort (option)").check()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name="2. Les bénéficiaires")).to_be_visible()  # not the same step's
    page.get_by_role("button", name="Continuer").click()  # no beneficiary
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_label("BIC").fill("AGRIFRPP")
    page.get_by_label("J'autorise").check()
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_role("button", name="Confirmer l'affiliation").click()
    expect(page.get_by_text(f"M. Erwan {last.upper()} est affilié(e).")).to_be_visible()
    assert "adhérent" in body_text(mailbox.wait_for(email)[-1])
    expect(page.get_by_role("link", name="Retour à Mes salarié(e)s")).to_have_count(1)
    expect(page.get_by_role("link", name="Voir sa fiche salarié(e)")).to_have_attribute(
        "href", re.compile(r"/employeur/salaries/fiche\?salarie=\d+$")
    )

    page.get_by_role("navigation").get_by_role("link", name="Accueil", exact=True).click()
    expect(page.get_by_text("Affiliations à relancer ou à reprendre (0)")).to_be_visible()
    expect(page.get_by_text(f"{last} Erwan")).to_have_count(0)
    page.context.close()


def test_hr_files_the_new_yearly_proof_of_a_dispense_from_the_fiche(
    browser: Browser, base_url: str, artifacts: Path, tmp_path: Path
):
    """A dispense for another collective cover needs a new proof every year: « À suivre » says it is due,
    HR files the new one on the fiche (one file, PDF), the next date is a year later and « À suivre »
    forgets it. Without a file, a French message and nothing filed."""
    due = paris_today() + timedelta(days=12)
    with db_session() as session:
        company = make_company(session)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        employee = make_employee(
            session, company=company, status=AffiliationStatus.EXEMPTED, last_name="CONJOINT"
        )
        session.add(
            DispenseRequest(
                employee_id=employee.id,
                case="couverture_collective",
                ends_on=due,
                decision=DispenseDecision.ACCEPTED,
            )
        )
        hr_id, employee_id, name = hr.id, employee.id, f"{employee.last_name} {employee.first_name}"
    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_HOME)
    expiring = page.get_by_text("Dispenses : échéances sous 30 jours").locator("..")
    expect(expiring.get_by_text(name)).to_be_visible()
    expect(
        expiring.get_by_text(f"Justificatif à renouveler avant le {format_short_date(due)}")
    ).to_be_visible()

    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    expect(page.get_by_role("heading", name="Justificatif annuel de la dispense")).to_be_visible()
    expect(page.get_by_text(f"Justificatif à renouveler avant le {format_short_date(due)}")).to_be_visible()
    page.get_by_role("button", name="Enregistrer le nouveau justificatif").click()
    expect(page.get_by_text("Joignez le nouveau justificatif (PDF, JPEG ou PNG).")).to_be_visible()
    proof = tmp_path / "attestation-conjoint.pdf"
    proof.write_bytes(make_pdf("Attestation employeur du conjoint"))
    page.locator(f"#pieces-{RENEWAL_UPLOAD} input[type=file]").set_input_files(str(proof))
    expect(page.get_by_text("attestation-conjoint.pdf")).to_be_visible()
    page.get_by_role("button", name="Enregistrer le nouveau justificatif").click()
    next_due = format_short_date(add_months(due, 12))
    expect(page.get_by_text(f"prochaine échéance le {next_due}.")).to_be_visible()
    expect(page.get_by_text(f"Justificatif à renouveler avant le {next_due}")).to_be_visible()
    page.screenshot(path=artifacts / "staff-record-renewal-1280.png", full_page=True)
    with db_session() as session:
        kept = session.scalars(
            select(DispenseRequest)
            .where(DispenseRequest.employee_id == employee_id)
            .order_by(DispenseRequest.id)
        ).all()
        assert [d.proof_name for d in kept] == [None, "attestation-conjoint.pdf"]

    page.get_by_role("navigation").get_by_role("link", name="Accueil", exact=True).click()
    expect(page.get_by_text("Aucune dispense n'arrive à échéance.")).to_be_visible()
    page.context.close()


def test_on_a_fiche_a_relancer_the_affiliation_complete_is_one_link(browser: Browser, base_url: str):
    """« Saisir l'affiliation complète » was a button inside a link (two controls for one action, invalid
    HTML, a Tab stop more): one link drawn as a button, which Enter follows."""
    with db_session() as session:
        company = make_company(session)
        make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        late = make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=datetime.now(UTC) - timedelta(days=12),
            email="retard.focus@example.org",
        )
        hr_id, employee_id = hr.id, late.id
    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    expect(page.get_by_text("À relancer").first).to_be_visible()
    complete = page.get_by_role("link", name="Saisir l'affiliation complète")
    expect(complete).to_be_visible()
    expect(page.get_by_role("button", name="Saisir l'affiliation complète")).to_have_count(0)
    expect(page.locator("main a button, main button a")).to_have_count(0)

    complete.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Affiliation complète", level=1)).to_be_visible()
    page.context.close()
