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


class Document(Base):
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
    title: Mapped[str]
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
