"""Démarches: a member's or an employer's request, its attachments and the messages exchanged (OCSO's
answers and the sender's replies, each reply's files attached to its message)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ocso_app.models.base import Base, Created, intpk, str_enum, utcnow


class RequestStatus(enum.StrEnum):
    SENT = "envoyee"
    IN_PROGRESS = "en_cours"
    DONE = "traitee"
    REFUSED = "refusee"


class Request(Base):
    """One submission; ``submission_key`` is unique so a replayed or double-clicked submit stores one row."""

    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_member_created", "member_id", "created_at"),
        Index("ix_requests_company_created", "company_id", "created_at"),
        Index("ix_requests_status_created", "status", "created_at"),  # the staff's work queue
    )

    id: Mapped[intpk]
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    author_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    request_type: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    routed_service: Mapped[str] = mapped_column(String(40))
    status: Mapped[RequestStatus] = mapped_column(str_enum(RequestStatus), default=RequestStatus.SENT)
    assignee_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)  # OCSO
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[Created]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # when the sender replied and OCSO has not answered since: the queue's « Réponse reçue »
    sender_replied_at: Mapped[datetime | None]

    attachments: Mapped[list[RequestAttachment]] = relationship(back_populates="request")
    messages: Mapped[list[RequestMessage]] = relationship(
        back_populates="request", order_by="RequestMessage.created_at"
    )


class RequestAttachment(Base):
    """An uploaded file, checked by content and stored privately under a generated name."""

    __tablename__ = "request_attachments"

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("request_messages.id"))  # a reply's file
    original_name: Mapped[str]
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))

    request: Mapped[Request] = relationship(back_populates="attachments")


class RequestMessage(Base):
    """A message on a request, from OCSO or from the sender (a reply); ``reply_key`` is unique so a replayed
    or double-clicked reply stores one row."""

    __tablename__ = "request_messages"
    __table_args__ = (Index("ix_request_messages_reply_key", "reply_key", unique=True),)

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    from_ocso: Mapped[bool] = mapped_column(default=False)
    author_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    body: Mapped[str] = mapped_column(Text)
    reply_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[Created]

    request: Mapped[Request] = relationship(back_populates="messages")
