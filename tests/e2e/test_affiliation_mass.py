"""Affiliation en masse in Chromium, the whole journey in one test: an HR user first uploads (from the
keyboard: one Tab, a French name, Enter) a workbook with a formula (refused as a whole, nothing written),
then a CSV of good and bad rows; the preview shows each bad row's French error before anything is written;
« Importer » registers the good rows only, the progress bar reaches 100 % while the invitations leave in the
background, and they arrive on the test SMTP server; the report of every row downloads and reads back with
openpyxl, and so does the export of Mes salarié(e)s."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationInvitation, Employee, EmployerProfile
from ocso_app.services import pre_affiliation
from tests.builders import make_employer
from tests.builders.import_files import csv_file, employee_name, employee_row, xlsx_file
from tests.builders.roster import make_plans
from tests.e2e.helpers import choose_file_by_keyboard, page_as, shoot
from tests.support.mailbox import body_text

DOMAIN = "conserverie-masse.example.org"


def _employees(company_id: int) -> list[str]:
    with db_session() as session:
        return sorted(session.scalars(select(Employee.last_name).where(Employee.company_id == company_id)))


def _invitations() -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).select_from(AffiliationInvitation))


def _choose(page: Page, path) -> None:
    """The file chosen from the keyboard: one Tab from the checkbox before the picker, Enter."""
    choose_file_by_keyboard(
        page,
        after=page.get_by_role("checkbox"),
        picker="fichier-salaries",
        name="Choisir le fichier : le fichier des salariés à affilier",
        hint="CSV ou Excel (.xlsx)",
        path=path,
    )
    page.get_by_role("button", name="Vérifier le fichier").click()


def test_hr_imports_good_and_bad_rows_and_downloads_the_report_and_the_export(
    browser, base_url: str, mailbox, artifacts, tmp_path
):
    with db_session() as session:
        plans = make_plans(session, name="CONSERVERIE DE LA MASSE")
        hr = make_employer(session, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT})
        company_id, hr_id = plans.company.id, hr.id
        numbers = ", ".join(
            c.number for c in pre_affiliation.open_contracts(session, [company_id], plans.health.start_date)
        )
    rows = [employee_row(n, contracts=numbers, domain=DOMAIN, email=n != 2) for n in range(5)]
    rows[1]["nir"] = rows[1]["nir"][:-2] + "00"  # a wrong key
    rows[3]["last_name"] = "=cmd|' /C calc'!A0"  # formula injection
    good = [employee_name(0), employee_name(2), employee_name(4)]
    (tmp_path / "formules.xlsx").write_bytes(xlsx_file(rows, formula_at="B4"))
    (tmp_path / "salaries.csv").write_bytes(csv_file(rows))

    page = page_as(browser, base_url, hr_id, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(base_url + routes.EMPLOYER_MASS_AFFILIATION)
    expect(page.get_by_role("heading", name="Affiliation en masse", exact=True)).to_be_visible()
    expect(page.get_by_label("E-mail pour recevoir les demandes de dispense")).to_have_value(re.compile("@"))
    shoot(page, artifacts, "affiliation-masse-fichier")

    invitations = _invitations()
    _choose(page, tmp_path / "formules.xlsx")
    expect(page.get_by_role("alert")).to_contain_text("Le classeur contient des formules (cellule B4)")
    assert _employees(company_id) == [] and _invitations() == invitations

    _choose(page, tmp_path / "salaries.csv")
    expect(page.get_by_text("3 lignes valides", exact=True)).to_be_visible()
    expect(page.get_by_text("2 lignes en erreur", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="NIR : Le numéro de sécurité sociale")).to_have_count(1)
    expect(
        table.get_by_role("row").filter(has_text="Nom : une cellule ne peut pas commencer par =")
    ).to_have_count(1)
    shoot(page, artifacts, "affiliation-masse-apercu")
    assert _employees(company_id) == []  # nothing is written before « Importer »

    page.get_by_role("button", name="Importer les 3 lignes valides").click()
    expect(page.get_by_role("status").filter(has_text="100 %")).to_contain_text(
        "Envoi terminé.", timeout=30_000
    )
    expect(page.get_by_text("dont 1 courrier à poster")).to_be_visible()
    shoot(page, artifacts, "affiliation-masse-invitations")
    assert _employees(company_id) == good
    for n in (0, 4):
        (mail,) = mailbox.wait_for(f"{employee_name(n).lower()}@{DOMAIN}")
        assert f"{routes.AFFILIATION}?jeton=" in body_text(mail)

    with page.expect_download() as report:
        page.get_by_role("link", name="Rapport de l'import en Excel").click()
    saved = artifacts / "rapport-import.xlsx"
    report.value.save_as(saved)
    lines = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert [line[3] for line in lines[1:]] == [
        "Importé(e)",
        "Refusé(e)",
        "Importé(e)",
        "Refusé(e)",
        "Importé(e)",
    ]
    assert lines[3][4].startswith("Pas d'e-mail : courrier")

    exported = page.request.get(base_url + routes.API_EMPLOYER_STAFF_EXPORT.url(format="xlsx"))
    assert exported.ok
    sheet = load_workbook(io.BytesIO(exported.body())).active
    listed = [(row[2], row[13]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == [(name, "En cours d'affiliation") for name in good]
