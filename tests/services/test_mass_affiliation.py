"""Affiliation en masse: a file is read whatever its encoding and separator, or refused as a whole with a
French message and nothing written; each row is checked as a pré-affiliation, plus formulas and duplicates in
the file; the import registers only the valid rows, keeps every row's outcome, invites in batches, and the
report lists them all."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from ocso_app.models import (
    AffiliationInvitation,
    AffiliationStatus,
    AuditEvent,
    Employee,
    EmployeeImport,
    EmployeeImportRow,
    InvitationChannel,
)
from ocso_app.services import audit, mass_affiliation, spreadsheets
from ocso_app.services import mass_affiliation_file as reading
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.mass_affiliation import Choices
from ocso_app.services.mass_affiliation_file import FileRefused
from tests.builders import make_employer
from tests.builders.import_files import HEADINGS, csv_file, employee_name, employee_row, xlsx_file
from tests.builders.roster import make_covered_employee, make_plans

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HR = StatusAuthor(None, "Claire RH (RH)")


@pytest.fixture
def plans(db):
    return make_plans(db)


def _contracts(plans) -> str:
    return f"{plans.health.number}, {plans.provident.number}"


def _rows(plans, count: int = 3, **changes):
    return [employee_row(n, contracts=_contracts(plans), **changes) for n in range(count)]


def _preview(db, plans, content: bytes, *, name="salaries.csv", structure_ids=None):
    table = reading.read_file(content)
    return mass_affiliation.preview(
        db,
        structure_ids=structure_ids or [plans.company.id],
        choices=Choices(plans.company.id, "rh@example.org"),
        table=table,
        file_name=name,
        today=TODAY,
    )


def _written(db) -> tuple[int, int, int]:
    return tuple(
        db.scalar(select(func.count()).select_from(t))
        for t in (Employee, AffiliationInvitation, EmployeeImport)
    )


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [(";", "utf-8-sig"), (";", "utf-8"), (",", "utf-8"), ("\t", "utf-16"), (";", "cp1252")],
    ids=["bom-semicolon", "utf8-semicolon", "comma", "excel-unicode-text", "windows-1252"],
)
def test_a_good_file_is_read_whatever_its_encoding_and_separator_and_nothing_is_written(
    db, plans, separator, encoding
):
    before = _written(db)
    rows = _rows(plans, first_name="Zoé-Hélène")
    preview = _preview(db, plans, csv_file(rows, separator=separator, encoding=encoding))
    assert [r.errors for r in preview.rows] == [(), (), ()]
    assert [r.line for r in preview.rows] == [2, 3, 4]
    assert preview.rows[0].first_name == "Zoé-Hélène" and preview.valid_count == 3
    assert _written(db) == before


def test_a_workbook_is_read_like_a_csv(db, plans):
    preview = _preview(db, plans, xlsx_file(_rows(plans)), name="salaries.xlsx")
    assert preview.valid_count == 3 and preview.invalid_count == 0


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (reading.MAX_UNZIPPED_BYTES + 1))
    return out.getvalue()


REFUSED = [
    ("missing-column", lambda p: csv_file(_rows(p), headings=HEADINGS[:4] + HEADINGS[5:]), "« NIR »"),
    ("wrong-separator", lambda p: csv_file(_rows(p), separator="|"), reading.BAD_SEPARATOR),
    ("binary", lambda p: b"\x00\x01garbage\x00" * 1000, reading.BAD_ENCODING),
    ("formulas", lambda p: xlsx_file(_rows(p), formula_at="C3"), "cellule C3"),
    ("several-sheets", lambda p: xlsx_file(_rows(p), sheets=2), "« Feuille2 »"),
    ("old-excel", lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, reading.OLD_EXCEL),
    ("pdf", lambda p: b"%PDF-1.7\n" + b"x" * 100, reading.NOT_A_TABLE),
    ("zip-bomb", lambda p: _zip_bomb(), reading.TOO_BIG_WORKBOOK),
    ("not-a-workbook", lambda p: zipfile_with("word/document.xml"), reading.NOT_A_TABLE),
    ("broken-zip", lambda p: b"PK\x03\x04" + b"\x00" * 200, reading.BROKEN_WORKBOOK),
    ("empty", lambda p: b"  \r\n", reading.EMPTY),
    ("headings-only", lambda p: csv_file([]), reading.NO_ROWS),
    ("open-quote", lambda p: csv_file(_rows(p)) + b'\r\n"Mme;NON;FERME', reading.BROKEN_CSV.format(line=5)),
    ("double-column", lambda p: csv_file(_rows(p), headings=[*HEADINGS[:12], "Nom"]), "« Nom » figure deux"),
]


def zipfile_with(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(("build", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_bad_file_is_refused_as_a_whole_with_a_french_message_and_nothing_is_written(
    db, plans, build, message
):
    before = _written(db)
    with pytest.raises(FileRefused) as refused:
        _preview(db, plans, build(plans))
    assert message in refused.value.message
    assert _written(db) == before


def _broken_at_line_3(plans, cell: str) -> bytes:
    lines = csv_file(_rows(plans, 4)).decode("utf-8-sig").split("\r\n")
    lines[2] = lines[2].replace(";", f";{cell}", 1)  # before the row's name
    return "\r\n".join(lines).encode()


@pytest.mark.parametrize("cell", ['"DUPONT', '"DUPONT"JEAN'], ids=["left-open", "text-after-closing"])
def test_a_broken_quote_refuses_the_file_naming_its_line(db, plans, cell):
    """The refusal said « mal formé » without where: HR had to look through the whole file, and a quote left
    open was reported at none of its lines."""
    before = _written(db)
    with pytest.raises(FileRefused) as refused:
        _preview(db, plans, _broken_at_line_3(plans, cell))
    assert refused.value.message == reading.BROKEN_CSV.format(line=3) and "ligne 3" in refused.value.message
    assert _written(db) == before


def test_a_workbook_with_a_title_above_the_headings_says_where_they_were_expected(plans):
    """The refusal spoke of CSV separators (« ; », « , », tabulations): an Excel workbook has none."""
    content = xlsx_file(_rows(plans), above=[["Salariés à affilier au 01/01/2027"], []])
    with pytest.raises(FileRefused) as refused:
        reading.read_file(content)
    assert refused.value.message == reading.NO_HEADINGS.format(
        line=1, found="« Salariés à affilier au 01/01/2027 »"
    )
    assert "séparés" not in refused.value.message and "ligne 1," in refused.value.message


def test_blank_rows_above_the_headings_are_skipped_and_each_row_keeps_its_line(plans):
    for content in (xlsx_file(_rows(plans, 2), above=[[], []]), b"\r\n;;\r\n" + csv_file(_rows(plans, 2))):
        table = reading.read_file(content)
        assert [line for line, _ in table.rows] == [4, 5]


def _with_rows_below(content: bytes, rows: str, last: int) -> bytes:
    """The workbook with ``rows`` (the XML of its sheet's rows) added below its own, its used range (which
    Excel writes, formatted rows included) down to line ``last``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:M{last}"'.encode(), data)
            copy.writestr(entry, data)
    return out.getvalue()


