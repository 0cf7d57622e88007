"""The employer's downloads of Entreprise and Documents: a contract's descriptif de garanties or notice
d'information, a document published to a structure, a guide or tutorial published to every employer, and the
bulletin individuel d'adhésion composed from the query. Each route goes through ``employer_route`` (the
session, then the structures on which the caller's profile allows « voir la structure »); the services
restrict every query to them, so another company's id answers 404 like a missing one, and write the audit
row. A guide is every employer's: any caller with such a structure reads it, until OCSO withdraws it."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import employer_route, path_id, private_file, refused
from ocso_app.services import company_documents, contracts, employer_guides, membership_form, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope
from ocso_app.services.formats import paris_today
from ocso_app.services.membership_form import InvalidChoice
from ocso_app.services.uploads import StoredFile

PDF = "application/pdf"
NO_DOCUMENT = "Document introuvable."
NO_CONTRACT = "Contrat introuvable."


def _stream(stored: StoredFile | None) -> Response | None:
    if stored is None:
        return None
    return private_file(uploads.read_stored(stored.storage_key), stored.content_type, stored.download_name)


def _contract_document(
    session: Session, actor: Actor, scope: EmployerScope, request: Request
) -> Response | None:
    """GET a descriptif de garanties or notice d'information of a signed contract in force."""
    document_id = path_id(request, "document_id")
    if document_id is None:
        return None
    return _stream(
        contracts.open_contract_document(
            session,
            actor=actor,
            structure_ids=scope.structure_ids,
            document_id=document_id,
            today=paris_today(),
        )
    )


def _company_document(
    session: Session, actor: Actor, scope: EmployerScope, request: Request
) -> Response | None:
    """GET a document published to one of the caller's structures."""
    document_id = path_id(request, "document_id")
    if document_id is None:
        return None
    return _stream(
        company_documents.open_company_document(
            session, actor=actor, structure_ids=scope.structure_ids, document_id=document_id
        )
    )


def _guide(session: Session, actor: Actor, _scope: EmployerScope, request: Request) -> Response | None:
    """GET a guide RH, guide salarié(e) or tutoriel published to every employer (none once withdrawn)."""
    guide_id = path_id(request, "guide_id")
    if guide_id is None:
        return None
    return _stream(employer_guides.open_guide(session, actor=actor, guide_id=guide_id))


def _membership_form(
    session: Session, actor: Actor, scope: EmployerScope, request: Request
) -> Response | None:
    """GET ``?contrat=&options=&precompte=&effectif=``: the bulletin individuel d'adhésion as composed."""
    query = request.query_params
    try:
        choice = membership_form.parse_choice(
            contract=query.get("contrat", ""),
            options=query.get("options", ""),
            payroll=query.get("precompte", ""),
            headcount=query.get("effectif", ""),
        )
        if choice is None:
            return None
        content = membership_form.membership_form_pdf(
            session, actor=actor, structure_ids=scope.structure_ids, choice=choice, today=paris_today()
        )
    except InvalidChoice as error:
        return refused(400, error.message)
    if content is None:
        return None
    return private_file(content, PDF, "bulletin-individuel-adhesion.pdf")


contract_document = employer_route(EmployerAction.VIEW_STRUCTURE, _contract_document, not_found=NO_DOCUMENT)
company_document = employer_route(EmployerAction.VIEW_STRUCTURE, _company_document, not_found=NO_DOCUMENT)
guide = employer_route(EmployerAction.VIEW_STRUCTURE, _guide, not_found=NO_DOCUMENT)
membership_form_pdf = employer_route(EmployerAction.VIEW_STRUCTURE, _membership_form, not_found=NO_CONTRACT)
