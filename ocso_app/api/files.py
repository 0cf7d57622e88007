"""Protected downloads of the member space: a published document or a démarche's attachment.

Each call resolves the caller from the session cookie and checks ownership in the query; another member's
file answers 404, exactly like a missing one.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.db import db_session
from ocso_app.models import AccountKind, RequestAttachment
from ocso_app.models import Request as Demarche
from ocso_app.services import audit, documents, uploads
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.errors import AccessDenied
from ocso_app.services.sessions import Principal, resolve_principal

PRIVATE = {"cache-control": "no-store", "x-content-type-options": "nosniff"}


def _member(session, request: Request) -> Principal | None:
    principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
    if principal is None or principal.kind != AccountKind.MEMBER or not principal.fully_authenticated:
        return None
    return principal


def _int(request: Request, name: str) -> int | None:
    value = request.path_params.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _file(content: bytes, content_type: str, filename: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=content_type, headers={**PRIVATE, "content-disposition": disposition})


def _refused(status: int) -> Response:
    return Response(
        "Document introuvable." if status == 404 else "Connexion requise.", status, headers=PRIVATE
    )


async def member_document(request: Request) -> Response:
    """GET a published document; opening it marks it read (the badges drop)."""
    document_id = _int(request, "document_id")
    with db_session() as session:
        principal = _member(session, request)
        if principal is None:
            return _refused(401)
        if document_id is None:
            return _refused(404)
        try:
            document = documents.owned_document(
                session, member_id=principal.member_id, document_id=document_id
            )
        except AccessDenied:
            return _refused(404)
        documents.mark_read(
            session,
            member_id=principal.member_id,
            document_id=document.id,
            account_id=principal.account_id,
            interface=interface_from_user_agent(request.headers.get("user-agent")),
        )
        key, content_type, title = document.storage_key, document.content_type, document.title
    return _file(uploads.read_stored(key), content_type, f"{title}.pdf")


async def request_attachment(request: Request) -> Response:
    """GET a file the member attached to one of their own démarches."""
    request_id, attachment_id = _int(request, "request_id"), _int(request, "attachment_id")
    with db_session() as session:
        principal = _member(session, request)
        if principal is None:
            return _refused(401)
        attachment = session.scalar(
            select(RequestAttachment)
            .join(Demarche, Demarche.id == RequestAttachment.request_id)
            .where(
                RequestAttachment.id == attachment_id,
                RequestAttachment.request_id == request_id,
                Demarche.member_id == principal.member_id,
            )
        )
        if attachment is None:
            return _refused(404)
        audit.record(
            session,
            event_type="Téléchargement",
            action=f"Téléchargement de la pièce « {attachment.original_name} »",
            account_id=principal.account_id,
            member_id=principal.member_id,
            interface=interface_from_user_agent(request.headers.get("user-agent")),
        )
        key, content_type, name = attachment.storage_key, attachment.content_type, attachment.original_name
    return _file(uploads.read_stored(key), content_type, name)
