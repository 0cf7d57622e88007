"""The house style of the portal's PDFs (décomptes, carte de tiers payant, attestations d'adhésion): the brand
colours, the paragraph styles, the navy-headed grid table, and an A4 document drawn from flowables."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

NAVY = colors.HexColor("#14284b")
ORANGE = colors.HexColor("#e8552b")
MUTED = colors.HexColor("#4a5568")
RULE = colors.HexColor("#c9d6ea")
SKY = colors.HexColor("#e8f1fb")
MARGIN = 12 * mm

Styles = dict[str, ParagraphStyle]


def paragraph_styles() -> Styles:
    """``title`` (navy, 16 pt), ``heading`` (navy, 11 pt), ``normal`` (9 pt), ``cell`` (8 pt, in tables)
    and ``muted`` (8 pt, grey notes)."""
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], textColor=NAVY, fontSize=16, alignment=0),
        "heading": ParagraphStyle(
            "heading", parent=base["Heading2"], textColor=NAVY, fontSize=11, spaceBefore=4, spaceAfter=3
        ),
        "normal": ParagraphStyle("normal", parent=base["Normal"], fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=8, leading=10),
        "muted": ParagraphStyle("muted", parent=base["Normal"], fontSize=8, leading=10, textColor=MUTED),
    }


def grid_table(
    rows: Sequence[Sequence[Any]],
    *,
    col_widths: Sequence[float],
    font_size: float = 8,
    total_row: bool = False,
    right_from: int | None = None,
) -> Table:
    """``rows`` under a navy header row, in a light grid; ``total_row`` sets the last row in bold on sky
    blue, ``right_from`` right-aligns the columns from that index on (amounts)."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", font_size),
        ("FONT", (0, 1), (-1, -1), "Helvetica", font_size),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if total_row:
        commands += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", font_size),
            ("BACKGROUND", (0, -1), (-1, -1), SKY),
        ]
    if right_from is not None:
        commands.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    table = Table([list(row) for row in rows], colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def render(story: list[Flowable], *, title: str, landscape_page: bool = False) -> bytes:
    """``story`` drawn on A4 pages (landscape for wide tables), titled and authored OCSO."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if landscape_page else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="OCSO",
    )
    doc.build(story)
    return buffer.getvalue()
