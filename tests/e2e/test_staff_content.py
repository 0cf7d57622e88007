"""The staff's content pages in Chromium, in one journey across two browser contexts: an OCSO administrator
finds a member and reads their file (health data behind a reason, a décompte opened as its PDF), publishes
a courrier to them (the member sees the badge, opens it, the badge drops, the e-mail arrived), imports a
décomptes file (the member sees the payment in Mes remboursements and its PDF), and opens the news, help and
company pages (screenshots of every staff content page at 1280 px in the artifacts)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import delete, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import (
    Audience,
    AuditEvent,
    Company,
    EmployerProfile,
    Member,
    NewsItem,
    StaffRole,
    Statement,
)
from ocso_app.services import statement_csv
from ocso_app.services.formats import format_long_date, paris_today
from tests.builders import make_care_member, make_company, make_employer, make_pdf, make_staff
from tests.builders._unique import unused
from tests.builders.requests import make_request
from tests.e2e.helpers import choose_file_by_keyboard, download_pdf_text, page_as, publish_button
from tests.support.mailbox import body_text


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def _shot(page: Page, artifacts, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / f"{name}-1280.png", full_page=True)


def test_staff_publish_a_document_and_import_a_decompte_that_the_member_sees(
    browser: Browser, base_url: str, mailbox, artifacts, tmp_path
):
    with db_session() as session:
        family = make_care_member(session, first_name="Aurélie", last_name="VERDIÈRE")
        asked = make_request(
            session, member=session.get(Member, family.member_id), subject="Question VERDIÈRE"
        )
        request_id = asked.id
        staff_id = make_staff(session, role=StaffRole.ADMIN).id
        number = unused(session, Statement.number, lambda n: f"E2E{n:08d}")
    paid_on = paris_today() - timedelta(days=3)
    staff = page_as(browser, base_url, staff_id, viewport={"width": 1280, "height": 900})
    member = page_as(browser, base_url, family.account_id, viewport={"width": 1280, "height": 900})

    # Dossiers: found by a name typed without accents; health data only with a reason
    _open(staff, base_url + routes.STAFF_FILES, "Rechercher un dossier")
    staff.get_by_label("Assuré").fill("aurelie verdiere")
    staff.get_by_role("button", name="Rechercher").first.click()
    _shot(staff, artifacts, "staff-files")
    staff.get_by_role("link", name=f"Ouvrir le dossier {family.member_number}").click()
    expect(staff.get_by_role("cell", name="JULIE VERDIÈRE")).to_be_visible()
    expect(staff.get_by_text("Derniers décomptes")).to_have_count(0)
    # each démarche the file lists opens its page (an agent on the phone with the member)
    demarche = staff.get_by_role("link", name="Question VERDIÈRE")
    expect(demarche).to_have_attribute("href", f"{routes.STAFF_REQUEST}?n={request_id}")
    _shot(staff, artifacts, "staff-member-file")
    staff.get_by_label("Motif de la consultation").select_option(label="Réclamation ou litige")
    staff.get_by_role("button", name="Afficher les remboursements et documents").click()
    expect(staff.get_by_role("cell", name="16,18 €")).to_be_visible()
    _shot(staff, artifacts, "staff-member-health")
    # the décompte the member asks about opens as the PDF they hold, with the same amount
    row = staff.get_by_role("row").filter(has=staff.get_by_role("cell", name="16,18 €"))
    shown_number = row.get_by_role("rowheader").inner_text().strip()
    pdf_link = row.get_by_role("link", name=f"Décompte n° {shown_number} en PDF")
    text = download_pdf_text(staff, pdf_link.click, artifacts, "staff-decompte.pdf")
    assert shown_number in text and "16,18 €" in text and "VERDIÈRE" in text
    with db_session() as session:
        reasons = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.member_id == family.member_id, AuditEvent.account_id == staff_id
            )
        ).all()
    assert any(action.endswith("motif : Réclamation ou litige") for action in reasons)
    assert f"Téléchargement par OCSO du décompte n° {shown_number} – motif : Réclamation ou litige" in reasons

    # Publier: a courrier to the member
    _open(staff, base_url + routes.STAFF_PUBLISH, "Publier un document")
    pdf = tmp_path / "courrier.pdf"
    pdf.write_bytes(make_pdf("Votre courrier"))
    staff.locator("#assure-numero").fill(family.member_number)
    staff.locator("#assure-categorie").select_option(label="Courrier")
    staff.locator("#assure-titre").fill("Réponse à votre réclamation")
    broken = tmp_path / "courrier-casse.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    choose_file_by_keyboard(
        staff,
        after=staff.locator("#assure-titre"),
        picker="document-assure",
        name="Choisir le fichier : le document à publier à l'assuré",
        hint="Un PDF de 10 Mo au plus.",
        path=broken,
        key=" ",  # Space, as Enter
    )
    publish = publish_button(staff, "assure-numero")
    publish.click()
    expect(staff.get_by_role("alert")).to_contain_text("ce PDF est illisible ou endommagé")
    expect(staff.locator("#assure-titre")).to_have_value("Réponse à votre réclamation")  # kept to try again
    expect(staff.locator("#assure-numero")).to_have_value(family.member_number)
    staff.locator("#document-assure input[type=file]").set_input_files(str(pdf))
    publish.click()
    expect(staff.get_by_role("status")).to_contain_text("est publié dans MES DOCUMENTS")
    _shot(staff, artifacts, "staff-publish")
    assert "Réponse à votre réclamation" in body_text(mailbox.wait_for(family.email)[-1])

    member.goto(base_url + routes.MEMBER_REIMBURSEMENTS)
    expect(member.get_by_label("1 nouveau document", exact=True)).to_be_visible()
    member.get_by_role("link", name=re.compile(r"^MES DOCUMENTS")).click()
    with member.expect_download() as download:
        member.get_by_role("link", name="Réponse à votre réclamation").click()
    assert download.value.suggested_filename == "Réponse à votre réclamation.pdf"
    expect(member.get_by_label("1 nouveau document", exact=True)).to_have_count(0)

    # Décomptes: the template, a file previewed then imported
    _open(staff, base_url + routes.STAFF_IMPORT, "Import des décomptes")
    with staff.expect_download() as template:
        staff.get_by_role("link", name="Télécharger le modèle (CSV)").click()
    assert template.value.suggested_filename == "modele-import-decomptes.csv"
    care = (paid_on - timedelta(days=5)).strftime("%d/%m/%Y")
    lines = [
        ";".join([*statement_csv.REQUIRED, "date_paiement"]),
        f"{family.member_number};EA;{care};CS;50,00;30,00;70;19,00;23,00;assure;{number};{paid_on:%d/%m/%Y}",
        f"{family.member_number};ZZ;{care};G;30,00;30,00;70;19,00;9,00;assure;{number}X;{paid_on:%d/%m/%Y}",
    ]
    csv_file = tmp_path / "decomptes.csv"
    csv_file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    choose_file_by_keyboard(
        staff,
        after=staff.get_by_role("link", name="Télécharger le modèle (CSV)"),
        picker="fichier-decomptes",
        name="Choisir le fichier : Import des décomptes",
        hint="CSV, ",
        path=csv_file,
    )
    staff.get_by_role("button", name="Vérifier le fichier").click()
    expect(staff.get_by_test_id("import-summary")).to_contain_text("1 à importer")
    expect(staff.get_by_role("cell", name=re.compile("pas de bénéficiaire de rang ZZ"))).to_be_visible()
    _shot(staff, artifacts, "staff-import-preview")
    staff.get_by_role("button", name="Importer les décomptes valides").click()
    expect(staff.get_by_role("status")).to_contain_text("1 décompte importé")
    _shot(staff, artifacts, "staff-import-done")

    member.goto(base_url + routes.MEMBER_REIMBURSEMENTS)
    statement = member.get_by_role("link", name=f"Télécharger le décompte du {format_long_date(paid_on)}")
    text = download_pdf_text(member, statement.first.click, artifacts, "decompte-importe.pdf")
    assert number in text and "23,00 €" in text and "JULIE VERDIÈRE" in text

    # the other pages, for the screenshots (their behaviour is tested without a browser)
    with db_session() as session:  # an item shown now, and one whose end has passed (shown to nobody)
        today, tag = paris_today(), uuid.uuid4().hex[:6]
        for title, ends in (
            (f"En ligne {tag}", today + timedelta(days=9)),
            (f"Expirée {tag}", today - timedelta(days=1)),
        ):
            start = today - timedelta(days=30)
            session.add(
                NewsItem(
                    audience=Audience.INTRODUCER, title=title, body="…", published_on=start, expires_on=ends
                )
            )
    _open(staff, base_url + routes.STAFF_NEWS, "Actualités « OCSO m'informe »")
    expect(staff.get_by_role("button", name=f"Retirer l'actualité En ligne {tag}")).to_be_visible()
    expect(staff.get_by_role("button", name=f"Modifier l'actualité Expirée {tag}")).to_be_visible()
    expect(staff.get_by_role("button", name=f"Retirer l'actualité Expirée {tag}")).to_have_count(0)
    _shot(staff, artifacts, "staff-news")
    with db_session() as session:
        session.execute(delete(NewsItem).where(NewsItem.title.endswith(tag)))
    _open(staff, base_url + routes.STAFF_HELP, "Réponses de l'aide")
    _shot(staff, artifacts, "staff-help")
    _open(staff, base_url + routes.STAFF_FILES, "Rechercher un dossier")
    staff.get_by_label("Entreprise").fill("boulangeries littoral")
    staff.get_by_role("button", name="Rechercher").last.click()
    staff.get_by_role("link", name=re.compile("^Ouvrir le dossier")).first.click()
    expect(staff.get_by_role("heading", name="Utilisateurs de l'Espace Employeur")).to_be_visible()
    _shot(staff, artifacts, "staff-company-file")
    staff.context.close()
    member.context.close()


def test_an_entreprises_agent_names_themselves_the_dedicated_contact_that_hr_then_reads(
    browser: Browser, base_url: str, artifacts
):
    """Guide 003: « retrouvez vos interlocuteurs dédiés ». An Entreprises agent names themselves on the
    company's file; the users of the company's structure read their name and e-mail on their Accueil (who
    may name one is the staff matrix's: test_staff_content_access)."""
    with db_session() as session:
        head = make_company(session, name="INTERLOCUTEUR OUEST")
        branch = make_company(session, parent=head, name="INTERLOCUTEUR OUEST NANTES")
        hr_id = make_employer(session, grants={branch: EmployerProfile.READ_ONLY}).id
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        agent_id, name = agent.id, f"{agent.first_name} {agent.last_name.upper()}"
        agent_email, head_id = agent.email, head.id
    hr = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    hr.goto(base_url + routes.EMPLOYER_HOME)
    expect(hr.get_by_text("Vos contacts OCSO")).to_be_visible()
    expect(hr.get_by_text("Votre interlocuteur dédié")).to_have_count(0)

    staff = page_as(browser, base_url, agent_id, viewport={"width": 1280, "height": 900})
    file = f"{base_url}{routes.STAFF_COMPANY_FILE}?n={head_id}"
    _open(staff, file, "INTERLOCUTEUR OUEST – n° " + _client_number(head_id))
    expect(staff.get_by_text("Aucun : les utilisateurs de l'entreprise voient")).to_be_visible()
    staff.get_by_label("Nommer l'interlocuteur dédié").select_option(label=f"{name} ({agent_email})")
    staff.get_by_role("button", name="Enregistrer").click()
    expect(staff.get_by_text(f"Interlocuteur dédié enregistré : {name}.")).to_be_visible()
    _shot(staff, artifacts, "staff-company-file-manager")
    staff.context.close()

    hr.reload()
    expect(hr.get_by_text("Votre interlocuteur dédié")).to_be_visible()
    expect(hr.get_by_text(name, exact=True)).to_be_visible()
    expect(hr.get_by_role("link", name=agent_email)).to_have_attribute("href", f"mailto:{agent_email}")
    _shot(hr, artifacts, "employer-home-dedicated-contact")
    hr.context.close()

    with db_session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == head_id)).all()
        assert any(a.endswith(f": {name}") and "Interlocuteur dédié" in a for a in actions)


def _client_number(company_id: int) -> str:
    with db_session() as session:
        return session.scalar(select(Company.client_number).where(Company.id == company_id))
