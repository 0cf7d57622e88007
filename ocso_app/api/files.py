"""Protected downloads of the member space: a published document, a document of the member's contract, or
a démarche's attachment.

Each call resolves the caller from the session cookie; the services check ownership in the query and write
the audit row. Another member's file answers 404, exactly like a missing one.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import path_id, private_file, serve_member
from ocso_app.services import documents, member_guarantees, requests, uploads
from ocso_app.services.uploads import StoredFile

NOT_FOUND = "Document introuvable."


def stream_stored(stored: StoredFile | None) -> Response | None:
    """A private file as a download; ``None`` (answered 404 by the route's guard) when there is none."""
    if stored is None:
        return None
    return private_file(uploads.read_stored(stored.storage_key), stored.content_type, stored.download_name)


async def member_document(request: Request) -> Response:
    """GET a published document; opening it marks it read (the badges drop)."""
    document_id = path_id(request, "document_id")
    return await serve_member(
        request,
        lambda session, actor: stream_stored(
            documents.open_member_document(session, actor=actor, document_id=document_id)
            if document_id is not None
            else None
        ),
        not_found=NOT_FOUND,
    )


async def guarantee_document(request: Request) -> Response:
    """GET a descriptif de garanties or notice d'information of the member's own contract."""
    document_id = path_id(request, "document_id")
    return await serve_member(
        request,
        lambda session, actor: stream_stored(
            member_guarantees.open_contract_document(session, actor=actor, document_id=document_id)
            if document_id is not None
            else None
        ),
        not_found=NOT_FOUND,
    )


async def request_attachment(request: Request) -> Response:
    """GET a file the member attached to one of their own démarches."""
    request_id, attachment_id = path_id(request, "request_id"), path_id(request, "attachment_id")
    return await serve_member(
        request,
        lambda session, actor: stream_stored(
            requests.owned_attachment(
                session, actor=actor, request_id=request_id, attachment_id=attachment_id
            )
            if request_id is not None and attachment_id is not None
            else None
        ),
        not_found=NOT_FOUND,
    )
