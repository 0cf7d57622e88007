"""The files of the fiche salarié(e), streamed by plain routes for an employer allowed to manage the
employees of the structure: the affiliation letter to post (a new code each time, the previous one revoked:
POSTed by the page's confirmation dialog from the portal's own page, a GET is a 405 that draws nothing), the
radiation letter to hand over or post, and the proof of a dispense request. Another structure's ids answer the
same 404 as missing ones; each download is audited by its service."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import employer_route, path_id, private_file, refused, started_elsewhere
from ocso_app.models.base import utcnow
from ocso_app.services import dispense_decisions
from ocso_app.services.affiliation_letter import affiliation_letter
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope
from ocso_app.services.radiation_letter import radiation_letter

NO_LETTER = "Aucun courrier d'affiliation à télécharger pour ce/cette salarié(e)."
NO_PROOF = "Justificatif introuvable."
NO_RADIATION_LETTER = "Aucun courrier de radiation à télécharger pour ce/cette salarié(e)."
CROSS_SITE = "Téléchargez ce courrier depuis la fiche du/de la salarié(e)."


def _letter(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """POST: the affiliation letter of a pending employee without e-mail, with a new code."""
    if started_elsewhere(request):  # a new code revokes the posted one: only the fiche salarié(e) asks
        return refused(403, CROSS_SITE)
    employee_id = path_id(request, "employee_id")
    if employee_id is None:
        return None
    letter = affiliation_letter(
        session, structure_ids=scope.structure_ids, employee_id=employee_id, actor=actor, now=utcnow()
    )
    if letter is None:
        return None
    return private_file(letter.pdf, "application/pdf", letter.filename)


def _radiation_letter(
    session: Session, actor: Actor, scope: EmployerScope, request: Request
) -> Response | None:
    """The radiation letter of a radiated employee (what the radiation's e-mail says), audited."""
    employee_id = path_id(request, "employee_id")
    if employee_id is None:
        return None
    letter = radiation_letter(
        session, structure_ids=scope.structure_ids, employee_id=employee_id, actor=actor, now=utcnow()
    )
    if letter is None:
        return None
    return private_file(letter.pdf, "application/pdf", letter.filename)


def _proof(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """The proof attached to a dispense request."""
    request_id = path_id(request, "request_id")
    if request_id is None:
        return None
    proof = dispense_decisions.proof(
        session, structure_ids=scope.structure_ids, request_id=request_id, actor=actor
    )
    if proof is None:
        return None
    return private_file(proof.content, proof.content_type, proof.filename)


letter = employer_route(EmployerAction.MANAGE_EMPLOYEES, _letter, not_found=NO_LETTER)
radiation_letter_pdf = employer_route(
    EmployerAction.MANAGE_EMPLOYEES, _radiation_letter, not_found=NO_RADIATION_LETTER
)
dispense_proof = employer_route(EmployerAction.MANAGE_EMPLOYEES, _proof, not_found=NO_PROOF)
