"""Mes dernières démarches: the member's requests with their status, the thread of OCSO's answers and the
sender's replies (each with its files), whether the sender may reply, and the download of one attachment
(ownership in the query, audited)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ocso_app import routes
from ocso_app.models import Request, RequestAttachment, RequestMessage
from ocso_app.services import audit, uploads
from ocso_app.services.formats import format_day_month, format_paris_datetime, paris_date
from ocso_app.services.requests.labels import OPEN_STATUSES, STATUS_LABELS, TYPE_LABELS


@dataclass(frozen=True)
class AttachmentView:
    """A file attached to a démarche, with the protected URL that streams it."""

    id: int
    name: str
    url: str


@dataclass(frozen=True)
class Exchange:
    """One message of a démarche's thread as its sender reads it: who wrote it, when, what, its files."""

    author: str
    when: str
    body: str
    from_ocso: bool
    attachments: list[AttachmentView] = field(default_factory=list)


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
    thread: list[Exchange] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)  # sent with the démarche
    structure: str = ""
    can_reply: bool = False


def attachment_url(request_id: int, attachment_id: int) -> str:
    """The protected route of one attachment (``api/files.py``)."""
    return routes.API_MEMBER_ATTACHMENT.url(request_id=request_id, attachment_id=attachment_id)


def may_reply(request: Request) -> bool:
    """The sender may reply while the démarche is open and once OCSO answered it."""
    return request.status in OPEN_STATUSES and any(m.from_ocso for m in request.messages)


def files_by_message(
    request: Request, url: Callable[[int, int], str]
) -> dict[int | None, list[AttachmentView]]:
    """The démarche's files behind the route ``url``, by the message they came with (``None``: sent with
    the démarche itself)."""
    files: dict[int | None, list[AttachmentView]] = {}
    for a in request.attachments:
        files.setdefault(a.message_id, []).append(
            AttachmentView(a.id, a.original_name, url(request.id, a.id))
        )
    return files


def _exchange(message: RequestMessage, files: list[AttachmentView], authors: Mapping[int, str]) -> Exchange:
    author = (
        "Réponse d'OCSO"
        if message.from_ocso
        else authors.get(message.author_account_id or 0, "Votre réponse")
    )
    when = format_paris_datetime(message.created_at)[:16]
    return Exchange(author, when, message.body, message.from_ocso, files)


def request_view(
    request: Request,
    *,
    url: Callable[[int, int], str] = attachment_url,
    date_label: Callable[[date], str] = format_day_month,
    structure: str = "",
    authors: Mapping[int, str] | None = None,
) -> RequestView:
    """A request as its history line shows it: its thread in order (a reply signed by ``authors``, « Votre
    réponse » by default), its files behind the protected route ``url``."""
    files = files_by_message(request, url)
    return RequestView(
        id=request.id,
        date_label=date_label(paris_date(request.created_at)),
        type_label=TYPE_LABELS.get(request.request_type, "Démarche"),
        subject=request.subject,
        status=request.status.value,
        status_label=STATUS_LABELS[request.status],
        thread=[_exchange(m, files.get(m.id, []), authors or {}) for m in request.messages],
        attachments=files.get(None, []),
        structure=structure,
        can_reply=may_reply(request),
    )


MEMBER_HISTORY = 8  # démarches « Mes dernières démarches » lists, then as many more at each click


def latest_requests(session: Session, *, member_id: int, limit: int = MEMBER_HISTORY) -> list[RequestView]:
    """The member's last démarches, newest first, with status and their thread."""
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
