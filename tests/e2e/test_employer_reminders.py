"""« Relancer tous » in Chromium: HR confirms « Envoyer N relances ? », reads the
result and who has no e-mail, the e-mails reach the SMTP server once each, and a profile that may only
consult is not offered the action."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.components.reminder_dialog import BUTTON
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, EmployerProfile
from tests.builders import make_company, make_employee, make_employer
from tests.e2e.helpers import expect_dialog_titled, page_as
from tests.support.mailbox import Mailbox, body_text


def _shoot_dialog(page: Page, artifacts: Path, name: str) -> None:
    """The dialog as the user sees it (the viewport: a full-page shot moves a fixed dialog), on a phone
    then a desktop: ``<name>-375.png`` and ``<name>-1280.png``."""
    for width, height in ((375, 812), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.screenshot(path=artifacts / f"{name}-{width}.png")


def test_hr_relances_every_employee_a_relancer_at_once(
    browser: Browser, base_url: str, mailbox: Mailbox, artifacts: Path
):
    tag = uuid.uuid4().hex[:6].upper()
    long_ago = datetime.now(UTC) - timedelta(days=20)
    emails = [f"relance.{tag.lower()}.{i}@example.org" for i in range(3)]
    with db_session() as session:
        company = make_company(session, name=f"RELANCES {tag}")
        for i, email in enumerate(emails):
            make_employee(
                session,
                company=company,
                status=AffiliationStatus.PENDING,
                invited_at=long_ago,
                email=email,
                last_name=f"RETARD{i}{tag}",
            )
        make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=long_ago,
            last_name=f"COURRIER{tag}",
            first_name="Yann",
        )
        make_employee(session, company=company, status=AffiliationStatus.AFFILIATED, email=f"ok.{tag}@x.fr")
        hr = make_employer(session, principal_of=(company,)).id
        reader = make_employer(session, grants={company: EmployerProfile.READ_ONLY}).id

    page = page_as(browser, base_url, hr)
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(page.get_by_text("Affiliations à relancer ou à reprendre (4)")).to_be_visible()
    button = page.get_by_role("button", name=BUTTON)
    button.focus()  # Échap gives the focus back to the button (it was left on the page's body)
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(button).to_be_focused()
    button.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Envoyer 3 relances ?")).to_be_visible()
    expect_dialog_titled(dialog, "Relancer les salarié(e)s en attente")
    expect(dialog.get_by_text("1 salarié(e) sans adresse e-mail")).to_be_visible()
    expect(dialog.get_by_role("link", name=f"Fiche de COURRIER{tag} Yann")).to_be_visible()
    _shoot_dialog(page, artifacts, "employer-relancer-tous-confirmation")

    send = dialog.get_by_role("button", name="Envoyer les relances")
    send.dblclick()  # a double click sends each relance once
    expect(dialog.get_by_role("status").filter(has_text="3 relances envoyées.")).to_be_visible()
    expect(dialog.get_by_role("link", name=f"Fiche de COURRIER{tag} Yann")).to_be_visible()
    _shoot_dialog(page, artifacts, "employer-relancer-tous-resultat")
    for email in emails:
        [message] = mailbox.wait_for(email)
        assert message["Subject"].startswith("Rappel : votre affiliation")
        assert routes.AFFILIATION + "?jeton=" in body_text(message)
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_have_count(0)
    # The follow-up's list now holds only the employee who gets the letter.
    expect(page.get_by_text("Affiliations à relancer ou à reprendre (1)")).to_be_visible()

    # Asked again at once: nobody is due any more, nothing is sent.
    page.get_by_role("button", name=BUTTON).click()
    expect(dialog.get_by_text("Aucun(e) salarié(e) à relancer par e-mail pour le moment.")).to_be_visible()
    expect(dialog.get_by_role("button", name="Envoyer les relances")).to_have_count(0)
    assert all(len(mailbox.to(email)) == 1 for email in emails)

    consulting = page_as(browser, base_url, reader)
    consulting.goto(base_url + routes.EMPLOYER_HOME)
    expect(consulting.get_by_text("Affiliations à relancer ou à reprendre (1)")).to_be_visible()
    expect(consulting.get_by_role("button", name=BUTTON)).to_have_count(0)
