"""« Enregistrer un justificatif de portabilité reçu » in Chromium: an Entreprises agent opens a company's
file, is refused a date in the future (nothing written), records the proof a former employee covered by the
prévoyance alone sent by post (no Espace Santé Assuré), finds it listed and opens it; the company's HR then
read on their Accueil that one proof was received, and when, without any link to the file. Recorded by
mistake, the agent withdraws it (asked first) and HR's Accueil no longer counts it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, PortabilityProof, StaffRole
from ocso_app.services import portability_proofs
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.state.staff.files import PROOF_UPLOAD
from tests.builders import make_company, make_employee, make_employer, make_pdf, make_staff
from tests.e2e.axe import violations
from tests.e2e.helpers import download_pdf_text, page_as, shoot


def _proofs(employee_id: int) -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).where(PortabilityProof.employee_id == employee_id))


def test_an_agent_records_a_proof_received_by_post_and_hr_reads_it_on_their_accueil(
    browser: Browser, base_url: str, artifacts: Path, tmp_path: Path
):
    tag = uuid.uuid4().hex[:6].upper()
    today = paris_today()
    with db_session() as session:
        company = make_company(session, name=f"TONNELLERIE {tag}")
        leaving = make_employee(
            session, company=company, status=AffiliationStatus.PORTABILITY, last_name=f"PREVOY{tag}"
        )
        leaving.radiated_on, leaving.portability_end_on = (
            today - timedelta(days=40),
            today + timedelta(days=200),
        )
        company_id, employee_id, name = company.id, leaving.id, f"{leaving.last_name} {leaving.first_name}"
        agent = make_staff(session, role=StaffRole.ENTREPRISES).id
        hr = make_employer(session, principal_of=(company,)).id

    page = page_as(browser, base_url, agent, bypass_csp=True)  # axe-core audits the form refused
    page.goto(f"{base_url}{routes.STAFF_COMPANY_FILE}?n={company_id}")
    expect(page.get_by_role("heading", name="Justificatifs de portabilité")).to_be_visible()
    expect(page.get_by_text("Aucun justificatif enregistré par OCSO.")).to_be_visible()
    page.get_by_label("Salarié(e) en portabilité").select_option(str(employee_id))
    page.get_by_label("Date de réception").fill(format_short_date(today + timedelta(days=1)))
    proof = tmp_path / "attestation-france-travail.pdf"
    proof.write_bytes(make_pdf("Attestation de paiement France Travail"))
    page.locator(f"#{PROOF_UPLOAD} input[type=file]").set_input_files(str(proof))
    expect(page.get_by_text("attestation-france-travail.pdf")).to_be_visible()
    page.get_by_role("button", name="Enregistrer le justificatif").click()
    expect(page.get_by_text(portability_proofs.IN_THE_FUTURE)).to_be_visible()
    assert _proofs(employee_id) == 0
    assert violations(page, routes.STAFF_COMPANY_FILE) == []

    received = format_short_date(today - timedelta(days=2))
    page.get_by_label("Date de réception").fill(received)
    # The picker was emptied by the refusal; picked again (another copy: Chromium fires no change for the
    # very file its input still holds, which a person's click on « Choisir le fichier » resets first)
    again = tmp_path / "attestation-france-travail-recue.pdf"
    again.write_bytes(proof.read_bytes())
    page.locator(f"#{PROOF_UPLOAD} input[type=file]").set_input_files(str(again))
    expect(page.get_by_text(again.name)).to_be_visible()
    page.get_by_role("button", name="Enregistrer le justificatif").click()
    expect(
        page.get_by_text(f"Justificatif de portabilité reçu le {received} enregistré pour {name}")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name=name)).to_be_visible()
    assert _proofs(employee_id) == 1
    shoot(page, artifacts, "staff-portability-proof")
    text = download_pdf_text(
        page,
        page.get_by_role("link", name=f"Ouvrir le justificatif reçu le {received}").click,
        artifacts,
        "staff-portability-proof.pdf",
    )
    assert "France Travail" in text

    hr_page = page_as(browser, base_url, hr, viewport={"width": 1280, "height": 900})
    hr_page.goto(base_url + routes.EMPLOYER_HOME)
    expect(hr_page.get_by_text(name)).to_be_visible()
    expect(hr_page.get_by_text(f"1 justificatif(s), le dernier le {received}")).to_be_visible()
    assert hr_page.locator("a[href*='/portabilite/']").count() == 0  # the count and the date, never the file

    # Recorded by mistake: « Retirer » asks first (« Annuler » keeps it), then deletes it, and HR's Accueil
    # no longer counts it.
    withdraw = page.get_by_role("button", name=f"Retirer le justificatif de {name} reçu le {received}")
    withdraw.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Annuler").click()
    assert _proofs(employee_id) == 1
    withdraw.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Retirer le justificatif").click()
    expect(
        page.get_by_text(f"Justificatif de portabilité reçu le {received} retiré pour {name}")
    ).to_be_visible()
    expect(page.get_by_text("Aucun justificatif enregistré par OCSO.")).to_be_visible()
    assert _proofs(employee_id) == 0
    hr_page.reload()
    expect(hr_page.get_by_text("Aucun justificatif reçu")).to_be_visible()
    page.context.close()
    hr_page.context.close()
