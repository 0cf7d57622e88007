"""The look every PDF of the portal shares, drawn with reportlab: the brand colours, the navy OCSO title, the
paragraph styles, a two-column table of labelled facts, the navy-headed grid of a list, and the A4 document
built from a story (a list of flowables).

The décomptes de prestations (``statement_pdf``), the décomptes d'indemnités journalières
(``allowance_pdf``) and the attestations d'adhésion (``attestation_pdf``) are made of these pieces; the
carte de tiers payant (``tiers_payant``) takes its colours and, drawn on a canvas, wraps its values with
``fitted_lines``. The letters OCSO posts (a new code de
sécurité, a temporary password) open with ``letter_head``.

Every PDF writes in :data:`FONT` and :data:`FONT_BOLD`, DejaVu Sans embedded from ``fonts/`` (reportlab
keeps only the glyphs a document uses): reportlab's built-in Helvetica speaks Windows-1252 only, so a name
the forms accept, « Nguyễn Thị Hương », « Łukasz Wiśniewski », printed black squares or wrong letters.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ocso_app.services.formats import format_long_date

Styles = dict[str, ParagraphStyle]
NAVY = colors.HexColor("#14284b")
ORANGE = colors.HexColor("#e8552b")
MUTED = colors.HexColor("#4a5568")
RULE = colors.HexColor("#c9d6ea")
OCSO_ADDRESS = "30 avenue Ariane – BP 50255 – 33698 Mérignac cedex"
HIGHLIGHT = colors.HexColor("#e8f1fb")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


def _register_fonts() -> None:
    """Registers :data:`FONT` and :data:`FONT_BOLD` once, and makes them one family so that ``<b>`` in a
    ``Paragraph`` turns bold (no oblique is shipped: ``<i>`` stays upright)."""
    fonts = resources.files("ocso_app.services").joinpath("fonts")
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(fonts.joinpath(file)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


_register_fonts()


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table's ``commands`` over :data:`FONT` in every cell: a cell holding a string, even an empty one,
    is otherwise drawn in reportlab's Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def fitted(text: str, *, font: str, size: float, width: float) -> str:
    """``text`` as drawn at a fixed place of a canvas (which wraps nothing), cut with « … » where it would
    run past ``width`` in ``font`` at ``size``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text.rstrip() + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


_SPACES = re.compile(r"[ \t\r\n]+")
_UNITS = ("€", "%")


def _word_parts(word: str, fits: Callable[[str], bool]) -> list[str]:
    """``word`` in the pieces a line may end after: each of its hyphens, and for a piece wider than a whole
    line on its own, between two of its letters (a long number or e-mail address is split, never lost)."""
    parts: list[str] = []
    for part in re.findall(r"[^-]*-|[^-]+", word):
        while not fits(part):
            cut = next(end for end in range(len(part) - 1, 0, -1) if fits(part[:end]) or end == 1)
            parts.append(part[:cut])
            part = part[cut:]
        parts.append(part)
    return parts


def _fits(font: str, size: float, width: float) -> Callable[[str], bool]:
    return lambda text: pdfmetrics.stringWidth(text, font, size) <= width


def _words(text: str) -> list[str]:
    """The words a line may end between: split at ordinary spaces only (a no-break space, as in « 1 000 »,
    holds its number together), a unit (« € », « €/an », « % ») kept with the number before it."""
    words: list[str] = []
    for word in _SPACES.split(text.strip()):
        if words and word[:1] in _UNITS:
            words[-1] += "\u00a0" + word
        elif word:
            words.append(word)
    return words


