"""Documents made available to a member or a company; unread means ``read_at IS NULL``."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, intpk, str_enum, utcnow


class DocumentCategory(enum.StrEnum):
    MAIL = "courrier"
    SIMULATION = "simulation"
    PRESCRIPTION = "prescription"
    GUARANTEES = "garanties"
    HELP = "aide"
    MEMBERSHIP_FORM = "bulletin_adhesion"
    ALLOWANCE_STATEMENT = "decompte_ij"
    CONTRIBUTION = "cotisation"
    OTHER = "autre"


class PublishedPdf:
    """The columns of a PDF OCSO publishes: its title, the stored file (``services.uploads``) and when."""

    title: Mapped[str]
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(PublishedPdf, Base):
    """A stored file published by OCSO; the bytes live in private storage under ``storage_key``."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_member_category", "member_id", "category", "published_at"),
        Index("ix_documents_member_unread", "member_id", "read_at"),
    )

    id: Mapped[intpk]
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    category: Mapped[DocumentCategory] = mapped_column(str_enum(DocumentCategory))
    read_at: Mapped[datetime | None]


class PostalLetter(Base):
    """A letter OCSO must print and post to a member (e.g. "un compte a été ouvert" when OCSO has no e-mail
    for them). The PDF lives in private storage under ``storage_key``; ``printed_at`` is set when OCSO takes
    it for printing (``python -m ocso_app.cli letters-to-print``)."""

    __tablename__ = "postal_letters"
    __table_args__ = (Index("ix_postal_letters_printed_created", "printed_at", "created_at"),)

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    reason: Mapped[str] = mapped_column(String(80))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    printed_at: Mapped[datetime | None]


class GuideKind(enum.StrEnum):
    """What a document common to every employer is (guide 003's « Documents utiles »)."""

    HR_GUIDE = "guide_rh"
    EMPLOYEE_GUIDE = "guide_salarie"
    TUTORIAL = "tutoriel"


class EmployerGuide(PublishedPdf, Base):
    """A guide RH, guide salarié(e) or tutoriel OCSO publishes to every employer at once (no structure of its
    own, no unread mark); listed in each employer's Documents until OCSO withdraws it (``withdrawn_at``). The
    bytes live in private storage under ``storage_key``; who published and withdrew it is in the audit log."""

    __tablename__ = "employer_guides"
    __table_args__ = (Index("ix_employer_guides_listed", "withdrawn_at", "published_at"),)

    id: Mapped[intpk]
    kind: Mapped[GuideKind] = mapped_column(str_enum(GuideKind))
    withdrawn_at: Mapped[datetime | None]
