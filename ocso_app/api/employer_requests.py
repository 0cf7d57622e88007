"""Protected download of an attachment of the Espace Employeur's démarches (Démarches > Mes derniers envois).

The route's scope is every structure the caller sees; the service then requires the démarche's own kind to
be allowed by the caller's profile on its structure and writes the audit row. Another company's file, or a
kind the profile does not allow, answers 404 exactly like a missing one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.files import NOT_FOUND, stream_stored
from ocso_app.api.guard import employer_route, path_id
from ocso_app.services import requests
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope


def _attachment(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """GET a file attached to a démarche of one of the caller's structures."""
    request_id, attachment_id = path_id(request, "request_id"), path_id(request, "attachment_id")
    if request_id is None or attachment_id is None:
        return None
    return stream_stored(
        requests.company_attachment(
            session,
            actor=actor,
            structure_ids=scope.structure_ids,
            request_id=request_id,
            attachment_id=attachment_id,
        )
    )


attachment = employer_route(EmployerAction.VIEW_STRUCTURE, _attachment, not_found=NOT_FOUND)
