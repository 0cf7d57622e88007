"""The register of dispenses for an URSSAF audit: one archive with the sheet and every proof, only the
caller's structures, cells no spreadsheet runs, the export audited."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from ocso_app.models import AffiliationStatus, AuditEvent, DispenseDecision
from ocso_app.services import audit
from ocso_app.services.dispense_register import register_archive
from tests.builders import make_company, make_employee, make_pdf
from tests.builders.dispenses import make_dispense_request

TODAY = date(2026, 12, 3)


def test_the_archive_holds_the_register_and_each_proof_of_the_callers_structures_only(db):
    company, elsewhere = make_company(db), make_company(db)
    proved = make_employee(db, company=company, status=AffiliationStatus.EXEMPTED, last_name="=HYPERLINK(1)")
    sworn = make_employee(db, company=company, status=AffiliationStatus.PENDING, last_name="TEMPSPARTIEL")
    other = make_employee(db, company=elsewhere, status=AffiliationStatus.EXEMPTED, last_name="AILLEURS")
    accepted = make_dispense_request(db, employee=proved, case="css", proof=make_pdf("Droits CSS"))
    accepted.decision = DispenseDecision.ACCEPTED
    statement = make_dispense_request(db, employee=sworn, case="temps_partiel", ends_on=None)
    statement.sworn_statement = True
    make_dispense_request(db, employee=other)
    db.flush()
    audits = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.company_id == company.id))

    archive = register_archive(
        db, actor=audit.Actor(account_id=None), structure_ids=(company.id,), today=TODAY
    )

    with zipfile.ZipFile(io.BytesIO(archive.read())) as files:
        names = files.namelist()
        sheet = load_workbook(io.BytesIO(files.read("registre-des-dispenses.xlsx"))).active
        cells = list(sheet.iter_rows(min_row=2))
        rows = [[cell.value for cell in row] for row in cells]
        proofs = [n for n in names if n.startswith("justificatifs/")]
        assert len(proofs) == 2 and all(files.read(p).startswith(b"%PDF") for p in proofs)
    assert {row[1] for row in rows} == {"=HYPERLINK(1)", "TEMPSPARTIEL"}  # as typed, and never run:
    assert all(row[1].data_type == "s" for row in cells)  # a text cell,
    assert {row[1].value for row in cells if row[1].quotePrefix} == {"=HYPERLINK(1)"}  # kept text in Excel
    by_name = {row[1]: row for row in rows}
    css = by_name["=HYPERLINK(1)"]
    assert css[4] == "Bénéficiaire de la Complémentaire santé solidaire (CSS)" and css[8] == "Acceptée"
    assert css[6] in proofs and css[11] == "Dispensé(e)"
    assert by_name["TEMPSPARTIEL"][5] == "attestation sur l'honneur"
    assert all("AILLEURS" not in name for name in names)
    after = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.company_id == company.id))
    assert after == audits + 1


def test_a_proof_is_named_after_the_employee_with_the_letters_of_their_name(db):
    """« MÜLLER Zoé »'s proof was « M-LLER_Zo-7.pdf » in the archive: every accented letter became a dash."""
    company = make_company(db)
    employee = make_employee(
        db, company=company, status=AffiliationStatus.EXEMPTED, last_name="MÜLLER-ŒUVRAY", first_name="Zoé"
    )
    dispense = make_dispense_request(db, employee=employee, case="css", proof=make_pdf("Droits CSS"))
    archive = register_archive(
        db, actor=audit.Actor(account_id=None), structure_ids=(company.id,), today=TODAY
    )
    with zipfile.ZipFile(io.BytesIO(archive.read())) as files:
        proofs = [n for n in files.namelist() if n.startswith("justificatifs/")]
    assert proofs == [f"justificatifs/MULLER-OEUVRAY_Zoe-{dispense.id}.pdf"]
