"""Documents of the demo as real PDFs: drawn with reportlab in the portal's PDF look, written to
the private storage the member documents use (:func:`ocso_app.services.uploads.store`, a random storage key
and the sha256) and queued as ``contract_documents`` rows (descriptif de garanties, notice d'information),
company ``documents`` rows (bordereaux d'appel, courriers) or ``employer_guides`` rows (the guides every
employer reads)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from ocso_app.models import DocumentCategory, GuideKind
from ocso_app.seed.context import Context
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.services import uploads
from ocso_app.services.pdf_drawing import grid_table, paragraph_styles, render_pdf

PDF = "application/pdf"
SENDER = "OCSO – 30 avenue Ariane, BP 50255, 33698 MÉRIGNAC CEDEX – 05 56 34 36 66 – support@ocso.fr"


@dataclass(frozen=True)
class PdfTable:
    """A table of a PDF: a header row and rows of text, columns ``widths`` mm wide; with ``amounts``, the
    last column is right-aligned and the last row (the total) bold."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[float, ...]
    amounts: bool = False


@dataclass(frozen=True)
class Heading:
    """A section's heading in a PDF."""

    text: str


Block = str | PdfTable | Heading  # a paragraph (plain text), a table or a section's heading


def draw_pdf(*, title: str, subtitle: Sequence[str], blocks: Sequence[Block]) -> bytes:
    """An A4 document in the portal's PDF look (:mod:`ocso_app.services.pdf_drawing`): its title, the lines
    under it (who and what), then paragraphs and tables, and OCSO's address."""
    styles = paragraph_styles()
    heading = ParagraphStyle("section", parent=styles["heading"], keepWithNext=1)  # never alone at a foot
    story: list[Flowable] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph("<br/>".join(escape(line) for line in subtitle), styles["normal"]),
        Spacer(1, 5 * mm),
    ]
    for block in blocks:
        if isinstance(block, PdfTable):
            table = grid_table(
                [block.headers, *block.rows],
                col_widths=[width * mm for width in block.widths],
                total_row=block.amounts,
                right_from=len(block.headers) - 1 if block.amounts else None,
            )
            story += [table, Spacer(1, 4 * mm)]
        elif isinstance(block, Heading):
            story.append(Paragraph(escape(block.text), heading))
        else:
            story += [Paragraph(escape(block), styles["normal"]), Spacer(1, 2 * mm)]
    story += [Spacer(1, 6 * mm), Paragraph(escape(SENDER), styles["muted"])]
    return render_pdf(story, title=title)


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


def _add_published_pdf(
    ctx: Context,
    buf: RowBuffer,
    table: str,
    *,
    title: str,
    pdf: bytes,
    published_at: datetime,
    **columns: object,
) -> int:
    """A row of ``table`` (``documents``, ``employer_guides``) naming a PDF stored privately first."""
    stored = store_pdf(ctx, pdf, f"{title}.pdf")
    row_id = ctx.ids.take(T[table])
    buf.add(
        T[table],
        {
            "id": row_id,
            **columns,
            "title": title,
            "storage_key": stored.storage_key,
            "content_type": PDF,
            "size_bytes": stored.size_bytes,
            "sha256": stored.sha256,
            "published_at": published_at,
        },
    )
    return row_id


def add_document(
    ctx: Context,
    buf: RowBuffer,
    *,
    category: DocumentCategory,
    title: str,
    pdf: bytes,
    published_at: datetime,
    read_at: datetime | None,
    member_id: int | None = None,
    company_id: int | None = None,
) -> int:
    """A document published to a member (Mes documents: courrier, prescription, descriptif des garanties…)
    or to a company (a bordereau d'appel, a courrier…); ``read_at=None`` shows it unread, with the badges."""
    return _add_published_pdf(
        ctx,
        buf,
        "documents",
        title=title,
        pdf=pdf,
        published_at=published_at,
        member_id=member_id,
        company_id=company_id,
        category=category,
        read_at=read_at,
    )


def add_employer_guide(
    ctx: Context, buf: RowBuffer, *, kind: GuideKind, title: str, pdf: bytes, published_at: datetime
) -> int:
    """A guide RH, guide salarié(e) or tutoriel published to every employer."""
    return _add_published_pdf(
        ctx,
        buf,
        "employer_guides",
        title=title,
        pdf=pdf,
        published_at=published_at,
        kind=kind,
        withdrawn_at=None,
    )
