"""Mes dernières démarches: the member's requests with their status, OCSO's answers and attachments, and
the download of one attachment (ownership in the query, audited)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ocso_app import routes
from ocso_app.models import Request, RequestAttachment
from ocso_app.services import audit, uploads
from ocso_app.services.formats import format_day_month, paris_date
from ocso_app.services.requests.labels import STATUS_LABELS, TYPE_LABELS


@dataclass(frozen=True)
class AttachmentView:
    """A file attached to a démarche, with the protected URL that streams it."""

    id: int
    name: str
    url: str


@dataclass(frozen=True)
class RequestView:
    """One line of "Mes dernières démarches" (or of an employer's "Mes derniers envois", which names the
    structure)."""

    id: int
    date_label: str
    type_label: str
    subject: str
    status: str
    status_label: str
    answers: list[str] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    structure: str = ""


def attachment_url(request_id: int, attachment_id: int) -> str:
    """The protected route of one attachment (``api/files.py``)."""
    return routes.API_MEMBER_ATTACHMENT.url(request_id=request_id, attachment_id=attachment_id)


def request_view(
    request: Request,
    *,
    url: Callable[[int, int], str] = attachment_url,
    date_label: Callable[[date], str] = format_day_month,
    structure: str = "",
) -> RequestView:
    """A request as its history line shows it, its attachments behind the protected route ``url``."""
    return RequestView(
        id=request.id,
        date_label=date_label(paris_date(request.created_at)),
        type_label=TYPE_LABELS.get(request.request_type, "Démarche"),
        subject=request.subject,
        status=request.status.value,
        status_label=STATUS_LABELS[request.status],
        answers=[m.body for m in request.messages if m.from_ocso],
        attachments=[
            AttachmentView(a.id, a.original_name, url(request.id, a.id)) for a in request.attachments
        ],
        structure=structure,
    )


def latest_requests(session: Session, *, member_id: int, limit: int = 8) -> list[RequestView]:
    """The member's last démarches, newest first, with status and OCSO's answers."""
    rows = session.scalars(
        select(Request)
        .where(Request.member_id == member_id)
        .options(selectinload(Request.messages), selectinload(Request.attachments))
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(limit)
    )
    return [request_view(r) for r in rows]


def owned_attachment(
    session: Session, *, actor: audit.Actor, request_id: int, attachment_id: int
) -> uploads.StoredFile | None:
    """A file attached to one of ``actor.member_id``'s own démarches, its download written in the audit log;
    ``None`` for anybody else's attachment, exactly as for a missing one."""
    if actor.member_id is None:
        return None
    attachment = session.scalar(
        select(RequestAttachment)
        .join(Request, Request.id == RequestAttachment.request_id)
        .where(
            RequestAttachment.id == attachment_id,
            RequestAttachment.request_id == request_id,
            Request.member_id == actor.member_id,
        )
    )
    return served(session, actor, attachment)


def served(
    session: Session, actor: audit.Actor, attachment: RequestAttachment | None
) -> uploads.StoredFile | None:
    """The file of an attachment the caller's query found (``None`` stays ``None``), its download audited."""
    if attachment is None:
        return None
    audit.record_by(
        session,
        actor,
        event_type="Téléchargement",
        action=f"Téléchargement de la pièce « {attachment.original_name} »",
    )
    return uploads.StoredFile(attachment.storage_key, attachment.content_type, attachment.original_name)
