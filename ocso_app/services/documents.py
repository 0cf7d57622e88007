"""Mes documents: the member's documents by section, the unread counts (``read_at IS NULL``), marking a
document read, and OCSO publishing a document (stored privately, the member told by e-mail). A company's
documents are in ``company_documents``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.db import read
from ocso_app.models import (
    Account,
    AccountKind,
    Document,
    DocumentCategory,
    EmployerGuide,
    Interface,
    Member,
)
from ocso_app.models.base import utcnow
from ocso_app.services import audit, member_guarantees, uploads
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.typed_text import has_control

StoredRow = TypeVar("StoredRow", Document, EmployerGuide)  # a row naming a stored PDF

UNKNOWN_MEMBER = "Aucun adhérent ne porte ce numéro."
BAD_CATEGORY = "Catégorie inconnue : courrier, simulation, prescription, garanties ou aide."
MISSING_TITLE = "Indiquez le titre du document."
NOT_A_PDF = "Le document publié doit être un PDF lisible."
NOT_FOUND = "Document introuvable."


@dataclass(frozen=True)
class Section:
    """A section of Mes documents as in the guide, with its title when empty."""

    key: str
    title: str
    empty_title: str
    category: DocumentCategory | None


SECTIONS = (
    Section("carte", "CARTE DE TIERS PAYANT", "CARTE DE TIERS PAYANT", None),
    Section("courrier", "VOUS AVEZ DU COURRIER", "VOUS N'AVEZ PAS DE COURRIER", DocumentCategory.MAIL),
    Section(
        "simulation",
        "VOS DEVIS ET SIMULATIONS DE REMBOURSEMENT",
        "AUCUNE SIMULATION DE REMBOURSEMENT",
        DocumentCategory.SIMULATION,
    ),
    Section(
        "prescription",
        "PRESCRIPTIONS MÉDICALES",
        "AUCUNE PRESCRIPTION MÉDICALE",
        DocumentCategory.PRESCRIPTION,
    ),
    Section(
        "garanties",
        "DESCRIPTIFS DES GARANTIES",
        "AUCUN DESCRIPTIF DES GARANTIES",
        DocumentCategory.GUARANTEES,
    ),
    Section("aide", "J'AI BESOIN D'AIDE", "J'AI BESOIN D'AIDE", DocumentCategory.HELP),
)
PUBLISHABLE = {s.category.value: s.category for s in SECTIONS if s.category is not None}


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    date_label: str
    unread: bool
    url: str
    marks_read: bool = True  # the member's own document; a document of their contract has no read mark


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    unread: int
    documents: list[DocumentView] = field(default_factory=list)
    # DESCRIPTIFS DES GARANTIES only: the tableau de garanties of the member's option, shown above its PDFs
    table_title: str = ""
    table_insurer: str = ""
    table: list[member_guarantees.GuaranteeRow] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    document_id: int
    member_id: int
    emailed_to: str | None


def download_url(document_id: int) -> str:
    """The protected route of one published document (``api/files.py``)."""
    return routes.API_MEMBER_DOCUMENT.url(document_id=document_id)


def _view(document: Document) -> DocumentView:
    return DocumentView(
        id=document.id,
        title=document.title,
        date_label=format_short_date(paris_date(document.published_at)),
        unread=document.read_at is None,
        url=download_url(document.id),
    )


def member_sections(session: Session, *, member_id: int) -> list[SectionView]:
    """Every section with the member's documents (newest first) and its unread count, the garanties with
    the tableau de garanties of the member's option and the documents of the member's contract after the
    member's own; three queries."""
    rows = session.scalars(
        select(Document)
        .where(Document.member_id == member_id)
        .order_by(Document.published_at.desc(), Document.id.desc())
    ).all()
    of_contract = [
        DocumentView(document_id, title, date_label, False, url, marks_read=False)
        for document_id, title, date_label, url in member_guarantees.contract_documents(
            session, member_id=member_id
        )
    ]
    table = member_guarantees.guarantee_table(session, member_id=member_id)
    views = []
    for section in SECTIONS:
        docs = [_view(d) for d in rows if section.category is not None and d.category == section.category]
        shown = None
        if section.category == DocumentCategory.GUARANTEES:
            docs += of_contract
            shown = table
        unread = sum(1 for d in docs if d.unread)
        title = section.title if docs or shown is not None else section.empty_title
        view = SectionView(section.key, title, unread, docs)
        if shown is not None:
            view = dataclasses.replace(
                view, table_title=shown.title, table_insurer=shown.insurer, table=shown.lines
            )
        views.append(view)
    return views


# Every page of the member space shows it (built once: see services/sessions.py).
_UNREAD = select(func.count(Document.id)).where(
    Document.member_id == bindparam("member_id"), Document.read_at.is_(None)
)


def unread_count(session: Session | Connection, *, member_id: int) -> int:
    """The number on the MES DOCUMENTS menu entry."""
    return read(session, _UNREAD, {"member_id": member_id}).scalar() or 0


