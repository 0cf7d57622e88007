"""Documents of the demo as real PDFs: drawn with reportlab (the same text gives the same bytes), written to
the private storage the member documents use (:func:`ocso_app.services.uploads.store`, a random storage key
and the sha256) and queued as ``contract_documents`` rows (descriptif de garanties, notice d'information)
or company ``documents`` rows (bordereaux d'appel, courriers)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ocso_app.models import DocumentCategory
from ocso_app.seed.context import Context
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.services import uploads

PDF = "application/pdf"
NAVY = colors.HexColor("#14284b")
RULE = colors.HexColor("#c9d6ea")
SENDER = "OCSO – 30 avenue Ariane, BP 50255, 33698 MÉRIGNAC CEDEX – 05 56 34 36 66 – support@ocso.fr"


@dataclass(frozen=True)
class PdfTable:
    """A table of a PDF: a header row and rows of text, columns ``widths`` mm wide; with ``amounts``, the
    last column is right-aligned and the last row (the total) bold."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[float, ...]
    amounts: bool = False


Block = str | PdfTable  # a paragraph (plain text) or a table


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], textColor=NAVY, fontSize=16, alignment=0),
        "subtitle": ParagraphStyle("subtitle", parent=base["Normal"], fontSize=10, leading=14),
        "normal": ParagraphStyle("normal", parent=base["Normal"], fontSize=9.5, leading=13, spaceAfter=5),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=8.5, leading=10.5),
        "amount": ParagraphStyle("amount", parent=base["Normal"], fontSize=8.5, leading=10.5, alignment=2),
        "footer": ParagraphStyle("footer", parent=base["Normal"], fontSize=7.5, textColor=colors.grey),
    }


def _table(table: PdfTable, styles: dict[str, ParagraphStyle]) -> Table:
    last = len(table.headers) - 1
    rows: list[list[str | Paragraph]] = [list(table.headers)]
    for number, row in enumerate(table.rows, start=1):
        bold = table.amounts and number == len(table.rows)
        rows.append(
            [
                Paragraph(
                    f"<b>{escape(text)}</b>" if bold else escape(text),
                    styles["amount" if table.amounts and column == last else "cell"],
                )
                for column, text in enumerate(row)
            ]
        )
    drawn = Table(rows, colWidths=[w * mm for w in table.widths], repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if table.amounts:
        style.append(("ALIGN", (-1, 0), (-1, -1), "RIGHT"))
    drawn.setStyle(TableStyle(style))
    return drawn


def draw_pdf(*, title: str, subtitle: Sequence[str], blocks: Sequence[Block]) -> bytes:
    """An A4 document of OCSO: its title, the lines under it (who and what), then paragraphs and tables."""
    styles = _styles()
    story: list[Flowable] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph("<br/>".join(escape(line) for line in subtitle), styles["subtitle"]),
        Spacer(1, 6 * mm),
    ]
    for block in blocks:
        if isinstance(block, PdfTable):
            story += [_table(block, styles), Spacer(1, 4 * mm)]
        else:
            story.append(Paragraph(escape(block), styles["normal"]))
    story += [Spacer(1, 8 * mm), Paragraph(escape(SENDER), styles["footer"])]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="OCSO",
        invariant=1,  # no creation date nor random id: the same document gives the same bytes
    )
    doc.build(story)
    return buffer.getvalue()


def store_pdf(ctx: Context, content: bytes, name: str) -> uploads.SavedFile:
    """Write a PDF to private storage; its key is kept in ``ctx.stored_files`` so a failed load removes it."""
    stored = uploads.store(
        uploads.CheckedFile(
            original_name=name,
            content=content,
            content_type=PDF,
            sha256=hashlib.sha256(content).hexdigest(),
        )
    )
    ctx.stored_files.append(stored.storage_key)
    return stored


def add_contract_document(
    ctx: Context, buf: RowBuffer, *, contract_id: int, title: str, pdf: bytes, published_at: datetime
) -> int:
    """A descriptif de garanties or notice d'information of a contract."""
    stored = store_pdf(ctx, pdf, f"{title}.pdf")
    document_id = ctx.ids.take(T["contract_documents"])
    buf.add(
        T["contract_documents"],
        {
            "id": document_id,
            "contract_id": contract_id,
            "title": title,
            "storage_key": stored.storage_key,
            "sha256": stored.sha256,
            "published_at": published_at,
        },
    )
    return document_id


def add_company_document(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    category: DocumentCategory,
    title: str,
    pdf: bytes,
    published_at: datetime,
    read_at: datetime | None,
) -> int:
    """A document published to a company (no member): a bordereau d'appel, a courrier…"""
    stored = store_pdf(ctx, pdf, f"{title}.pdf")
    document_id = ctx.ids.take(T["documents"])
    buf.add(
        T["documents"],
        {
            "id": document_id,
            "member_id": None,
            "company_id": company_id,
            "category": category,
            "title": title,
            "storage_key": stored.storage_key,
            "content_type": PDF,
            "size_bytes": stored.size_bytes,
            "sha256": stored.sha256,
            "published_at": published_at,
            "read_at": read_at,
        },
    )
    return document_id
