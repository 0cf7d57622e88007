"""The employer's décompte of one payment of indemnités journalières, streamed by a plain route. The employer
route guard gives the structures on which the caller's profile allows viewing arrêts de travail; the service
looks the payment up within them (another company's payment answers 404, like a missing one) and writes the
download in the audit log. No cache keeps the file."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import employer_route, path_id, private_file
from ocso_app.services import allowance_pdf
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope

PDF = "application/pdf"
NO_ALLOWANCE = "Décompte introuvable."


def _decompte(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """One décompte d'indemnités journalières of the caller's structures."""
    allowance_id = path_id(request, "allowance_id")
    if allowance_id is None:
        return None
    content = allowance_pdf.allowance_pdf(
        session, actor=actor, structure_ids=scope.structure_ids, allowance_id=allowance_id
    )
    return private_file(content, PDF, f"decompte-ij-{allowance_id}.pdf") if content else None


allowance_decompte = employer_route(EmployerAction.VIEW_SICK_LEAVE, _decompte, not_found=NO_ALLOWANCE)
