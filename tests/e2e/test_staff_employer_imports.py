"""An Entreprises agent in Chromium imports the insurers' files for employers:

- indemnités journalières: downloads the template, sees the preview with the wrong line's reason in French,
  imports the valid payment and finds it in the company's file; the HR manager of the company is e-mailed
  (no employee's name), then finds the arrêt and the payment in Indemnités journalières, and its décompte
  PDF says the same amounts;
- bordereaux de cotisations: a bordereau imported is « En retard » on the company's Entreprise page, and a
  later file recording its payment makes it « Réglé », there and in the company's file the agent reads.

Screenshots at 375 and 1280 px."""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import StaffRole
from ocso_app.services import allowance_csv, contribution_csv
from tests.builders import make_company, make_employee, make_employer, make_pdf, make_staff
from tests.builders.members import make_member
from tests.builders.sick_leaves import make_provident_contract, make_registration
from tests.e2e.helpers import choose_file_by_keyboard, page_as, shoot
from tests.support.mailbox import Mailbox, body_text

NBSP = "\u00a0"


def test_an_entreprises_agent_imports_allowances_that_hr_then_sees_with_their_pdf(
    browser: Browser, base_url: str, artifacts: Path, tmp_path: Path, mailbox: Mailbox
):
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"IJ IMPORT {tag}")
        company_id = head.id
        branch = make_company(session, parent=head, name=f"IJ IMPORT {tag} NANTES")
        hr = make_employer(session, principal_of=(head, branch))
        hr_id, hr_email = hr.id, hr.email
        contract = make_provident_contract(session, company=head)
        contract_number = contract.number
        member = make_member(session)
        employee = make_employee(
            session, company=branch, first_name="Karim", last_name=f"Benali{tag}", member_id=member.id
        )
        make_registration(session, employee=employee, contract=contract)
        member_number, agent_id = member.member_number, make_staff(session, role=StaffRole.ENTREPRISES).id

    staff = page_as(
        browser, base_url, agent_id, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    staff.goto(base_url + routes.STAFF_HOME)
    staff.get_by_role("navigation").get_by_role("link", name="IJ", exact=True).click()
    expect(staff.get_by_role("heading", name="Import des indemnités journalières", level=1)).to_be_visible()
    with staff.expect_download() as template:
        staff.get_by_role("link", name="Télécharger le modèle (CSV)").click()
    assert template.value.suggested_filename == "modele-import-indemnites-journalieres.csv"

    leave = f"{contract_number};{member_number};AT-{tag};Maladie;02/09/2026"
    lines = [
        ";".join(allowance_csv.REQUIRED),
        f"{leave};IJ-{tag}-01;05/09/2026;30/09/2026;45,00;1170,00;78,39;1091,61;05/10/2026",
        f"{contract_number};{member_number};AT-{tag}B;Maladie;01/11/2026;IJ-{tag}-B1;04/11/2026;10/11/2026;"
        "45,00;315,00;21,11;300,00;15/11/2026",
    ]
    csv_file = tmp_path / "ij.csv"
    csv_file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    wrong = tmp_path / "releve.pdf"
    wrong.write_bytes(make_pdf())
    staff.locator("#fichier-indemnites input[type=file]").set_input_files(str(wrong))  # refused at once
    expect(staff.get_by_text("« releve.pdf » : CSV, 5 Mo au plus.")).to_be_visible()
    choose_file_by_keyboard(
        staff,
        after=staff.get_by_role("link", name="Télécharger le modèle (CSV)"),
        picker="fichier-indemnites",
        name="Choisir le fichier : Import des indemnités journalières",
        hint="CSV, 5 Mo au plus.",
        path=csv_file,
    )
    staff.get_by_role("button", name="Vérifier le fichier").click()
    expect(staff.get_by_test_id("import-summary")).to_contain_text("1 paiement à importer")
    expect(
        staff.get_by_role("cell", name=re.compile(r"net \(300,00\) différent du brut moins"))
    ).to_be_visible()
    shoot(staff, artifacts, "staff-allowance-import-preview")
    staff.get_by_role("button", name="Importer les paiements valides").click()
    expect(staff.get_by_role("status")).to_contain_text("1 paiement importé")
    shoot(staff, artifacts, "staff-allowance-import-done")
    (told,) = mailbox.wait_for(hr_email)  # the structure's users hear of it, without the employee's name
    assert "1 nouveau paiement d'indemnités journalières" in body_text(told)
    assert f"BENALI{tag}" not in body_text(told).upper()
    staff.goto(base_url + routes.STAFF_COMPANY_FILE + f"?n={company_id}")  # the agent checks it there
    arret = staff.get_by_role("row").filter(has_text=f"AT-{tag}")
    expect(arret).to_contain_text(f"BENALI{tag} Karim")
    expect(arret).to_contain_text(f"1 paiement, le dernier de 1{NBSP}091,61 € le 05/10/2026")
    staff.context.close()

    hr = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    hr.goto(base_url + routes.EMPLOYER_ALLOWANCES)
    expect(hr.get_by_role("heading", name=f"BENALI{tag} Karim")).to_be_visible()
    expect(hr.locator("[data-total='net']")).to_have_text(f"1{NBSP}091,61 €")
    shoot(hr, artifacts, "employer-allowances-imported")
    row = hr.locator("[data-leave]").get_by_role("row").nth(1)
    with hr.expect_download() as download:
        row.get_by_role("link", name=f"Télécharger le décompte n° IJ-{tag}-01").click()
    (pdf_page,) = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages
    text = pdf_page.extract_text().replace(NBSP, " ")
    assert f"IJ-{tag}-01" in text and "1 170,00 €" in text and "78,39 €" in text and "1 091,61 €" in text
    hr.context.close()


def _import(page, base_url: str, menu: str, upload_id: str, path: Path, expected: str, button: str) -> None:
    """Open an import page from the staff menu, choose ``path`` from the keyboard, check and import it."""
    page.goto(base_url + routes.STAFF_HOME)
    page.get_by_role("navigation").get_by_role("link", name=menu, exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("^Import des"))
    choose_file_by_keyboard(
        page,
        after=page.get_by_role("link", name="Télécharger le modèle (CSV)"),
        picker=upload_id,
        name=f"Choisir le fichier : {heading.inner_text()}",
        hint="CSV, ",
        path=path,
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text(expected)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_be_visible()


def test_an_entreprises_agent_imports_a_bordereau_then_its_payment_that_hr_reads(
    browser: Browser, base_url: str, artifacts: Path, tmp_path: Path
):
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"BORDEREAUX {tag}")
        hr_id, company_id = make_employer(session, principal_of=(head,)).id, head.id
        contract_number = make_provident_contract(session, company=head).number
        agent_id = make_staff(session, role=StaffRole.ENTREPRISES).id
    header = ";".join([*contribution_csv.REQUIRED, "montant_paye"])
    due, paid = (tmp_path / "du.csv", tmp_path / "paye.csv")
    due.write_text(f"{header}\r\n{contract_number};B-{tag};01/07/2026;30/09/2026;14;4210,50;15/10/2026;0\r\n")
    paid.write_text(
        f"{header}\r\n{contract_number};B-{tag};01/07/2026;30/09/2026;14;4210,50;15/10/2026;4210,50\r\n"
    )

    staff = page_as(browser, base_url, agent_id, viewport={"width": 1280, "height": 900})
    _import(staff, base_url, "Bordereaux", "fichier-bordereaux", due, "1 bordereau à importer",
            "Importer les bordereaux valides")  # fmt: skip
    expect(staff.get_by_role("status")).to_contain_text("1 bordereau importé")
    shoot(staff, artifacts, "staff-contribution-import-done")

    hr = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900})
    hr.goto(base_url + routes.EMPLOYER_COMPANY)
    bordereau = hr.get_by_text(f"Réf. B-{tag}").locator("xpath=../..")
    expect(bordereau.get_by_text("En retard", exact=True)).to_be_visible()
    expect(bordereau).to_contain_text(f"Reste à régler 4{NBSP}210,50 €")
    shoot(hr, artifacts, "employer-contribution-imported")

    _import(staff, base_url, "Bordereaux", "fichier-bordereaux", paid, "1 paiement à enregistrer",
            "Importer les bordereaux valides")  # fmt: skip
    expect(staff.get_by_role("status")).to_contain_text("1 paiement enregistré")
    hr.reload()
    bordereau = hr.get_by_text(f"Réf. B-{tag}").locator("xpath=../..")
    expect(bordereau.get_by_text("Réglé", exact=True)).to_be_visible()
    expect(bordereau).to_contain_text("Reste à régler 0,00 €")

    # the agent reads it in the company's file too, as the company does
    staff.goto(base_url + routes.STAFF_COMPANY_FILE + f"?n={company_id}")
    row = staff.get_by_role("row").filter(has_text=f"B-{tag}")
    expect(row).to_contain_text("Réglé")
    expect(row).to_contain_text(f"4{NBSP}210,50 €")
    shoot(staff, artifacts, "staff-company-file-bordereaux")
    staff.context.close()
    hr.context.close()