def _wrap(text: str, fits: Callable[[str], bool]) -> list[tuple[str, bool]]:
    """Each line of ``text`` filled as far as it ``fits`` (a blank text: one empty line), and whether the
    next one carries on the same word (the line ends on a hyphen or inside the word) rather than after a
    space."""
    lines: list[tuple[str, bool]] = []
    line = ""
    for word in _words(text):
        for index, part in enumerate(_word_parts(word, fits)):
            glued = index > 0
            candidate = f"{line}{'' if glued or not line else ' '}{part}"
            if not line or fits(candidate):
                line = candidate
            else:
                lines.append((line, glued))
                line = part
    if line or not lines:  # a blank text is one empty line, drawn as nothing
        lines.append((line, False))
    return lines


def wrapped_lines(text: str, *, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` in ``font`` at ``size``, for a canvas (which wraps nothing):
    broken between words, a word too long for the rest of a line after one of its hyphens, and one wider
    than a whole line between two letters. Nothing of the text is left out."""
    return [line for line, _ in _wrap(text, _fits(font, size, width))]


def fitted_lines(
    text: str, *, font: str, size: float, width: float, max_lines: int = 2, min_size: float = 6.5
) -> tuple[list[str], float]:
    """``text`` on at most ``max_lines`` lines no wider than ``width`` (see ``wrapped_lines``), and the size
    to draw them in: ``size`` if it takes no more lines, else the largest smaller one by half points, down
    to ``min_size``, at which it does. Only past ``min_size`` is its last line cut, with a « … » that shows
    the cut (``fitted``)."""
    current = size
    while True:
        lines = _wrap(text, _fits(font, current, width))
        if len(lines) <= max_lines or current - 0.5 < min_size:
            break
        current -= 0.5
    shown = [line for line, _ in lines[:max_lines]]
    if len(lines) > max_lines:
        rest = "".join(line + ("" if glued else " ") for line, glued in lines[max_lines - 1 :])
        shown[-1] = fitted(rest.strip(), font=font, size=current, width=width)
    return shown, current


def plain(text: str) -> str:
    """A value typed by someone (a name, an address, the practitioner an import file names, a contract's
    label) as text inside a ``Paragraph``, whose string reportlab reads as markup: ``&``, ``<`` and ``>``
    escaped. Unescaped, « A&B CONSEIL » printed « A&B; CONSEIL », « Dr <Martin> » lost what followed
    « Dr », and « Bât. A<B » failed the whole PDF. A ``Table`` cell holding a plain string needs none."""
    return escape(text)


def paragraph_styles() -> Styles:
    """``title`` (navy, left), ``heading`` (navy, a section's), ``normal``, ``cell`` (table cells) and
    ``muted`` (grey notes)."""
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName=FONT_BOLD, textColor=NAVY, fontSize=16, alignment=0
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base["Heading2"],
            fontName=FONT_BOLD,
            textColor=NAVY,
            fontSize=11,
            spaceBefore=4,
            spaceAfter=3,
        ),
        "normal": ParagraphStyle("normal", parent=base["Normal"], fontName=FONT, fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontName=FONT, fontSize=8, leading=10),
        "muted": ParagraphStyle(
            "muted", parent=base["Normal"], fontName=FONT, fontSize=8, leading=10, textColor=MUTED
        ),
    }


def _wrapped(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """``text`` as a table cell ``width`` wide: itself when it fits on one line (with the cell's 6 pt
    paddings) or is one word (a Paragraph would break it anywhere: « Prévoyanc / e »), else a
    ``Paragraph`` in ``style`` that wraps between words."""
    if " " not in text.strip() or pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - 12:
        return text
    return Paragraph(plain(text), style)


def facts_table(
    rows: Sequence[Sequence[str]],
    *,
    widths: tuple[float, float] = (80 * mm, 40 * mm),
    bold_last: bool = False,
    align: str = "RIGHT",
) -> Table:
    """Labels on the left, values in bold in the right column (aligned right, as amounts, unless ``align``
    says ``LEFT``); ``bold_last`` highlights the last row (a total). A label or value wider than its
    column wraps within it (a table cell holding a string runs over its neighbour or off the page)."""
    label = ParagraphStyle("fact_label", fontName=FONT, fontSize=10, leading=12)
    total = ParagraphStyle("fact_total", parent=label, fontName=FONT_BOLD)
    value = ParagraphStyle("fact_value", parent=total, alignment=TA_RIGHT if align == "RIGHT" else TA_LEFT)
    cells = [
        [
            _wrapped(row[0], total if bold_last and index == len(rows) - 1 else label, widths[0]),
            _wrapped(row[1], value, widths[1]),
        ]
        for index, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=list(widths), hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("FONT", (1, 0), (1, -1), FONT_BOLD, 10),
        ("ALIGN", (1, 0), (1, -1), align),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if bold_last:
        commands += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, 10),
            ("BACKGROUND", (0, -1), (-1, -1), HIGHLIGHT),
        ]
    table.setStyle(table_style(commands))
    return table


def grid_table(
    rows: Sequence[Sequence[Any]],
    *,
    col_widths: Sequence[float],
    font_size: float = 8,
    total_row: bool = False,
    right_from: int | None = None,
) -> Table:
    """A list: ``rows`` under a navy header row (repeated on each page), in a light grid, each title and
    each value too wide for its column wrapped within it; ``total_row`` sets the last row in bold on the
    highlight, ``right_from`` right-aligns the columns from that index on (amounts)."""
    header = ParagraphStyle(
        "header", fontName=FONT_BOLD, fontSize=font_size, leading=font_size * 1.2, textColor=colors.white
    )
    cell = ParagraphStyle("grid_cell", fontName=FONT, fontSize=font_size, leading=font_size * 1.2)
    bold = ParagraphStyle("grid_total", parent=cell, fontName=FONT_BOLD)

    def aligned(style: ParagraphStyle, column: int) -> ParagraphStyle:
        if right_from is None or column < right_from:
            return style
        return ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)

    titles = [
        Paragraph(plain(title), aligned(header, index)) if isinstance(title, str) else title
        for index, title in enumerate(rows[0])
    ]
    body = [
        [
            _wrapped(value, aligned(bold if total_row and index == len(rows) - 1 else cell, column), width)
            if isinstance(value, str)
            else value
            for column, (value, width) in enumerate(zip(row, col_widths, strict=True))
        ]
        for index, row in enumerate(rows)
        if index
    ]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, font_size),
        ("FONT", (0, 1), (-1, -1), FONT, font_size),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if total_row:
        commands += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, font_size),
            ("BACKGROUND", (0, -1), (-1, -1), HIGHLIGHT),
        ]
    if right_from is not None:
        commands.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    table = Table([titles, *body], colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(commands))
    return table


def render_pdf(story: list[Flowable], *, title: str, pagesize: tuple[float, float] = A4) -> bytes:
    """The story as one PDF (12 mm margins), its metadata naming OCSO and ``title``."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        author="OCSO",
        initialFontName=FONT,
    )
    doc.build(story)
    return buffer.getvalue()


def window_address(address: Flowable) -> Table:
    """A letter's address where a window envelope shows it (the right half of the page)."""
    table = Table([["", address]], colWidths=[100 * mm, 80 * mm], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


@dataclass(frozen=True)
class Letter:
    """A drawn letter to post, and the file name it downloads as."""

    pdf: bytes
    filename: str


def letter_head(recipient: Sequence[str], day: date, s: Styles) -> list[Flowable]:
    """The top of a letter OCSO posts: its name and address, the recipient's lines where a window envelope
    shows them, and the date."""
    address = "<br/>".join(escape(line) for line in recipient)
    return [
        Paragraph("OCSO", s["title"]),
        Paragraph(OCSO_ADDRESS, s["muted"]),
        Spacer(1, 10 * mm),
        window_address(Paragraph(address, s["normal"])),
        Spacer(1, 8 * mm),
        Paragraph(f"Le {format_long_date(day)}", s["normal"]),
        Spacer(1, 6 * mm),
    ]
