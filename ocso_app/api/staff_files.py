"""A member's décompte (PDF) and published documents, for OCSO staff from the member's file (Dossiers).

The staff guard requires a fully logged-in staff account whose role may read a member's file
(``VIEW_MEMBER_FILE``); the query's ``motif`` must be one of the reasons of the file's health data (400 with
the French message otherwise, nothing written); the service finds the décompte or the document of that
member only and writes the download with the reason in the member's history. Anything else answers 404
exactly like a missing file. Opened from another site (a link elsewhere, followed by an agent's browser), a
file is refused before anything is written: the reason written in the member's history is the agent's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.documents import NO_STATEMENT
from ocso_app.api.files import NOT_FOUND, stream_stored
from ocso_app.api.guard import path_id, private_file, refused, staff_route
from ocso_app.services import client_files, client_health_files
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.staff_access import StaffAction, StaffCaller

PDF = "application/pdf"
FROM_ELSEWHERE = "Ouvrez ce fichier depuis le dossier de l'assuré (Espace OCSO > Dossiers)."
FileOpener = Callable[[Session, Actor, int, int, str], Response | None]


def _of_member(
    id_param: str,
) -> Callable[[FileOpener], Callable[[Session, StaffCaller, Request], Response | None]]:
    """The route's answer around ``open_file(session, actor, member_id, <id_param>, reason)``: the ids of the
    path (not ids: not found) and the reason of the query (refused in French when none of the list); a
    request another site started is refused (the browser says so in ``Sec-Fetch-Site``)."""

    def decorate(open_file: FileOpener) -> Callable[[Session, StaffCaller, Request], Response | None]:
        @functools.wraps(open_file)
        def answer(session: Session, caller: StaffCaller, request: Request) -> Response | None:
            if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                return refused(403, FROM_ELSEWHERE)
            member_id, wanted = path_id(request, "member_id"), path_id(request, id_param)
            if member_id is None or wanted is None:
                return None
            reason = request.query_params.get(client_files.REASON, "")
            try:
                return open_file(session, caller.audit, member_id, wanted, reason)
            except OcsoError as error:
                return refused(400, error.message)

        return answer

    return decorate


@_of_member("statement_id")
def _statement(
    session: Session, actor: Actor, member_id: int, statement_id: int, reason: str
) -> Response | None:
    """GET one of the member's décomptes as PDF, for a reason of the list."""
    content = client_health_files.statement_pdf(
        session, actor=actor, member_id=member_id, statement_id=statement_id, reason=reason
    )
    return private_file(content, PDF, f"decompte-{statement_id}.pdf") if content else None


@_of_member("document_id")
def _document(
    session: Session, actor: Actor, member_id: int, document_id: int, reason: str
) -> Response | None:
    """GET one of the member's published documents (left unread for them), for a reason of the list."""
    return stream_stored(
        client_health_files.document(
            session, actor=actor, member_id=member_id, document_id=document_id, reason=reason
        )
    )


member_statement = staff_route(StaffAction.VIEW_MEMBER_FILE, _statement, not_found=NO_STATEMENT)
member_document = staff_route(StaffAction.VIEW_MEMBER_FILE, _document, not_found=NOT_FOUND)
