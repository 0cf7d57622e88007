"""Guides et tutoriels in Chromium (guide 003: « Accédez aux […] tutoriels, guides RH et salarié(e)s »):
an OCSO agent of the Entreprises desk publishes a guide RH to every employer from « Publier un document »
(« Destinataires : Tous les employeurs »), a broken PDF refused first; an HR user of a company and a
sick-leave manager of another see it in Documents › Guides et tutoriels and download it; once the agent
withdraws it, it leaves their Documents and its link answers 404. Both users are e-mailed when it is
published (neither turned OCSO's deposit e-mails off)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, EmployerGuide, EmployerProfile, StaffRole
from tests.builders import make_company, make_employer, make_pdf, make_staff
from tests.e2e.helpers import cookie_for, download_pdf_text, page_as, publish_button
from tests.support.mailbox import Mailbox, body_text


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def test_staff_publish_a_guide_to_every_employer_that_hr_reads_then_withdraw_it(
    browser: Browser, base_url: str, artifacts: Path, tmp_path: Path, mailbox: Mailbox
):
    tag = uuid.uuid4().hex[:6].upper()
    title = f"Guide RH {tag} – affilier et radier"
    with db_session() as session:
        agent = make_staff(session, role=StaffRole.ENTREPRISES).id
        hr_account = make_employer(session, principal_of=(make_company(session, name=f"ATELIER {tag}"),))
        other_account = make_employer(
            session, grants={make_company(session, name=f"CONSERVERIE {tag}"): EmployerProfile.SICK_LEAVE}
        )
        (hr, hr_email), (other, other_email) = ((a.id, a.email) for a in (hr_account, other_account))
    viewport = {"width": 1280, "height": 900}
    staff = page_as(browser, base_url, agent, viewport=viewport)

    # Publier un document › Aux employeurs › Destinataires : Tous les employeurs
    _open(staff, base_url + routes.STAFF_PUBLISH, "Publier un document")
    staff.get_by_label("Destinataires").select_option(label="Tous les employeurs")
    expect(staff.get_by_label("Numéro client")).to_have_count(0)  # no company to name
    staff.get_by_label("Type de document").select_option(label="Guide RH")
    staff.locator("#entreprise-titre").fill(title)
    broken = tmp_path / "guide-casse.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    picker = staff.locator("#document-entreprise input[type=file]")
    picker.set_input_files(str(broken))
    publish = publish_button(staff, "entreprise-titre")
    publish.click()
    expect(staff.get_by_role("alert")).to_contain_text("ce PDF est illisible ou endommagé")
    expect(staff.locator("#entreprise-titre")).to_have_value(title)  # kept to try again
    guide = tmp_path / "guide-rh.pdf"
    guide.write_bytes(make_pdf(f"Affiliation simple {tag}"))
    picker.set_input_files(str(guide))
    publish.click()
    expect(staff.get_by_role("status")).to_contain_text(
        f"« {title} » (Guide RH) est publié dans les Documents de tous les employeurs ; "
    )
    expect(staff.get_by_role("status")).to_contain_text("utilisateur(s) averti(s) par e-mail.")
    for address in (hr_email, other_email):
        [message] = [m for m in mailbox.wait_for(address) if title in body_text(m)]
        assert message["Subject"] == "OCSO : un nouveau guide dans votre Espace Employeur"
        assert "rubrique Documents, « Guides et tutoriels »" in body_text(message)
    withdraw = staff.get_by_role("button", name=f"Retirer « {title} » des Documents de tous les employeurs")
    expect(withdraw).to_be_visible()
    staff.screenshot(path=artifacts / "staff-publish-guide-1280.png", full_page=True)

    # Documents › Guides et tutoriels, for the users of two companies and two profiles
    for account_id, name in ((hr, "hr"), (other, "arrets")):
        page = page_as(browser, base_url, account_id, viewport=viewport)
        _open(page, base_url + routes.EMPLOYER_DOCUMENTS, "Documents")
        main = page.locator("main")
        expect(main.get_by_role("heading", name="Guides et tutoriels")).to_be_visible()
        link = main.get_by_role("link", name=title)
        expect(link).to_be_visible()
        expect(main.get_by_text("Guide RH", exact=True).first).to_be_visible()
        if name == "hr":
            page.screenshot(path=artifacts / "employer-documents-guides-1280.png", full_page=True)
        text = download_pdf_text(page, link.click, artifacts, f"employer-guide-{name}.pdf")
        assert f"Affiliation simple {tag}" in text
        page.context.close()
    with db_session() as session:
        guide_id = session.scalar(select(EmployerGuide.id).where(EmployerGuide.title == title))
        readers = set(
            session.scalars(
                select(AuditEvent.account_id).where(
                    AuditEvent.action == f"Téléchargement du document « {title} » (Guide RH)"
                )
            )
        )
    assert readers == {hr, other}

    # « Retirer », asked first: gone from Documents, its link a 404
    withdraw.click()
    dialog = staff.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"« {title} » quitte aussitôt les Documents de tous les employeurs")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    expect(withdraw).to_be_visible()  # nothing withdrawn
    withdraw.click()
    staff.get_by_role("alertdialog").get_by_role("button", name="Retirer pour tous les employeurs").click()
    expect(staff.get_by_role("status")).to_contain_text(f"« {title} » est retiré")
    expect(withdraw).to_have_count(0)
    page = page_as(browser, base_url, hr, viewport=viewport)
    _open(page, base_url + routes.EMPLOYER_DOCUMENTS, "Documents")
    expect(page.locator("main").get_by_role("heading", name="Guides et tutoriels")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name=title)).to_have_count(0)
    url = base_url + routes.API_EMPLOYER_GUIDE.url(guide_id=guide_id)
    assert httpx.get(url, headers={"Cookie": cookie_for(hr)}).status_code == 404