def _rows_read(monkeypatch) -> list[int]:
    """Counts the sheet's rows ``read_file`` goes through."""
    read: list[int] = []
    sheet_lines = reading._sheet_lines

    def counted(sheet):
        for cells in sheet_lines(sheet):
            read.append(1)
            yield cells

    monkeypatch.setattr(reading, "_sheet_lines", counted)
    return read


def test_a_million_formatted_empty_rows_below_the_employees_are_not_read(plans, monkeypatch):
    """Formatting laid on whole rows (a colour, a border) keeps them in the sheet: a 3 MB workbook held a
    million empty rows, and openpyxl read each of them (the preview took minutes of the server's time)."""
    empty = '<row s="0" customFormat="1"><c s="0"/></row>' * 1_000_000  # numbered after the rows above
    content = _with_rows_below(xlsx_file(_rows(plans)), empty, 1_000_004)
    assert len(content) <= reading.MAX_BYTES
    read = _rows_read(monkeypatch)
    assert [line for line, _ in reading.read_file(content).rows] == [2, 3, 4]
    assert len(read) <= reading.MAX_ROWS + 1_001  # a bound on the work, not a timing


def test_a_row_below_the_lines_read_is_one_too_many(plans, monkeypatch):
    """A sheet is read down to ``MAX_SHEET_LINES`` (its employees, a title, blank rows) and one line more: a
    name there refuses the file, the formatted rows below it never read."""
    line = reading.MAX_SHEET_LINES + 1
    far = f'<row r="{line}"><c r="B{line}" t="inlineStr"><is><t>DURAND</t></is></c></row>'
    below = '<row s="0" customFormat="1"><c s="0"/></row>' * 100_000
    content = _with_rows_below(xlsx_file(_rows(plans)), far + below, line + 100_000)
    read = _rows_read(monkeypatch)
    with pytest.raises(FileRefused) as refused:
        reading.read_file(content)
    assert refused.value.message == reading.TOO_LONG_SHEET and "ligne 11\xa0000 :" in refused.value.message
    assert len(read) == line