def owned_document(session: Session, *, member_id: int, document_id: int) -> Document:
    """The document if it belongs to ``member_id``; otherwise :class:`AccessDenied` (same as absent)."""
    document = session.scalar(
        select(Document).where(Document.id == document_id, Document.member_id == member_id)
    )
    if document is None:
        raise AccessDenied(NOT_FOUND)
    return document


def mark_read(
    session: Session,
    *,
    member_id: int,
    document_id: int,
    account_id: int | None = None,
    interface: Interface = Interface.WEB,
    now: datetime | None = None,
    record: bool = True,
) -> None:
    """The member opened the document: the badges drop. Another member's document raises AccessDenied.
    ``record=False`` when the download route, which records the consultation, runs for the same click."""
    document = owned_document(session, member_id=member_id, document_id=document_id)
    if document.read_at is None:  # only a row still unread is written: the first opening's date is kept
        unread = and_(Document.id == document.id, Document.read_at.is_(None))
        session.execute(update(Document).where(unread).values(read_at=now or utcnow()))
    if not record:
        return
    audit.record(
        session,
        event_type="Téléchargement",
        action=f"Consultation du document « {document.title} »",
        account_id=account_id,
        member_id=member_id,
        interface=interface,
    )


def member_email(session: Session, member: Member) -> str | None:
    """The address OCSO writes to a member: their file's, else their login's."""
    if member.email:
        return member.email
    return session.scalar(
        select(Account.email).where(Account.member_id == member.id, Account.kind == AccountKind.MEMBER)
    )


def store_pdf(session: Session, *, pdf_bytes: bytes, document: StoredRow) -> StoredRow:
    """Check ``pdf_bytes`` as every upload (and that it is a PDF), store it privately and add ``document``
    (its owner, category and title set; a ``Document`` or an ``EmployerGuide``) with the stored file;
    nothing is left stored if the row fails.
    The title is not the checked file's name: a title may hold a « / » (a date)."""
    if pdf_bytes and not pdf_bytes.startswith(b"%PDF-"):  # an image or anything else: only PDFs are published
        raise OcsoError(NOT_A_PDF)
    checked = uploads.check_file(uploads.IncomingFile("document.pdf", pdf_bytes), shown_as=document.title)
    if checked.content_type != "application/pdf":
        raise OcsoError(NOT_A_PDF)
    stored = uploads.store(checked, session=session)
    document.storage_key, document.content_type = stored.storage_key, stored.content_type
    document.size_bytes, document.sha256 = stored.size_bytes, stored.sha256
    session.add(document)
    try:
        session.flush()
    except Exception:
        uploads.delete_stored([stored.storage_key])
        raise
    return document


def store_member_pdf(
    session: Session,
    *,
    member_id: int,
    category: DocumentCategory,
    title: str,
    pdf_bytes: bytes,
    read_at: datetime | None = None,
) -> Document:
    """A PDF listed in the member's documents (unread unless ``read_at``); the caller commits."""
    document = Document(member_id=member_id, category=category, title=title.strip()[:255], read_at=read_at)
    return store_pdf(session, pdf_bytes=pdf_bytes, document=document)


def publish_document(
    session: Session, *, member_number: str, category: str, title: str, pdf_bytes: bytes
) -> Published:
    """OCSO makes a PDF available to a member: stored privately, unread until opened, announced by e-mail."""
    number = member_number.strip()
    member = (
        None if has_control(number) else session.scalar(select(Member).where(Member.member_number == number))
    )
    if member is None:
        raise OcsoError(UNKNOWN_MEMBER)
    if category not in PUBLISHABLE:
        raise OcsoError(BAD_CATEGORY)
    if not title.strip():
        raise OcsoError(MISSING_TITLE)
    document = store_pdf(
        session,
        pdf_bytes=pdf_bytes,
        document=Document(member_id=member.id, category=PUBLISHABLE[category], title=title.strip()[:255]),
    )
    email = member_email(session, member)
    return Published(document.id, member.id, email)


def notify_published(session: Session, published: Published, title: str) -> bool:
    """The e-mail announcing a new document, written to the outbox of ``session``'s transaction (it leaves
    after the commit, retried if the relay refuses it); ``False`` without an address."""
    if not published.emailed_to:
        return False
    text = (
        "Bonjour,\n\n"
        f"Un nouveau document est disponible dans votre Espace Santé Assuré : « {title} ».\n"
        "Retrouvez-le dans la rubrique MES DOCUMENTS."
    )
    send_after_commit(
        session, to=published.emailed_to, subject="OCSO : un nouveau document vous attend", text=text
    )
    return True


def open_member_document(
    session: Session, *, actor: audit.Actor, document_id: int
) -> uploads.StoredFile | None:
    """One of ``actor.member_id``'s published documents, marked read and its consultation audited; ``None``
    for anybody else's document, exactly as for a missing one."""
    if actor.member_id is None:
        return None
    try:
        document = owned_document(session, member_id=actor.member_id, document_id=document_id)
    except AccessDenied:
        return None
    mark_read(
        session,
        member_id=actor.member_id,
        document_id=document.id,
        account_id=actor.account_id,
        interface=actor.interface,
    )
    return uploads.StoredFile.titled(document.storage_key, document.content_type, document.title)
