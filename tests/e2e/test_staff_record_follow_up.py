"""« Suivi de l'affiliation » on the fiche of an employee still en cours d'affiliation, in Chromium: HR reads
where the dispense requests go and who is told when it is finished, is warned that nobody receives them
any more once the user who chose them has left, changes them (a wrong address refused under its field,
nothing written), and a viewer reads them without « Modifier »."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AffiliationStatus, Employee, EmployerProfile
from ocso_app.models.base import utcnow
from tests.builders import make_employer
from tests.builders.roster import make_covered_employee, make_plans
from tests.e2e.helpers import page_as


def test_hr_changes_the_follow_up_addresses_after_their_chooser_left(
    browser: Browser, base_url: str, artifacts: Path
):
    with db_session() as session:
        plans = make_plans(session)
        gone = make_employer(session, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT})
        hr = make_employer(session, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT})
        viewer = make_employer(session, grants={plans.company: EmployerProfile.READ_ONLY})
        employee = make_covered_employee(
            session, plans=plans, status=AffiliationStatus.PENDING, invited_at=utcnow()
        )
        employee.dispense_email, employee.notify_hr_email = "ancienne.rh@example.org", None
        employee.invited_by_account_id = gone.id
        session.get(Account, gone.id).is_active = False
        hr_id, viewer_id, employee_id = hr.id, viewer.id, employee.id
    url = f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}"

    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(url)
    expect(page.get_by_role("heading", name="Suivi de l'affiliation")).to_be_visible()
    expect(page.get_by_text("ancienne.rh@example.org")).to_be_visible()
    expect(page.get_by_text("personne n'est prévenu(e)")).to_be_visible()
    expect(page.get_by_text("n'a plus accès à cette fiche")).to_be_visible()

    page.get_by_role("button", name="Modifier le suivi de l'affiliation").click()
    dispense = page.get_by_label("E-mail où recevoir les demandes de dispense")
    dispense.fill("rh@entreprise")  # the browser accepts it, the server does not (no domain)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Cette adresse e-mail n'est pas valide.")).to_be_visible()
    with db_session() as session:
        assert session.get(Employee, employee_id).dispense_email == "ancienne.rh@example.org"

    dispense.fill("paie@example.org")
    page.get_by_label("E-mail où être prévenu(e) de la fin de l'affiliation").fill("paie@example.org")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Le suivi de l'affiliation est enregistré.")).to_be_visible()
    expect(page.get_by_text("prévenir paie@example.org")).to_be_visible()
    expect(page.get_by_text("n'a plus accès à cette fiche")).to_have_count(0)
    page.screenshot(path=artifacts / "staff-record-follow-up-1280.png", full_page=True)
    with db_session() as session:
        saved = session.get(Employee, employee_id)
        assert (saved.dispense_email, saved.notify_hr_email) == ("paie@example.org", "paie@example.org")
        assert saved.invited_by_account_id == hr_id
    page.context.close()

    page = page_as(browser, base_url, viewer_id, viewport={"width": 1280, "height": 900})
    page.goto(url)
    expect(page.get_by_text("prévenir paie@example.org")).to_be_visible()
    expect(page.get_by_role("button", name="Modifier le suivi de l'affiliation")).to_have_count(0)
    page.context.close()
