"""The Starlette app that carries our own routes; Reflex's backend is mounted under it.

Each path comes from ``ocso_app.routes`` (the one table of URLs); this module only says which function
answers which endpoint, and refuses to start if an endpoint of the table has no handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ocso_app import routes
from ocso_app.api import allowances as employer_allowances
from ocso_app.api import (
    deposit_emails,
    employer_affiliation,
    employer_attestations,
    employer_documents,
    employer_requests,
    session_routes,
    staff_content,
    staff_files,
    staff_requests,
    staff_spreadsheets,
)
from ocso_app.api import documents as member_pdfs
from ocso_app.api import files as member_files

Handler = Callable[[Request], Awaitable[Response]]


async def health(_request: Request) -> JSONResponse:
    """Liveness probe used by the run command and the test fixture."""
    return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})


HANDLERS: dict[routes.Endpoint, Handler] = {
    routes.API_HEALTH: health,
    routes.API_LOGIN: session_routes.login,
    routes.API_LOGOUT: session_routes.end,
    routes.API_SECOND_FACTOR: session_routes.verify_second_factor,
    routes.API_SECOND_FACTOR_HANDOFF: session_routes.finish_enrolment,
    routes.API_NEW_PASSWORD_HANDOFF: session_routes.finish_new_password,
    routes.API_MEMBER_SELECTION_PDF: member_pdfs.selection,
    routes.API_MEMBER_STATEMENT_PDF: member_pdfs.statement,
    routes.API_MEMBER_CARD_PDF: member_pdfs.card,
    routes.API_MEMBER_CARD_OFFLINE: member_pdfs.card_offline,
    routes.API_MEMBER_DOCUMENT: member_files.member_document,
    routes.API_MEMBER_GUARANTEES: member_files.guarantee_document,
    routes.API_MEMBER_ATTACHMENT: member_files.request_attachment,
    routes.API_EMPLOYER_ATTACHMENT: employer_requests.attachment,
    routes.API_EMPLOYER_ATTESTATION: employer_attestations.attestation,
    routes.API_EMPLOYER_ATTESTATIONS: employer_attestations.attestations,
    routes.API_EMPLOYER_ALLOWANCE_PDF: employer_allowances.allowance_decompte,
    routes.API_EMPLOYER_CONTRACT_DOCUMENT: employer_documents.contract_document,
    routes.API_EMPLOYER_DOCUMENT: employer_documents.company_document,
    routes.API_EMPLOYER_GUIDE: employer_documents.guide,
    routes.API_EMPLOYER_BIA_PDF: employer_documents.membership_form_pdf,
    routes.API_EMPLOYER_AFFILIATION_LETTER: employer_affiliation.letter,
    routes.API_EMPLOYER_RADIATION_LETTER: employer_affiliation.radiation_letter_pdf,
    routes.API_EMPLOYER_DISPENSE_PROOF: employer_affiliation.dispense_proof,
    routes.API_EMPLOYER_STAFF_EXPORT: staff_spreadsheets.staff_export,
    routes.API_EMPLOYER_DISPENSE_REGISTER: staff_spreadsheets.dispenses_archive,
    routes.API_EMPLOYER_IMPORT_TEMPLATE: staff_spreadsheets.import_template,
    routes.API_EMPLOYER_IMPORT_REPORT: staff_spreadsheets.import_report,
    routes.API_DEPOSIT_EMAILS_OFF: deposit_emails.deposit_emails_off,
    routes.API_STAFF_ATTACHMENT: staff_requests.attachment,
    routes.API_STAFF_IMPORT_EXAMPLE: staff_content.import_example,
    routes.API_STAFF_ALLOWANCES_EXAMPLE: staff_content.allowances_example,
    routes.API_STAFF_CONTRIBUTIONS_EXAMPLE: staff_content.contributions_example,
    routes.API_STAFF_MEMBER_STATEMENT: staff_files.member_statement,
    routes.API_STAFF_MEMBER_DOCUMENT: staff_files.member_document,
    routes.API_STAFF_COMPANY_CODE_LETTER: staff_files.company_code_letter,
    routes.API_STAFF_MEMBER_PASSWORD_LETTER: staff_files.member_password_letter,
    routes.API_STAFF_PORTABILITY_PROOF: staff_files.portability_proof,
}


def build_api() -> Starlette:
    """Our routes; each private one resolves the caller from the session cookie itself."""
    missing = set(routes.endpoints().values()) - set(HANDLERS)
    if missing:
        raise RuntimeError(f"Endpoints without a handler: {sorted(e.path for e in missing)}")
    return Starlette(
        routes=[
            Route(endpoint.path, handler, methods=list(endpoint.methods))
            for endpoint, handler in HANDLERS.items()
        ]
    )