def test_ten_megabytes_of_garbage_are_refused_by_their_size_alone():
    garbage = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    started = time.process_time()
    with pytest.raises(FileRefused, match="dépasse 3 Mo"):
        reading.read_file(garbage)
    assert time.process_time() - started < 1  # not parsed at all (a bound, not a benchmark)


def test_more_rows_than_the_cap_are_refused(plans):
    rows = [employee_row(0, contracts="X")] * (reading.MAX_ROWS + 1)
    with pytest.raises(FileRefused, match="plus de 10"):
        reading.read_file(csv_file(rows))


def test_a_cell_starting_like_a_formula_makes_its_row_an_error_and_the_others_stay_valid(db, plans):
    rows = _rows(plans, 4)
    rows[1]["last_name"] = "=cmd|' /C calc'!A0"
    rows[2]["city"] = "@SUM(1+1)"
    rows[3]["first_name"] = "+Anne"
    preview = _preview(db, plans, csv_file(rows))
    assert preview.rows[0].valid and preview.valid_count == 1
    assert "Nom : une cellule ne peut pas commencer par =" in preview.rows[1].errors[0]
    assert preview.rows[2].errors[0].startswith("Ville : ")
    assert preview.rows[3].errors[0].startswith("Prénom : ")
    assert [line for line, _data in preview.valid] == [2]


def test_each_rows_errors_are_in_french_with_their_column(db, plans):
    rows = _rows(plans, 5)
    rows[0]["nir"] = rows[0]["nir"][:-2] + "00"
    rows[1]["birth_date"] = "31/02/1985"
    rows[2]["contract"] = "R0000000"
    rows[3]["email"] = ""  # no e-mail and no postal address
    rows[4]["civility"] = "Monsieur"  # a woman's NIR
    errors = [r.errors for r in _preview(db, plans, csv_file(rows)).rows]
    assert errors[0] == (
        "NIR : Le numéro de sécurité sociale compte 15 caractères, clé comprise, et sa clé doit être juste.",
    )
    assert errors[1][0] == "Date de naissance : La date saisie n'est pas valide (jj/mm/aaaa)."
    assert errors[2] == ("Numéro de contrat : R0000000 n'est pas un contrat en vigueur de la structure.",)
    assert {e.split(" : ")[0] for e in errors[3]} == {"Adresse", "Code postal", "Ville"}
    assert errors[4] == (
        "NIR : Le numéro de sécurité sociale ne correspond pas à la civilité (1er chiffre).",
    )


def test_duplicates_in_the_file_and_with_the_structures_employees_are_errors(db, plans):
    rows = _rows(plans, 4)
    rows[1]["nir"] = rows[0]["nir"]
    rows[3]["first_name"], rows[3]["nir"] = rows[2]["first_name"], _rows(plans, 10)[9]["nir"]
    rows[3]["last_name"] = rows[2]["last_name"]
    existing = _rows(plans, 12)[11]
    make_covered_employee(
        db,
        plans=plans,
        last_name=existing["last_name"],
        first_name="Anne",
        birth_date=date(1985, 4, 2),
        status=AffiliationStatus.PENDING,
    )
    preview = _preview(db, plans, csv_file([*rows, existing]))
    assert "NIR en double dans le fichier (lignes 2, 3)." in preview.rows[0].errors
    assert "NIR en double dans le fichier (lignes 2, 3)." in preview.rows[1].errors
    assert any("lignes 4, 5" in e for e in preview.rows[3].errors)
    assert any("déjà ces nom, prénom" in e for e in preview.rows[4].errors)
    assert preview.valid_count == 0


