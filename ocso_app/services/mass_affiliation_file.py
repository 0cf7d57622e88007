"""Reading the file of an affiliation en masse (guide 003): a CSV or an Excel workbook (.xlsx), into a table
of text cells under the template's columns; or a refusal with a clear French message, before anything else
happens (the import then writes nothing).

- The size is checked first (``MAX_BYTES``: 10 MB of garbage is refused without being read), then the kind
  by its first bytes: a zip is a workbook, an old .xls, a PDF or an image is refused, anything else is text.
- A CSV's encoding is found (UTF-8 with or without BOM, UTF-16 with BOM as Excel's « Texte Unicode », else
  Windows-1252); a text with NUL or control bytes is no CSV. Its separator (``;``, ``,`` or a tab) is the
  one that makes the first line the template's headings.
- A workbook is checked as a zip before ``openpyxl`` opens it (entries and their declared sizes bounded: no
  zip bomb), then read in ``read_only`` mode: one sheet only, no formula, at most ``MAX_ROWS`` rows, read
  from its first ``MAX_SHEET_LINES`` lines only (the rows of mere formatting below are never read).
- The headings are the first row not blank (blank rows above are skipped); they are matched without case,
  accents or a parenthesised hint; a missing column is named. A workbook whose first row is no headings (a
  title above them) is told where they were expected and what was found there.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl import load_workbook

from ocso_app.models.search import fold
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count, format_short_date

MAX_BYTES = 3 * 1024 * 1024
MAX_ROWS = 10_000
# A sheet is read down to this line at most (and one more, to tell a row too many): its employees, their
# headings and a few blank rows. Below, Excel may keep a million rows of nothing but formatting (a colour or
# a border laid on whole rows, or a <dimension> claiming them), which openpyxl would otherwise all read.
MAX_SHEET_LINES = MAX_ROWS + 1_000
MAX_COLUMNS = 40
MAX_CELL = 300
MAX_ZIP_ENTRIES = 200
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # a workbook of 10,000 rows unzips to a few MB

TOO_LARGE = (
    f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : importez vos salarié(e)s en plusieurs fichiers."
)
EMPTY = "Le fichier est vide."
OLD_EXCEL = (
    "Les classeurs Excel 97-2003 (.xls) ne sont pas acceptés : enregistrez le fichier au format "
    "« Classeur Excel (.xlsx) » ou « CSV UTF-8 (délimité par des virgules) »."
)
NOT_A_TABLE = (
    "Ce fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx) : utilisez le modèle à télécharger."
)
BAD_ENCODING = (
    "Le fichier n'est pas un texte lisible (encodage inconnu) : dans Excel, choisissez « Enregistrer sous » "
    "puis « CSV UTF-8 (délimité par des virgules) »."
)
BAD_SEPARATOR = (
    "Les colonnes du fichier ne sont pas reconnues : la première ligne doit porter les intitulés du modèle, "
    "séparés par des points-virgules (;), des virgules (,) ou des tabulations."
)
NO_HEADINGS = (
    "Les intitulés du modèle (« Civilité », « Nom », « Prénom »…) sont attendus sur la première ligne "
    "remplie de la feuille, la ligne {line}, qui porte {found} : supprimez les lignes au-dessus des "
    "intitulés, ou utilisez le modèle à télécharger."
)
MISSING_COLUMNS = "Colonne(s) manquante(s) : {columns}. Utilisez le modèle à télécharger."
DOUBLE_COLUMN = "La colonne « {column} » figure deux fois : ne la gardez qu'une fois."
NO_ROWS = "Le fichier ne contient aucun(e) salarié(e) sous la ligne des intitulés."
TOO_MANY_ROWS = (
    f"Le fichier compte plus de {format_count(MAX_ROWS)} salarié(e)s : importez-les en plusieurs fichiers."
)
TOO_LONG_SHEET = (
    f"La feuille a une ligne remplie au-delà de la ligne {format_count(MAX_SHEET_LINES)} : gardez vos "
    "salarié(e)s en haut de la feuille, sans lignes vides entre eux, ou importez-les en plusieurs fichiers."
)
TOO_MANY_COLUMNS = f"Le fichier compte plus de {MAX_COLUMNS} colonnes : utilisez le modèle à télécharger."
BROKEN_CSV = (
    "Le fichier CSV est mal formé à la ligne {line} (guillemets non refermés ou cellule trop longue) : "
    "vérifiez-la."
)
BROKEN_WORKBOOK = "Le classeur Excel est illisible ou endommagé : enregistrez-le de nouveau au format .xlsx."
TOO_BIG_WORKBOOK = (
    "Le classeur Excel est trop volumineux une fois décompressé : importez-le en plusieurs fichiers."
)
SEVERAL_SHEETS = (
    "Le classeur contient plusieurs feuilles ({names}) : gardez la seule feuille des salarié(e)s "
    "(les feuilles masquées comptent aussi)."
)
FORMULAS = (
    "Le classeur contient des formules (cellule {cell}) : copiez les cellules puis collez-les en valeurs "
    "seules (« Collage spécial » > « Valeurs »), enregistrez et réessayez."
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and other OLE2 documents)
_BINARY = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"MZ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HINT = re.compile(r"\(.*?\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
SEPARATORS = (";", ",", "\t")


class FileRefused(OcsoError):
    """The whole file is refused (its message says why, in French): nothing is read further, nor written."""


@dataclass(frozen=True)
class Column:
    """A column of the template: the field it fills, its heading, a hint, other headings accepted."""

    field: str
    heading: str
    hint: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The heading as the template writes it, hint included."""
        return f"{self.heading} ({self.hint})" if self.hint else self.heading


