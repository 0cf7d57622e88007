"""Editorial content and activity: news items, help articles, démarches with their files and OCSO's
answers, and audit events (« Mon historique »)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ocso_app.models import Audience, Interface, RequestStatus
from ocso_app.seed.context import Context
from ocso_app.seed.data.content import HelpSpec, NewsSpec
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.documents import store_pdf

ANSWER_DELAY = timedelta(hours=20)


def add_news(ctx: Context, buf: RowBuffer, spec: NewsSpec) -> None:
    """A news item, dated relative to the load day."""
    published, expires = spec.dates(ctx.today)
    buf.add(
        T["news_items"],
        {
            "id": ctx.ids.take(T["news_items"]),
            "audience": Audience(spec.audience),
            "title": spec.title,
            "body": spec.body,
            "is_alert": spec.is_alert,
            "published_on": published,
            "expires_on": expires,
            "created_at": ctx.now,
        },
    )


def add_help_article(ctx: Context, buf: RowBuffer, spec: HelpSpec, position: int) -> None:
    """A question of the help centre at ``position``."""
    buf.add(
        T["help_articles"],
        {
            "id": ctx.ids.take(T["help_articles"]),
            "audience": Audience(spec.audience),
            "topic": spec.topic,
            "question": spec.question,
            "answer": spec.answer,
            "position": position,
        },
    )


def add_request(
    ctx: Context,
    buf: RowBuffer,
    *,
    at: datetime,
    member_id: int | None,
    company_id: int | None,
    author_id: int,
    request_type: str,
    subject: str,
    payload: dict,
    service: str,
    status: RequestStatus,
    submission_key: str,
    assignee_id: int | None = None,
) -> int:
    """A démarche sent ``at``; handled ones were last updated :data:`ANSWER_DELAY` later; one being handled
    has the OCSO agent who took it (``assignee_id``), as « Prendre en charge » records it."""
    request_id = ctx.ids.take(T["requests"])
    buf.add(
        T["requests"],
        {
            "id": request_id,
            "member_id": member_id,
            "company_id": company_id,
            "author_account_id": author_id,
            "request_type": request_type,
            "subject": subject,
            "payload": payload,
            "routed_service": service,
            "status": status,
            "assignee_account_id": assignee_id,
            "submission_key": submission_key,
            "created_at": at,
            "updated_at": at if status == RequestStatus.SENT else at + ANSWER_DELAY,
        },
    )
    return request_id


def add_request_file(ctx: Context, buf: RowBuffer, *, request_id: int, name: str, pdf: bytes) -> None:
    """A PDF joined to a démarche, stored privately as the form's files are."""
    stored = store_pdf(ctx, pdf, name)
    buf.add(
        T["request_attachments"],
        {
            "id": ctx.ids.take(T["request_attachments"]),
            "request_id": request_id,
            "message_id": None,
            "original_name": name,
            "storage_key": stored.storage_key,
            "content_type": stored.content_type,
            "size_bytes": stored.size_bytes,
            "sha256": stored.sha256,
        },
    )


def add_answer(
    ctx: Context, buf: RowBuffer, *, request_id: int, author_id: int, body: str, at: datetime
) -> None:
    """OCSO's message on a démarche."""
    buf.add(
        T["request_messages"],
        {
            "id": ctx.ids.take(T["request_messages"]),
            "request_id": request_id,
            "from_ocso": True,
            "author_account_id": author_id,
            "body": body,
            "created_at": at,
        },
    )


def add_event(
    ctx: Context,
    buf: RowBuffer,
    *,
    at: datetime,
    account_id: int,
    member_id: int | None,
    company_id: int | None,
    event_type: str,
    action: str,
    interface: Interface,
    ip_address: str,
) -> None:
    """An audit event, as « Mon historique » lists it."""
    buf.add(
        T["audit_events"],
        {
            "id": ctx.ids.take(T["audit_events"]),
            "occurred_at": at,
            "account_id": account_id,
            "member_id": member_id,
            "company_id": company_id,
            "event_type": event_type,
            "action": action,
            "interface": interface,
            "ip_address": ip_address,
        },
    )
