"""Attestations d'adhésion of the Assurés page, streamed by plain routes: one employee's, or those of a
selection (``?salaries=1,2,3``) in one PDF. The employer guard gives the structures whose profile allows
seeing the employees; the service looks each id up within them only, and a single id outside them refuses
the whole download with the same 404 as a missing employee. Each attestation drawn is audited."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import employer_route, path_id, private_file, refused
from ocso_app.services import attestation_pdf
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today

PDF = "application/pdf"
NO_EMPLOYEE = "Salarié introuvable."
SELECTION = "salaries"


def _pdf(session: Session, actor: Actor, scope: EmployerScope, employee_ids: list[int]) -> bytes | None:
    return attestation_pdf.attestations_pdf(
        session,
        actor=actor,
        structure_ids=scope.structure_ids,
        employee_ids=employee_ids,
        today=paris_today(),
    )


def _one(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """The attestation d'adhésion of one employee of the caller's structures."""
    employee_id = path_id(request, "employee_id")
    content = _pdf(session, actor, scope, [employee_id]) if employee_id is not None else None
    return private_file(content, PDF, f"attestation-adhesion-{employee_id}.pdf") if content else None


def _selection(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """The attestations d'adhésion of the selected employees, one page each."""
    try:
        employee_ids = attestation_pdf.parse_selection(request.query_params.get(SELECTION, ""))
    except OcsoError as error:
        return refused(400, error.message)
    content = _pdf(session, actor, scope, employee_ids) if employee_ids is not None else None
    return private_file(content, PDF, "attestations-adhesion.pdf") if content else None


attestation = employer_route(EmployerAction.VIEW_EMPLOYEES, _one, not_found=NO_EMPLOYEE)
attestations = employer_route(EmployerAction.VIEW_EMPLOYEES, _selection, not_found=NO_EMPLOYEE)