COLUMNS = (
    Column("civility", "Civilité", "M. ou Mme"),
    Column("last_name", "Nom"),
    Column("first_name", "Prénom"),
    Column("birth_date", "Date de naissance", "jj/mm/aaaa"),
    Column("nir", "NIR", "15 caractères", ("numéro de sécurité sociale", "n° de sécurité sociale")),
    Column("email", "E-mail", "vide : courrier d'invitation", ("email", "adresse e-mail", "courriel")),
    Column("address_line", "Adresse", "", ("adresse postale",)),
    Column("postal_code", "Code postal"),
    Column("city", "Ville", "", ("commune",)),
    Column(
        "contract", "Numéro de contrat", "plusieurs : séparés par une virgule", ("n° de contrat", "contrat")
    ),
    Column("personnel_category", "Catégorie de personnel", "", ("catégorie",)),
    Column("hired_on", "Date d'embauche", "jj/mm/aaaa"),
    Column("cover_start_on", "Date de début de couverture", "jj/mm/aaaa, vide : date d'embauche"),
)
BY_FIELD = {c.field: c for c in COLUMNS}


def heading_key(text: str) -> str:
    """A heading as compared: folded, its parenthesised hint and punctuation removed."""
    return " ".join(_NOT_WORD.sub(" ", fold(_HINT.sub(" ", text))).split())


_KEYS = {heading_key(name): c.field for c in COLUMNS for name in (c.heading, *c.aliases)}


@dataclass(frozen=True)
class Table:
    """A file's rows under the template's fields: each row with its line number in the file (the headings
    are line 1) and its cells as text, by field."""

    rows: tuple[tuple[int, dict[str, str]], ...]


def _cell_text(value: object) -> str:
    """A workbook's cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, datetime):
        return format_short_date(value.date())
    if isinstance(value, date):
        return format_short_date(value)
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def _columns(headings: list[str], unrecognised: str) -> dict[int, str]:
    """Position → field of the recognised headings; refused when one is missing or doubled, with
    ``unrecognised`` when none is a heading of the template."""
    found: dict[int, str] = {}
    for position, heading in enumerate(headings):
        field = _KEYS.get(heading_key(heading))
        if field is None:
            continue
        if field in found.values():
            raise FileRefused(DOUBLE_COLUMN.format(column=BY_FIELD[field].heading))
        found[position] = field
    missing = [c.heading for c in COLUMNS if c.field not in found.values()]
    if missing and not found:
        raise FileRefused(unrecognised)
    if missing:
        raise FileRefused(MISSING_COLUMNS.format(columns=", ".join(f"« {m} »" for m in missing)))
    return found


def _blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _found(cells: list[str]) -> str:
    """A row's first few cells, as a refusal quotes them."""
    shown = [f"« {' '.join(cell.split())[:40]} »" for cell in cells if cell.strip()][:3]
    return ", ".join(shown) + (" …" if len([c for c in cells if c.strip()]) > 3 else "")


