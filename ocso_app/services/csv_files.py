"""The CSV files OCSO's staff import (décomptes, indemnités journalières, bordereaux de cotisations): the
checks of the file itself, and a reader of one line's values that collects every reason it is wrong.

Every such file is CSV, UTF-8 (with or without the BOM Excel writes), ``;``-separated, its first line naming
the columns (any order, accents and case ignored), one line per record: a quote left open, which would read
the lines after it into one value, refuses the file naming its line. A :class:`Layout` names a file's columns
and limits; the modules of each file (``statement_csv``, ``allowance_csv``, ``contribution_csv``) read its
lines into typed values. Nothing here knows the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple, TypeVar

from sqlalchemy.exc import IntegrityError

from ocso_app.models.search import fold
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count
from ocso_app.services.ids import parse_whole
from ocso_app.services.unique_numbers import unique_refused

SEPARATOR = ";"
_NOT_IN_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e\x0f\x7f]")  # control characters no CSV export writes

# file-level refusals: nothing is read further, nothing written
EMPTY = "Le fichier est vide."
TOO_LARGE = "Le fichier dépasse {megabytes} Mo : découpez-le en plusieurs fichiers."
TOO_MANY_LINES = "Le fichier compte plus de {lines} lignes : découpez-le."
NOT_TEXT = "Ce fichier n'est pas un fichier CSV (texte) : exportez-le au format CSV."
BAD_ENCODING = (
    "Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 (délimité par des "
    "points-virgules) »."
)
BAD_SEPARATOR = "Les colonnes doivent être séparées par des points-virgules (;), pas par « {found} »."
MISSING_COLUMNS = "Colonnes manquantes dans la première ligne : {columns}."
DUPLICATE_COLUMNS = "Colonnes en double dans la première ligne : {columns}."
UNKNOWN_COLUMNS = "Colonnes inconnues dans la première ligne : {columns}."
OPEN_QUOTE = (
    'Ligne {line} : un guillemet (") ouvre une valeur qui ne se referme pas sur la ligne, et les lignes '
    "suivantes y seraient lues : refermez-le ou retirez-le."
)

# line-level reasons
WRONG_FIELD_COUNT = "{found} valeurs au lieu de {expected} : vérifiez les points-virgules de la ligne"
BAD_DATE = "{field} « {value} » invalide (JJ/MM/AAAA)"
FUTURE_DATE = "{field} {value} dans le futur"
BAD_AMOUNT = "{field} « {value} » n'est pas un montant (par exemple 16,18)"
NEGATIVE_AMOUNT = "{field} négatif"
TOO_PRECISE = "{field} « {value} » a plus de deux décimales"

CENT = Decimal("0.01")
Entry = TypeVar("Entry")
_AMOUNT = re.compile(r"-?\d{1,9}(?:[.,]\d+)?")


class FileRefused(OcsoError):
    """The whole file is refused (encoding, separator, columns…): nothing of it was written."""


IMPORTED_MEANWHILE = (
    "Ce fichier vient d'être importé par ailleurs : un autre import enregistrait les mêmes {what} au même "
    "moment, rien n'a été importé ici{part}. Vérifiez de nouveau le fichier : ce qui est déjà enregistré "
    "ne sera pas importé deux fois."
)


@contextmanager
def imported_meanwhile(what: str, part: str = "") -> Iterator[None]:
    """Another import of the same file writing the same numbers between this import's check and its write:
    the database's unique constraint refuses the second, told in French (``OcsoError``) and its transaction
    rolled back by the caller; any other refusal of the database is raised as it is."""
    try:
        yield
    except IntegrityError as error:
        if not unique_refused(error):
            raise
        raise OcsoError(IMPORTED_MEANWHILE.format(what=what, part=part)) from error


@dataclass(frozen=True)
class Layout:
    """A file's columns (key in the header → what the documentation calls it), the French name of each
    column in the reasons of a wrong line, and the file's limits."""

    required: dict[str, str]
    optional: dict[str, str]
    field_names: dict[str, str]
    max_bytes: int
    max_lines: int

    @property
    def columns(self) -> list[str]:
        return [*self.required, *self.optional]

    @property
    def too_large(self) -> str:
        return TOO_LARGE.format(megabytes=self.max_bytes // (1024 * 1024))

    @property
    def too_many_lines(self) -> str:
        return TOO_MANY_LINES.format(lines=format_count(self.max_lines))


def header_name(raw: str) -> str:
    """A column name as typed (« Numéro adhérent », « date-soins ») → its canonical key."""
    return re.sub(r"[^a-z0-9]+", "_", fold(raw)).strip("_").replace("numero_d_adherent", "numero_adherent")


def parse_date(raw: str) -> date | None:
    """``JJ/MM/AAAA`` (or ``AAAA-MM-JJ``) → a date; ``None`` when it is no date."""
    try:
        if len(raw) == 10 and raw[2] == "/" and raw[5] == "/":
            return date(int(raw[6:]), int(raw[3:5]), int(raw[:2]))
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            return date.fromisoformat(raw)
    except ValueError:
        return None
    return None


def whole(raw: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, or ``None`` (``ids.parse_whole``: « 2² » or 5 000 digits
    raised in ``int`` and failed the whole preview)."""
    return parse_whole(raw, low=low, high=high)


def french_amount(amount: Decimal) -> str:
    """``16,18``: an amount as a reason quotes it."""
    return f"{amount:.2f}".replace(".", ",")


@dataclass
class FieldReader:
    """Reads the values of one line, collecting the reasons it is wrong instead of stopping at the first."""

    columns: dict[str, int]
    today: date
    field_names: dict[str, str]
    dates: dict[str, date | None] = field(default_factory=dict)  # the same dates come back line after line

    def value(self, row: list[str], name: str) -> str:
        index = self.columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    def day(self, raw: str, name: str, reasons: list[str]) -> date | None:
        """A date, not in the future."""
        if raw not in self.dates:
            self.dates[raw] = parse_date(raw)
        day = self.dates[raw]
        name = self.field_names[name]
        if day is None:
            reasons.append(BAD_DATE.format(field=name, value=raw[:20]))
        elif day > self.today:
            reasons.append(FUTURE_DATE.format(field=name, value=raw))
            return None
        return day

    def amount(self, raw: str, name: str, reasons: list[str]) -> Decimal | None:
        """An amount in euros, not negative, two decimals at most."""
        name = self.field_names[name]
        if not _AMOUNT.fullmatch(raw):
            reasons.append(BAD_AMOUNT.format(field=name, value=raw[:20]))
            return None
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            reasons.append(BAD_AMOUNT.format(field=name, value=raw[:20]))
            return None
        if value < 0:
            reasons.append(NEGATIVE_AMOUNT.format(field=name))
            return None
        if value != value.quantize(CENT):
            reasons.append(TOO_PRECISE.format(field=name, value=raw))
            return None
        return value.quantize(CENT)


class Row(NamedTuple):
    """One non-empty line after the header: its number as a spreadsheet shows it (the header is line 1),
    its cells, and ``problem`` when it has not as many values as the header has columns."""

    number: int
    cells: list[str]
    problem: str


def _text(content: bytes, layout: Layout) -> str:
    if not content.strip():
        raise FileRefused(EMPTY)
    if len(content) > layout.max_bytes:
        raise FileRefused(layout.too_large)
    # the whole file, not its head: a NUL on a line past it reached a cell, and PostgreSQL refused the import
    if b"\x00" in content:
        raise FileRefused(NOT_TEXT)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(BAD_ENCODING) from error
    if _NOT_IN_TEXT.search(text):
        raise FileRefused(NOT_TEXT)
    return text


def _columns(header: list[str], layout: Layout) -> dict[str, int]:
    if len(header) == 1:
        found = next((sep for sep in (",", "\t", "|") if sep in header[0]), None)
        if found is not None:
            raise FileRefused(BAD_SEPARATOR.format(found="tabulation" if found == "\t" else found))
    names = [header_name(cell) for cell in header]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        raise FileRefused(DUPLICATE_COLUMNS.format(columns=", ".join(duplicates)))
    missing = [name for name in layout.required if name not in names]
    if missing:
        raise FileRefused(MISSING_COLUMNS.format(columns=", ".join(missing)))
    known = layout.required | layout.optional
    unknown = [cell.strip() for cell, n in zip(header, names, strict=True) if n and n not in known]
    if unknown:
        raise FileRefused(UNKNOWN_COLUMNS.format(columns=", ".join(unknown[:5])))
    return {name: i for i, name in enumerate(names) if name}


def open_file(content: bytes, layout: Layout, *, today: date) -> tuple[FieldReader, Iterator[Row]]:
    """The reader of the file's columns and its lines. Raises :class:`FileRefused` before anything is read
    when the file itself is wrong; reading the lines raises it for a line CSV cannot parse."""
    text = _text(content, layout)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)
    try:
        header = next(rows)
    except StopIteration as error:
        raise FileRefused(EMPTY) from error
    except csv.Error as error:
        raise FileRefused(NOT_TEXT) from error
    columns = _columns(header, layout)
    # lines end with \r\n, \n, or a bare \r (Excel for Mac's « CSV (Macintosh) »): count the more frequent
    if max(text.count("\n"), text.count("\r")) > layout.max_lines + 1:
        raise FileRefused(layout.too_many_lines)
    return FieldReader(columns, today, layout.field_names), _rows(rows, len(header))


def _rows(rows: Iterator[list[str]], width: int) -> Iterator[Row]:
    last = rows.line_num  # type: ignore[attr-defined]  # csv.reader's counter
    try:
        for cells in rows:
            first, last = last + 1, rows.line_num  # type: ignore[attr-defined]
            if last > first:  # a quoted value ran over its line's end: what followed it was read into it
                raise FileRefused(OPEN_QUOTE.format(line=first))
            if not any(cell.strip() for cell in cells):
                continue
            problem = (
                WRONG_FIELD_COUNT.format(found=len(cells), expected=width) if len(cells) != width else ""
            )
            yield Row(last, cells, problem)
    except csv.Error as error:  # a value over csv's size limit: a quote left open in a long file
        raise FileRefused(OPEN_QUOTE.format(line=last + 1)) from error


@dataclass(frozen=True)
class BadLine:
    """A line that cannot be read, with every reason found (French, for the preview); ``key`` is what
    groups the file's lines (an arrêt's reference, a bordereau's number), as typed."""

    line_number: int
    key: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class LineProblem:
    """Why a line of the file is set aside, for the preview's table: its line, its key (an arrêt's
    reference, a bordereau's number) and the reasons in French."""

    line: int
    reference: str
    message: str


def read_typed(
    content: bytes,
    layout: Layout,
    *,
    today: date,
    key_column: str,
    read_line: Callable[[FieldReader, list[str], int], Entry | BadLine],
) -> Iterator[Entry | BadLine]:
    """Every line of the file (line numbers as a spreadsheet shows them, the header being line 1), typed by
    ``read_line`` or with its reasons. Raises :class:`FileRefused` before yielding anything when the file
    itself is wrong."""
    reader, rows = open_file(content, layout, today=today)
    return _typed(reader, rows, key_column, read_line)


def _typed(
    reader: FieldReader,
    rows: Iterator[Row],
    key_column: str,
    read_line: Callable[[FieldReader, list[str], int], Entry | BadLine],
) -> Iterator[Entry | BadLine]:
    for row in rows:
        if row.problem:
            yield BadLine(row.number, reader.value(row.cells, key_column).upper()[:20], (row.problem,))
            continue
        yield read_line(reader, row.cells, row.number)