def test_a_spreadsheet_that_dropped_a_postal_codes_zero_and_typed_monsieur_is_understood(db, plans):
    row = employee_row(1, contracts=_contracts(plans), email=False, postal_code="1000", city="BOURG")
    row |= {"civility": "madame"}
    preview = _preview(db, plans, csv_file([row]))
    ((_line, data),) = preview.valid
    assert data.postal_code == "01000" and data.civility == "Mme"


def test_another_structure_is_refused(db, plans):
    other = make_plans(db)
    with pytest.raises(AccessDenied):
        _preview(db, plans, csv_file(_rows(plans)), structure_ids=[other.company.id])


def test_the_sealed_rows_hide_the_nirs_and_come_back_whole(db, plans):
    preview = _preview(db, plans, csv_file(_rows(plans)))
    sealed = mass_affiliation.seal(preview.valid)
    assert preview.valid[0][1].nir not in sealed
    assert mass_affiliation.unseal(sealed) == list(preview.valid)


def _import(db, plans, preview):
    actor = audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    return actor, mass_affiliation.import_rows(
        db, structure_ids=[plans.company.id], previewed=preview, actor=actor, by=HR, now=NOW
    )


def test_the_import_registers_only_the_valid_rows_then_invites_them_in_batches(db, plans, mailbox):
    rows = _rows(plans, 4)
    rows[1]["nir"] = "123"
    rows[2]["email"], rows[2]["address_line"], rows[2]["postal_code"], rows[2]["city"] = (
        "",
        "1 quai",
        "62200",
        "BOULOGNE",
    )
    preview = _preview(db, plans, csv_file(rows))
    before_invitations = _written(db)[1]
    _actor, done = _import(db, plans, preview)
    assert (done.imported, done.rejected) == (3, 1)
    registered = db.scalars(select(Employee.last_name).where(Employee.company_id == plans.company.id)).all()
    assert sorted(registered) == [employee_name(0), employee_name(2), employee_name(3)]
    assert _written(db)[1] == before_invitations
    first = mass_affiliation.invite_next(
        db, import_id=done.import_id, structure_ids=[plans.company.id], now=NOW, limit=2
    )
    assert (first.done, first.total, first.finished) == (2, 3, False)
    last = mass_affiliation.invite_next(
        db, import_id=done.import_id, structure_ids=[plans.company.id], now=NOW
    )
    assert (last.done, last.emailed, last.letters, last.percent) == (3, 2, 1, 100)
    assert db.get(EmployeeImport, done.import_id).invitations_done_at is not None
    outcome = db.execute(
        select(EmployeeImportRow.line, EmployeeImportRow.invitation, EmployeeImportRow.rejection)
        .where(EmployeeImportRow.import_id == done.import_id)
        .order_by(EmployeeImportRow.line)
    ).all()
    assert [(line, channel) for line, channel, _r in outcome] == [
        (2, InvitationChannel.EMAIL),
        (3, None),
        (4, InvitationChannel.LETTER),
        (5, InvitationChannel.EMAIL),
    ]
    assert outcome[1][2].startswith("NIR : ")


def test_each_invitation_e_mailed_after_an_import_is_audited_with_the_hr_user_who_imported(
    db, plans, mailbox
):
    """As « Envoyer l'invitation » of the wizard: one row per e-mail on the structure, by the account that
    imported the file (whose page sends them); the employee without an address gets none (the letter is
    audited when HR downloads it)."""
    rows = _rows(plans, 3)
    rows[1]["email"], rows[1]["address_line"], rows[1]["postal_code"], rows[1]["city"] = (
        "",
        "1 quai",
        "62200",
        "BOULOGNE",
    )
    actor, done = _import(db, plans, _preview(db, plans, csv_file(rows)))
    mass_affiliation.invite_next(db, import_id=done.import_id, structure_ids=[plans.company.id], now=NOW)
    emailed = db.scalars(
        select(Employee.id)
        .where(Employee.company_id == plans.company.id, Employee.email.is_not(None))
        .order_by(Employee.id)
    ).all()
    audited = db.execute(
        select(AuditEvent.account_id, AuditEvent.action)
        .where(AuditEvent.company_id == plans.company.id, AuditEvent.action.like("Invitation%"))
        .order_by(AuditEvent.id)
    ).all()
    assert len(emailed) == 2
    assert sorted(tuple(row) for row in audited) == sorted(
        (actor.account_id, f"Invitation par e-mail du/de la salarié(e) n° {employee_id}")
        for employee_id in emailed
    )


