"""« Forcer l'affiliation au régime de base » on the fiche of an employee who never answered, in Chromium: the
dialog asks first (« Annuler » changes nothing), the confirmation affiliates them to the base option with a
numéro d'adhérent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, Employee, EmployerProfile
from ocso_app.models.base import utcnow
from tests.builders import make_employer
from tests.builders.roster import make_covered_employee, make_plans
from tests.e2e.helpers import page_as


def test_hr_forces_the_base_plan_after_confirming(browser: Browser, base_url: str, artifacts: Path):
    with db_session() as session:
        plans = make_plans(session)
        hr = make_employer(session, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT})
        employee = make_covered_employee(
            session, plans=plans, status=AffiliationStatus.PENDING, invited_at=utcnow() - timedelta(days=20)
        )
        hr_id, employee_id, civility = hr.id, employee.id, employee.civility
    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    she = civility == "Mme"  # the fiche speaks of the employee as their civilité says
    expect(page.get_by_text(f"Vous pouvez {'la' if she else 'le'} relancer")).to_be_visible()
    force = page.get_by_role("button", name="Forcer l'affiliation au régime de base")
    force.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_text(f"{'Elle' if she else 'Il'} recevra un e-mail de bienvenue.")).to_be_visible()
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.PENDING

    force.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Confirmer l'affiliation").click()
    expect(page.get_by_text("est affilié(e) au régime de base")).to_be_visible()
    expect(force).to_have_count(0)
    page.screenshot(path=artifacts / "staff-record-forced-1280.png", full_page=True)
    with db_session() as session:
        forced = session.get(Employee, employee_id)
        assert forced.status == AffiliationStatus.AFFILIATED and forced.member_id is not None
    page.context.close()
