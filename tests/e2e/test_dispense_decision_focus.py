"""On the fiche salarié(e), the keyboard focus of HR deciding a dispense request stays on that request:
« Refuser » opens the reason's field with the focus in it and « Annuler » gives it back to « Refuser »; once a
request is refused or accepted, its buttons go and the focus goes to the request itself, which reads its
decision (it was left on the page's body, a keyboard user starting again from the header). Each request's
« Accepter » and « Refuser » are named after its case."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, EmployerProfile
from ocso_app.state.employer.staff_record import ACCEPTED
from tests.builders import make_company, make_employee, make_employer
from tests.builders.dispenses import make_dispense_request
from tests.e2e.helpers import page_as

CSS = "Bénéficiaire de la Complémentaire santé solidaire (CSS)"
INDIVIDUAL = "Déjà couvert(e) par un contrat individuel à l'embauche, jusqu'à son échéance"


def test_the_focus_stays_on_the_dispense_request_hr_refuses_or_accepts(
    browser: Browser, base_url: str, artifacts: Path
):
    with db_session() as session:
        company = make_company(session)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        employee = make_employee(session, company=company, status=AffiliationStatus.PENDING)
        make_dispense_request(session, employee=employee, case="css")
        make_dispense_request(session, employee=employee, case="contrat_individuel")
        hr_id, employee_id = hr.id, employee.id
    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    refused = page.get_by_role("group", name=CSS)
    accepted = page.get_by_role("group", name=INDIVIDUAL)
    # each button says which request it decides (a screen reader listed several « Accepter »), its visible
    # word first (WCAG 2.5.3)
    refuse = refused.get_by_role("button", name=f"Refuser la demande de dispense : {CSS}", exact=True)
    accept = accepted.get_by_role(
        "button", name=f"Accepter la demande de dispense : {INDIVIDUAL}", exact=True
    )
    expect(refuse).to_have_text("Refuser")
    expect(accept).to_have_text("Accepter")
    expect(page.get_by_role("button", name="Accepter", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Refuser", exact=True)).to_have_count(0)
    reason = page.get_by_label("Motif du refus (envoyé au/à la salarié(e))")

    refuse.focus()
    page.keyboard.press("Enter")
    expect(reason).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Annuler", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(reason).to_have_count(0)
    expect(refuse).to_be_focused()

    page.keyboard.press("Enter")
    expect(reason).to_be_focused()
    reason.fill("Justificatif illisible.")
    page.get_by_role("button", name="Confirmer le refus").focus()
    page.keyboard.press("Enter")
    expect(refused.get_by_text("Refusée", exact=True)).to_be_visible()
    expect(refused).to_be_focused()

    accept.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(ACCEPTED).first).to_be_visible()
    expect(accepted.get_by_role("button")).to_have_count(0)
    expect(accepted).to_be_focused()
    page.screenshot(path=artifacts / "staff-record-dispense-focus-1280.png", full_page=True)
    page.context.close()
