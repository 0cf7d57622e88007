"""Protected download of an attachment of a démarche, for OCSO staff (Espace OCSO > Démarches).

The staff guard requires a fully logged-in staff account whose role handles démarches; the service finds
the démarche on the caller's desks only (a prestations agent never opens an employer's file) and writes the
audit row with the staff account. Anything else answers 404 exactly like a missing file.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.files import NOT_FOUND, stream_stored
from ocso_app.api.guard import path_id, staff_route
from ocso_app.services.requests import desk
from ocso_app.services.staff_access import StaffAction, StaffCaller


def _attachment(session: Session, caller: StaffCaller, request: Request) -> Response | None:
    """GET a file attached to a démarche of the caller's desks."""
    return stream_stored(
        desk.attachment(
            session,
            caller=caller,
            request_id=path_id(request, "request_id"),
            attachment_id=path_id(request, "attachment_id"),
        )
    )


attachment = staff_route(StaffAction.HANDLE_REQUESTS, _attachment, not_found=NOT_FOUND)
