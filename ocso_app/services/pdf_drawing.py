"""The look every PDF of the portal shares, drawn with reportlab: the navy OCSO title, the paragraph styles,
a two-column table of labelled facts, and the A4 document built from a story (a list of flowables).

The décomptes de prestations (``statement_pdf``) and the décomptes d'indemnités journalières
(``allowance_pdf``) are made of these pieces.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

Styles = dict[str, ParagraphStyle]
NAVY = colors.HexColor("#14284b")
RULE = colors.HexColor("#c9d6ea")
HIGHLIGHT = colors.HexColor("#e8f1fb")


def paragraph_styles() -> Styles:
    """``title`` (navy, left), ``normal`` and ``cell`` (table cells)."""
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], textColor=NAVY, fontSize=16, alignment=0),
        "normal": ParagraphStyle("normal", parent=base["Normal"], fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=8, leading=10),
    }


def facts_table(
    rows: Sequence[Sequence[str]],
    *,
    widths: tuple[float, float] = (80 * mm, 40 * mm),
    bold_last: bool = False,
    align: str = "RIGHT",
) -> Table:
    """Labels on the left, values in bold in the right column (aligned right, as amounts, unless ``align``
    says ``LEFT``); ``bold_last`` highlights the last row (a total)."""
    table = Table([list(row) for row in rows], colWidths=list(widths), hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 10),
        ("FONT", (1, 0), (1, -1), "Helvetica-Bold", 10),
        ("ALIGN", (1, 0), (1, -1), align),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if bold_last:
        commands += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 10),
            ("BACKGROUND", (0, -1), (-1, -1), HIGHLIGHT),
        ]
    table.setStyle(TableStyle(commands))
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
    )
    doc.build(story)
    return buffer.getvalue()