def test_a_row_registered_meanwhile_is_rejected_at_the_import(db, plans):
    preview = _preview(db, plans, csv_file(_rows(plans, 2)))
    _import(db, plans, preview)  # the same file imported twice: the second finds everybody there
    _actor, again = _import(db, plans, preview)
    assert (again.imported, again.rejected) == (0, 2)
    rejection = db.scalar(
        select(EmployeeImportRow.rejection).where(EmployeeImportRow.import_id == again.import_id)
    )
    assert "contrôlé de nouveau à l'import" in rejection


def test_nothing_valid_is_nothing_to_import(db, plans):
    preview = _preview(db, plans, csv_file(_rows(plans, 1, nir="1")))
    before = _written(db)
    with pytest.raises(OcsoError, match="Aucune ligne valide"):
        _import(db, plans, preview)
    assert _written(db)[0] == before[0]


def test_the_report_lists_every_row_and_only_within_the_scope(db, plans):
    rows = _rows(plans, 2)
    rows[1]["hired_on"] = "hier"
    actor, done = _import(db, plans, _preview(db, plans, csv_file(rows)))
    mass_affiliation.invite_next(db, import_id=done.import_id, structure_ids=[plans.company.id], now=NOW)
    sheet = mass_affiliation.report_sheet(
        db, actor=actor, import_id=done.import_id, structure_ids=[plans.company.id]
    )
    content = b"".join(spreadsheets.chunks(spreadsheets.write(sheet, spreadsheets.XLSX)))
    lines = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert lines[0] == mass_affiliation.REPORT_HEADINGS
    assert lines[1][:5] == ("2", employee_name(0), "Anne", "Importé(e)", "Invitation envoyée par e-mail")
    assert lines[2][3] == "Refusé(e)" and lines[2][5].startswith("Date d'embauche : ")
    other = make_plans(db)
    assert (
        mass_affiliation.report_sheet(
            db, actor=actor, import_id=done.import_id, structure_ids=[other.company.id]
        )
        is None
    )
    assert (
        mass_affiliation.invite_next(db, import_id=done.import_id, structure_ids=[other.company.id], now=NOW)
        is None
    )


def test_the_template_has_the_columns_of_the_pre_affiliation_and_reads_back(db, plans):
    sheet = mass_affiliation.template_sheet()
    for file_format in (spreadsheets.CSV, spreadsheets.XLSX):
        content = b"".join(spreadsheets.chunks(spreadsheets.write(sheet, file_format)))
        with pytest.raises(FileRefused, match="aucun"):
            reading.read_file(content)  # all the columns are recognised, and there is no row yet
    assert [h.split(" (")[0] for h in sheet.headings] == [
        "Civilité",
        "Nom",
        "Prénom",
        "Date de naissance",
        "NIR",
        "E-mail",
        "Adresse",
        "Code postal",
        "Ville",
        "Numéro de contrat",
        "Catégorie de personnel",
        "Date d'embauche",
        "Date de début de couverture",
    ]


def test_a_row_claimed_by_another_sender_is_not_invited_twice_and_an_unfinished_import_is_found(db, plans):
    actor, done = _import(db, plans, _preview(db, plans, csv_file(_rows(plans, 3))))
    scope = [plans.company.id]
    assert (
        mass_affiliation.unfinished_import(db, account_id=actor.account_id, structure_ids=scope)
        == done.import_id
    )
    first_line = select(EmployeeImportRow.id).where(EmployeeImportRow.import_id == done.import_id)
    db.execute(  # another tab's task claimed the first row (and invites it in its own transaction)
        update(EmployeeImportRow)
        .where(EmployeeImportRow.id == db.scalar(first_line.order_by(EmployeeImportRow.line).limit(1)))
        .values(invitation=InvitationChannel.EMAIL)
    )
    invitations = db.scalar(select(func.count()).select_from(AffiliationInvitation))
    reached = mass_affiliation.invite_next(db, import_id=done.import_id, structure_ids=scope, now=NOW)
    assert reached.finished
    assert db.scalar(select(func.count()).select_from(AffiliationInvitation)) == invitations + 2
    assert mass_affiliation.unfinished_import(db, account_id=actor.account_id, structure_ids=scope) is None
