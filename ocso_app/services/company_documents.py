"""The documents OCSO publishes to a company's structures (a courrier, the garanties, a bulletin…), as the
Espace Employeur's Documents page lists them, with the new ones (unread) counted on its menu entry.

A structure's documents are the company's, not one user's: the first of its HR users to open one marks it
read for all of them, as a shared letterbox would (``read_at``, as for a member's documents). Every query
takes the structures the employer guard allows; another structure's document is missing. Never a member's
document, nor the décomptes d'IJ and bordereaux, which belong to the pages of other profiles.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import BindParameter, ColumnElement, Connection, and_, func, select, update
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.db import read
from ocso_app.models import Company, Document, DocumentCategory
from ocso_app.models.base import utcnow
from ocso_app.services import audit, uploads
from ocso_app.services.employer_access import STRUCTURE_IDS
from ocso_app.services.formats import format_short_date, paris_date

# What a structure's documents page lists.
COMPANY_CATEGORIES: dict[DocumentCategory, str] = {
    DocumentCategory.MAIL: "Courrier",
    DocumentCategory.GUARANTEES: "Garanties",
    DocumentCategory.MEMBERSHIP_FORM: "Bulletin d'adhésion",
    DocumentCategory.HELP: "Aide",
    DocumentCategory.OTHER: "Autre",
}


@dataclass(frozen=True)
class CompanyDocumentView:
    """A document published to one of the employer's structures."""

    id: int
    title: str
    structure: str
    category: str
    date_label: str
    url: str
    unread: bool = False
    read_on: str = ""  # the day the first of the structure's users opened it


def listed(structure_ids: tuple[int, ...] | BindParameter[int]) -> ColumnElement[bool]:
    """The documents the Documents page lists for ``structure_ids`` (a tuple, or a bound parameter)."""
    return and_(
        Document.company_id.in_(structure_ids),
        Document.member_id.is_(None),
        Document.category.in_(list(COMPANY_CATEGORIES)),
    )


def company_documents(session: Session, *, structure_ids: tuple[int, ...]) -> list[CompanyDocumentView]:
    """The documents of ``structure_ids`` (newest first), with their guarded download URLs."""
    rows = session.execute(
        select(
            Document.id,
            Document.title,
            Document.category,
            Document.published_at,
            Document.read_at,
            Company.name,
        )
        .join(Company, Company.id == Document.company_id)
        .where(listed(structure_ids))
        .order_by(Document.published_at.desc(), Document.id.desc())
    )
    return [
        CompanyDocumentView(
            id=document_id,
            title=title,
            structure=structure,
            category=COMPANY_CATEGORIES[DocumentCategory(category)],
            date_label=format_short_date(paris_date(published_at)),
            url=routes.API_EMPLOYER_DOCUMENT.url(document_id=document_id),
            unread=read_at is None,
            read_on=format_short_date(paris_date(read_at)) if read_at else "",
        )
        for document_id, title, category, published_at, read_at, structure in rows
    ]


# Every page of the Espace Employeur shows it (built once, the structures bound at each run).
_UNREAD = select(func.count(Document.id)).where(listed(STRUCTURE_IDS), Document.read_at.is_(None))


def unread_count(session: Session | Connection, *, structure_ids: tuple[int, ...]) -> int:
    """The number on the Documents menu entry: the structures' documents nobody has opened yet."""
    if not structure_ids:
        return 0
    return read(session, _UNREAD, {"structure_ids": list(structure_ids)}).scalar() or 0


def _find(session: Session, structure_ids: tuple[int, ...], document_id: int) -> Document | None:
    return session.scalar(select(Document).where(Document.id == document_id, listed(structure_ids)))


def _opened(session: Session, document: Document) -> None:
    """No longer new for the structure; the first opening's date is kept (also when two users open it at
    once: only a row still unread is written)."""
    unread = and_(Document.id == document.id, Document.read_at.is_(None))
    session.execute(update(Document).where(unread).values(read_at=utcnow()))


def mark_read(session: Session, *, structure_ids: tuple[int, ...], document_id: int) -> bool:
    """An HR user opened the document: it is no longer new for the structure. ``False`` (nothing written)
    for a document of no structure of ``structure_ids``."""
    document = _find(session, structure_ids, document_id)
    if document is None:
        return False
    _opened(session, document)
    return True


def open_company_document(
    session: Session, *, actor: audit.Actor, structure_ids: tuple[int, ...], document_id: int
) -> uploads.StoredFile | None:
    """A document of one of ``structure_ids``, marked read and its download audited; ``None`` for any
    other document, exactly as for a missing one."""
    document = _find(session, structure_ids, document_id)
    if document is None:
        return None
    _opened(session, document)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=document.company_id),
        event_type="Téléchargement",
        action=f"Téléchargement du document « {document.title} »",
    )
    return uploads.StoredFile.titled(document.storage_key, document.content_type, document.title)
