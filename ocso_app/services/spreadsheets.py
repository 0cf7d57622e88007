"""Spreadsheets the portal writes for employers (the export of Mes salarié(e)s, the import's template and
report): CSV as French Excel opens it (UTF-8 with a BOM, ``;`` between cells, dates jj/mm/aaaa) and xlsx
(``openpyxl`` in write-only mode), both written row by row into a spooled file, so a 3,000-employee list
costs a bounded memory and is then streamed.

No cell may run as a formula in a spreadsheet (CSV/formula injection, OWASP), and a text reads as it was
typed. A text that starts with ``= + - @``, a tab or a carriage return (after any spaces) starts like a
formula: in a CSV, whose cells have no type, it is ``neutralise``d with a leading apostrophe; in an xlsx it
is kept as it is in a text cell (``data_type`` "s", never a formula) whose style has ``quotePrefix``, as
Excel itself stores a text typed after an apostrophe, so that it shows « +33 6 12 34 56 78 » (not
« '+33 … ») and keeps it text when the cell is edited. Characters that XML cannot hold are dropped from
both. The import refuses such cells with ``starts_like_formula``.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocso_app.services.formats import format_short_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"
BOM = "\ufeff"
# XML 1.0 cannot hold these (openpyxl refuses them): C0 controls other than tab, newline and return.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SPOOL_BYTES = 1024 * 1024  # in memory below this, then a temporary file
CHUNK_BYTES = 64 * 1024

Value = str | date | None


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (its first character, spaces skipped)."""
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs: a leading apostrophe when it starts like a formula, and
    without the characters XML cannot hold. Every text cell of a CSV goes through this (an xlsx text cell
    through ``_write_xlsx``'s ``text_cell``)."""
    text = _NOT_IN_XML.sub("", text)
    return f"'{text}" if starts_like_formula(text) else text


@dataclass(frozen=True)
class Sheet:
    """What to write: a title (the xlsx sheet's name), the column headings, the rows."""

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Value]]


@dataclass(frozen=True)
class Format:
    """A file format an employer downloads."""

    extension: str
    content_type: str


CSV = Format("csv", "text/csv; charset=utf-8")
XLSX = Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
FORMATS = {f.extension: f for f in (CSV, XLSX)}


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_short_date(value)
    return neutralise(value)


def _write_csv(sheet: Sheet, out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    text.write(BOM)
    writer = csv.writer(text, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in sheet.headings])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    text.flush()
    text.detach()


def _write_xlsx(sheet: Sheet, out: IO[bytes]) -> None:
    book = Workbook(write_only=True)
    page = book.create_sheet(title=sheet.title[:31])
    bold = Font(bold=True)

    def text_cell(value: str) -> Cell:
        """A text as Excel stores one typed after an apostrophe: the text itself (without the characters
        XML cannot hold), typed as text whatever openpyxl would infer, and, when it starts like a formula,
        the style's ``quotePrefix``, so that Excel shows it as typed and keeps it text once edited."""
        text = _NOT_IN_XML.sub("", value)
        cell = WriteOnlyCell(page, value=text)
        cell.data_type = "s"
        if starts_like_formula(text):
            cell.quotePrefix = True
        return cell

    def heading(text: str) -> Cell:
        cell = text_cell(text)
        cell.font = bold
        return cell

    def cell(value: Value) -> Cell | None:
        if isinstance(value, date):
            dated = WriteOnlyCell(page, value=datetime(value.year, value.month, value.day))
            dated.number_format = "DD/MM/YYYY"
            return dated
        if value is None:
            return None
        return text_cell(value)

    # readable when opened: the headings stay in view, each column is wide enough for its heading (and a
    # date), and the headings filter the rows
    page.freeze_panes = "A2"
    for index, text in enumerate(sheet.headings, start=1):
        page.column_dimensions[get_column_letter(index)].width = min(40, max(12, len(text) + 4))
    page.append([heading(h) for h in sheet.headings])
    count = 0
    for row in sheet.rows:
        page.append([cell(value) for value in row])
        count += 1
    page.auto_filter.ref = f"A1:{get_column_letter(max(1, len(sheet.headings)))}{count + 1}"
    book.save(out)


def write(sheet: Sheet, file_format: Format) -> IO[bytes]:
    """``sheet`` written in ``file_format`` into a spooled file, rewound, for ``chunks``."""
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    (_write_xlsx if file_format == XLSX else _write_csv)(sheet, out)
    out.seek(0)
    return out


def chunks(spooled: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes in pieces, then the file closed (a streamed response's body)."""
    try:
        while piece := spooled.read(CHUNK_BYTES):
            yield piece
    finally:
        spooled.close()
