"""Files of an affiliation en masse: rows of employees to hire on a structure's contracts, written as the
template's CSV (any separator and encoding) or as an .xlsx workbook (one sheet, or several, or formulas)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.mass_affiliation_file import COLUMNS
from tests.builders.roster import CATEGORY

HEADINGS = [c.title for c in COLUMNS]


def employee_name(n: int) -> str:
    """The ``n``-th employee's name, in letters only (a name has no digit): IMPORTAAAA, IMPORTAAAB…"""
    letters = ""
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters = chr(ord("A") + digit) + letters
    return f"IMPORT{letters}"


def employee_row(
    n: int, *, contracts: str, email: bool = True, domain: str = "example.org", **changes: str
) -> dict[str, str]:
    """The ``n``-th new employee (unique name and NIR for n < 456,976): a woman born in April 1985 hired on
    1 March 2026, on ``contracts`` (numbers separated by commas). ``changes`` replace cells by field."""
    commune, order = divmod(n, 900)
    nir = nir_with_key(f"2850475{commune + 1:03d}{order + 1:03d}")
    row = {
        "civility": "Mme",
        "last_name": employee_name(n),
        "first_name": "Anne",
        "birth_date": "02/04/1985",
        "nir": nir,
        "email": f"{employee_name(n).lower()}@{domain}" if email else "",
        "address_line": "" if email else f"{n} rue du Port",
        "postal_code": "" if email else "62200",
        "city": "" if email else "Boulogne-sur-Mer",
        "contract": contracts,
        "personnel_category": CATEGORY,
        "hired_on": "01/03/2026",
        "cover_start_on": "",
    }
    return row | changes


def cells(rows: Sequence[dict[str, str]]) -> list[list[str]]:
    """The headings then each row's cells, in the template's order."""
    return [HEADINGS, *[[row[c.field] for c in COLUMNS] for row in rows]]


def csv_file(
    rows: Sequence[dict[str, str]], *, separator: str = ";", encoding: str = "utf-8-sig", headings=None
) -> bytes:
    """The rows as a CSV (fields quoted when needed)."""

    def quoted(value: str) -> str:
        if any(ch in value for ch in (separator, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = cells(rows)
    if headings is not None:
        lines[0] = headings
    return "\r\n".join(separator.join(quoted(v) for v in line) for line in lines).encode(encoding)


def xlsx_file(
    rows: Sequence[dict[str, str]],
    *,
    sheets: int = 1,
    formula_at: str | None = None,
    above: Sequence[Sequence[str]] = (),
) -> bytes:
    """The rows as a workbook; ``sheets`` > 1 adds empty sheets, ``formula_at`` puts a formula in a cell,
    ``above`` are rows (a title, blank ones) above the headings."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Salariés"
    for line in [*above, *cells(rows)]:
        sheet.append(line)
    if formula_at:
        sheet[formula_at] = "=1+1"
    for n in range(1, sheets):
        book.create_sheet(f"Feuille{n + 1}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
