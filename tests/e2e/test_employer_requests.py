"""Démarches of the Espace Employeur in Chromium: an HR user (gestion des salariés on two structures) logs in
with the second factor, sees only the kinds their profile allows, types the start of a name and picks the
employee among the chosen structure's (homonyms told apart), sends a bulletin d'adhésion with a PDF for that
structure, reads it in « Mes derniers envois », downloads it back and gets the confirmation e-mail; OCSO's
agent reads who the employee is on the démarche's page; a cotisations profile calling the Salariés handler
directly over the websocket writes nothing."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.components.employer_requests import SECTIONS
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, Audience, EmployerProfile, HelpArticle, Request, StaffRole
from ocso_app.services import uploads
from ocso_app.services.requests import EMPLOYEES, TYPE_LABELS
from ocso_app.services.sessions import SESSION_COOKIE
from ocso_app.state.employer.requests import EmployerRequestsState
from tests.builders import make_company, make_employee, make_employer, make_pdf, make_staff
from tests.e2e.helpers import cookie_for, log_in_employer, open_section, page_as, shoot
from tests.support.mailbox import body_text
from tests.support.raw_socket import RawReflexSocket, handler_name

BULLETIN = "Bulletin d'adhésion de Camille Rousseau"
SECTION_TITLES = [title for _kind, title, _intro in SECTIONS]


def _attach(page: Page, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("#pieces-salaries input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(name)).to_be_visible()


def _staff_of(session, branch, head) -> int:
    """The branch's employees named alike (homonyms told apart by their year of birth and status), one of
    the head office named the same: the id of the one HR means."""
    camille = make_employee(session, company=branch, last_name="Rousseau", first_name="Camille")
    homonym = make_employee(
        session, company=branch, last_name="Rousseau", first_name="Camille", status=AffiliationStatus.RADIATED
    )
    homonym.birth_date = date(1992, 3, 4)
    make_employee(session, company=branch, last_name="Roussel", first_name="Hugo")
    make_employee(session, company=head, last_name="Rousseau", first_name="Camille")
    session.flush()
    return camille.id


def test_hr_user_picks_the_employee_sends_a_bulletin_with_a_pdf_and_ocso_reads_who_it_is(
    page: Page, browser: Browser, base_url: str, mailbox, artifacts, tmp_path
):
    with db_session() as session:
        head = make_company(session, name="CONSERVERIES DU PORT")
        branch = make_company(session, parent=head, name="CONSERVERIES DU PORT LORIENT")
        hr = make_employer(
            session,
            grants={head: EmployerProfile.STAFF_MANAGEMENT, branch: EmployerProfile.STAFF_MANAGEMENT},
        )
        camille_id = _staff_of(session, branch, head)
        agent_id = make_staff(session, role=StaffRole.ENTREPRISES).id
        email, branch_id, branch_name = hr.email, branch.id, branch.name

    log_in_employer(page, base_url, email, mailbox)
    page.get_by_role("link", name="Démarches", exact=True).first.click()
    expect(page.get_by_role("heading", name="Démarches", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="SALARIÉS")).to_be_visible()
    expect(page.get_by_role("button", name="POSER UNE QUESTION")).to_be_visible()
    for other in ("RÈGLEMENT DES COTISATIONS", "ARRÊTS DE TRAVAIL", "MODIFICATION DES COORDONNÉES"):
        expect(page.get_by_role("button", name=re.compile(other))).to_have_count(0)

    open_section(page, "SALARIÉS")
    form = page.locator("form").filter(has=page.locator("#pieces-salaries"))
    form.get_by_label("Structure concernée").select_option(str(branch_id))
    form.get_by_label("Objet de votre envoi").select_option("Bulletin d'adhésion")
    form.get_by_label("Salarié concerné").press_sequentially("rouss", delay=60)
    matches = form.locator("#salaries-employee-matches")
    expect(matches.get_by_role("button")).to_have_count(3)  # the branch's only: not the head office's
    expect(matches).to_contain_text("né(e) en 1985 · Affilié(e)")
    expect(matches).to_contain_text("né(e) en 1992 · Radié(e)")
    shoot(page, artifacts, "employer-picker-open")
    # the keyboard: Enter in the box goes to the list (it never sends the démarche half filled), ↓ ↑ walk
    # it, ↑ from the first goes back to the box, Enter on an employee picks them
    box, found = form.get_by_label("Salarié concerné"), matches.get_by_role("button")
    box.press("Enter")
    expect(found.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(found.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    with db_session() as session:
        assert session.scalar(select(func.count(Request.id)).where(Request.company_id == branch_id)) == 0
    labels = [found.nth(i).get_attribute("aria-label") for i in range(3)]
    for _ in range(labels.index("Choisir ROUSSEAU Camille, né(e) en 1985 · Affilié(e)") + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    picked = form.locator("#salaries-employee-picked")
    expect(picked).to_contain_text("ROUSSEAU Camille")
    expect(form.locator("input[name=employee_id]")).to_have_value(str(camille_id))
    expect(form.get_by_text("Salarié(e) non trouvé(e) : saisir son nom")).to_have_count(0)
    shoot(page, artifacts, "employer-picker-picked")
    form.get_by_label("Votre message").fill("Nouvelle embauchée au 1er décembre, bulletin signé ci-joint.")
    _attach(page, tmp_path, "faux-bulletin.pdf", b"<html>pas un PDF</html>")
    form.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text(uploads.refusal("faux-bulletin.pdf", uploads.BAD_TYPE))).to_be_visible()
    with db_session() as session:
        assert session.scalar(select(func.count(Request.id)).where(Request.company_id == branch_id)) == 0

    _attach(page, tmp_path, "bulletin-camille.pdf", make_pdf(BULLETIN))
    form.get_by_role("button", name="Envoyer").click()
    subject = "Envoi d'un bulletin d'adhésion : ROUSSEAU Camille (né(e) en 1985)"  # a namesake on the branch
    expect(page.get_by_text(f"Votre démarche « {subject} » est envoyée")).to_be_visible()
    history = page.locator("#derniers-envois")
    expect(history).to_contain_text(f"{TYPE_LABELS[EMPLOYEES]} → {subject}")
    expect(history).to_contain_text(branch_name)
    expect(history).to_contain_text("envoyée")
    expect(form.get_by_label("Salarié concerné")).to_have_value("")  # the form is empty for the next one
    mail = body_text(mailbox.wait_for(email, count=2)[-1])
    assert subject in mail and "Espace Employeur" in mail
    page.screenshot(path=artifacts / "employer-requests-1280.png", full_page=True)

    with page.expect_download() as download:
        history.get_by_role("link", name="bulletin-camille.pdf").click()
    assert download.value.suggested_filename == "bulletin-camille.pdf"
    text = PdfReader(io.BytesIO(download.value.path().read_bytes())).pages[0].extract_text()
    assert BULLETIN in text

    page.set_viewport_size({"width": 375, "height": 800})
    open_section(page, "POSER UNE QUESTION")
    expect(page.get_by_label("Votre question")).to_be_visible()
    expect(page.get_by_label("Salarié concerné")).to_have_count(0)
    page.screenshot(path=artifacts / "employer-requests-375.png", full_page=True)

    with db_session() as session:
        request_id = session.scalar(select(Request.id).where(Request.company_id == branch_id))
    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    expect(staff.get_by_text("Salarié identifié")).to_be_visible()
    expect(staff.get_by_text(f"fiche salarié n° {camille_id} · né(e) le 12/06/1985")).to_be_visible()
    expect(staff.get_by_text("Bulletin d'adhésion", exact=True)).to_be_visible()  # the démarche's labels stay
    shoot(staff, artifacts, "staff-request-identified-employee")
    staff.context.close()


def test_a_cotisations_profile_cannot_send_a_salaries_demarche_by_calling_the_handler(live_app):
    with db_session() as session:
        company = make_company(session)
        admin = make_employer(session, principal_of=(company,))
        accountant = make_employer(session, grants={company: EmployerProfile.CONTRIBUTIONS})
        company_id, admin_id, accountant_id = company.id, admin.id, accountant.id
    form = {"topic": "Sortie des effectifs", "employee": "Paul Martin", "message": "Départ le 31 décembre."}

    def send_as(account_id: int) -> str:
        socket = RawReflexSocket(live_app.url, cookie=cookie_for(account_id))
        path = routes.EMPLOYER_REQUESTS
        frames = socket.call(handler_name(EmployerRequestsState, "load"), path=path)
        upload = handler_name(EmployerRequestsState, "upload_salaries")
        frames += socket.call(upload, {"files": [], "form": form}, path=path)
        socket.close()
        return " ".join(frames)

    def sent() -> int:
        with db_session() as session:
            query = select(func.count(Request.id)).where(
                Request.company_id == company_id, Request.request_type == EMPLOYEES
            )
            return session.scalar(query)

    refused = send_as(accountant_id)
    assert sent() == 0 and "est envoyée" not in refused
    accepted = send_as(admin_id)  # the same calls by the structure's administrateur are accepted
    assert sent() == 1 and "est envoyée" in accepted


def test_the_administrateur_of_one_structure_sees_the_five_kinds_without_a_structure_choice(
    browser, base_url: str, artifacts
):
    with db_session() as session:
        admin_id = make_employer(session, principal_of=(make_company(session, name="MENUISERIES DU LAC"),)).id
    cookie = cookie_for(admin_id).split("=", 1)[1]
    context = browser.new_context()
    context.add_cookies([{"name": SESSION_COOKIE, "value": cookie, "url": base_url, "httpOnly": True}])
    page = context.new_page()
    page.goto(base_url + routes.EMPLOYER_REQUESTS)
    for title in SECTION_TITLES:
        expect(page.get_by_role("button", name=title)).to_be_visible()
    open_section(page, "RÈGLEMENT DES COTISATIONS")
    expect(page.get_by_label("Objet de votre envoi")).to_be_visible()
    expect(page.get_by_label("Structure concernée")).to_have_count(0)
    expect(page.locator("#derniers-envois")).to_contain_text("Aucun envoi pour le moment.")
    page.screenshot(path=artifacts / "employer-requests-admin-1280.png", full_page=True)
    context.close()


def test_poser_une_question_offers_ocso_answers_for_employers_before_the_form(
    browser, base_url: str, artifacts
):
    """Guide 000: « Poser une question : retrouvez l'ensemble des réponses à vos questions ». The section
    opens on OCSO's answers for employers (never the members' ones), searched as one types; the form stays
    below for a question they do not answer."""
    tag = f"zq{uuid.uuid4().hex[:8]}"
    with db_session() as session:
        reader_id = make_employer(session, grants={make_company(session): EmployerProfile.READ_ONLY}).id
        for audience, who in ((Audience.EMPLOYER, "employeur"), (Audience.MEMBER, "assuré")):
            session.add(
                HelpArticle(
                    audience=audience,
                    topic="Essai",
                    question=f"Question {who} {tag} ?",
                    answer=f"Réponse {who} {tag}.",
                    position=0,
                )
            )
    page = page_as(browser, base_url, reader_id, viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_REQUESTS)
    section = open_section(page, "POSER UNE QUESTION")
    expect(section.get_by_text("Comment donner accès à un collègue ?")).to_be_visible()  # the demo's own
    section.get_by_label("Rechercher dans l'aide").fill(tag.upper())
    expect(section.get_by_role("button", name=f"Question employeur {tag} ?")).to_be_visible()
    expect(section.get_by_text(f"Question assuré {tag} ?")).to_have_count(0)
    expect(section.get_by_text("Comment donner accès à un collègue ?")).to_have_count(0)
    opened = open_section(page, f"Question employeur {tag} ?")
    expect(opened).to_have_text(f"Réponse employeur {tag}.")
    page.screenshot(path=artifacts / "employer-question-answers-1280.png", full_page=True)
    section.get_by_label("Rechercher dans l'aide").fill(f"{tag} introuvable")
    expect(section.get_by_text("Aucune réponse ne correspond à votre recherche.")).to_be_visible()
    expect(section.get_by_label("Votre question")).to_be_visible()  # the form, for what the answers miss
    page.context.close()


def test_the_page_names_the_dedicated_contact_and_mails_them_in_one_click(browser: Browser, base_url: str):
    """Guide 003: « Envoi et suivi de demandes […] Vous pouvez également retrouver vos interlocuteurs
    dédiés »: the Démarches page names the company's, as Accueil does."""
    with db_session() as session:
        company = make_company(session, name=f"SCIERIE {uuid.uuid4().hex[:6].upper()}")
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        company.account_manager_id = agent.id
        agent_email = agent.email
        admin_id = make_employer(session, principal_of=(company,)).id
    page = page_as(browser, base_url, admin_id)
    page.goto(base_url + routes.EMPLOYER_REQUESTS)
    expect(page.get_by_role("heading", name="Vos interlocuteurs dédiés")).to_be_visible()
    expect(page.get_by_role("link", name=agent_email)).to_have_attribute("href", f"mailto:{agent_email}")
    page.context.close()