def _table(lines: Iterable[list[str]], *, workbook: bool = False) -> Table:
    """The rows under the headings (the first row not blank: blank rows above it are skipped), blank rows
    skipped, at most ``MAX_ROWS``; each row keeps its line number in the file. A workbook's rows come from
    its first ``MAX_SHEET_LINES`` lines and one more (``_read_xlsx``): a row past those is one too many."""
    numbered = enumerate(lines, start=1)
    first = next(((line, cells) for line, cells in numbered if not _blank(cells)), None)
    if first is None:
        raise FileRefused(EMPTY)
    heading_line, headings = first
    if len(headings) > MAX_COLUMNS:
        raise FileRefused(TOO_MANY_COLUMNS)
    unrecognised = (
        NO_HEADINGS.format(line=heading_line, found=_found(headings)) if workbook else BAD_SEPARATOR
    )
    columns = _columns(headings, unrecognised)
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in numbered:
        if _blank(cells):
            continue
        if workbook and line > MAX_SHEET_LINES:
            raise FileRefused(TOO_LONG_SHEET)
        if len(rows) == MAX_ROWS:
            raise FileRefused(TOO_MANY_ROWS)
        rows.append((line, {field: (cells[p] if p < len(cells) else "") for p, field in columns.items()}))
    if not rows:
        raise FileRefused(NO_ROWS)
    return Table(tuple(rows))


def _decoded(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            break  # NUL and control bytes: binary data, whatever it decodes as
        return text
    raise FileRefused(BAD_ENCODING)


def _separator(first_line: str) -> str:
    """The separator that makes the most template headings of the first line."""

    def recognised(separator: str) -> int:
        cells = next(csv.reader([first_line], delimiter=separator), [])
        return sum(heading_key(cell) in _KEYS for cell in cells)

    return max(SEPARATORS, key=recognised)


def _csv_lines(text: str) -> Iterator[list[str]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line), strict=True)
    last = 0  # the last line of the row read before: a quote left open fails at the end of the file
    try:
        for cells in reader:
            last = reader.line_num
            yield cells
    except csv.Error as error:
        raise FileRefused(BROKEN_CSV.format(line=last + 1)) from error


def _read_csv(content: bytes) -> Table:
    text = _decoded(content).lstrip("\ufeff")
    if not text.strip():
        raise FileRefused(EMPTY)
    return _table(_csv_lines(text))


def _check_zip(content: bytes) -> None:
    """A workbook's zip, checked before ``openpyxl`` opens it: a few entries whose declared sizes (which
    ``zipfile`` holds them to when reading) stay small once decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused(BROKEN_WORKBOOK) from error
    if "xl/workbook.xml" not in names:
        raise FileRefused(NOT_A_TABLE)
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise FileRefused(TOO_BIG_WORKBOOK)


def _sheet_lines(sheet: object) -> Iterator[list[str]]:
    rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_SHEET_LINES + 1)  # type: ignore[attr-defined]
    for row in rows:
        cells = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise FileRefused(FORMULAS.format(cell=getattr(cell, "coordinate", "?")))
            cells.append(_cell_text(getattr(cell, "value", None)))
        yield cells


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken workbook
        raise FileRefused(BROKEN_WORKBOOK) from error
    try:
        if len(book.sheetnames) != 1:
            raise FileRefused(SEVERAL_SHEETS.format(names=", ".join(f"« {n} »" for n in book.sheetnames)))
        return _table(_trimmed(_sheet_lines(book.worksheets[0])), workbook=True)
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(BROKEN_WORKBOOK) from error
    finally:
        book.close()


def _trimmed(lines: Iterator[list[str]]) -> Iterator[list[str]]:
    """A sheet's rows without the empty cells Excel keeps at their end."""
    for cells in lines:
        while cells and not cells[-1]:
            cells.pop()
        yield cells


def read_file(content: bytes) -> Table:
    """The table of an uploaded file, or ``FileRefused`` with a French message (see the module's docstring).
    The caller passes at most ``MAX_BYTES + 1`` bytes: more is refused before anything is parsed."""
    if len(content) > MAX_BYTES:
        raise FileRefused(TOO_LARGE)
    if not content.strip():
        raise FileRefused(EMPTY)
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(_OLE):
        raise FileRefused(OLD_EXCEL)
    if content.startswith(_BINARY):
        raise FileRefused(NOT_A_TABLE)
    return _read_csv(content)
