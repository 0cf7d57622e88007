"""A member's décompte (PDF) and published documents, for OCSO staff from the member's file (Dossiers).

The staff guard requires a fully logged-in staff account whose role may read a member's file
(``VIEW_MEMBER_FILE``); the query's ``motif`` must be one of the reasons of the file's health data (400 with
the French message otherwise, nothing written); the service finds the décompte or the document of that
member only and writes the download with the reason in the member's history. Anything else answers 404
exactly like a missing file. Opened from another site (a link elsewhere, followed by an agent's browser), a
file is refused before anything is written: the reason written in the member's history is the agent's.

A company's letter with a new code de sécurité (``security_codes``) is for the roles that may change companies
(``APPLY_EMPLOYER_CHANGES``); each letter revokes the previous code, so it is refused from another site too.
So is a member's letter with a temporary password (``member_access``), for the roles that may change a
member's file (``APPLY_MEMBER_CHANGES``): each letter replaces the member's password. Both are POSTed by the
file's confirmation dialog (``routes`` mounts them for POST only: a GET, a prefetched or stray link, is a 405
that changes nothing), with the portal's Origin (``headers.origin_guard``).

A proof of portabilité OCSO recorded for a former employee (``portability_proofs``) opens for the roles that
read the company's file (``VIEW_COMPANY_FILE``), of that company or its structures only (404 otherwise); each
opening is audited, so it is refused from another site too. The company's HR users never get the file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.documents import NO_STATEMENT
from ocso_app.api.files import NOT_FOUND, stream_stored
from ocso_app.api.guard import path_id, private_file, refused, staff_route, started_elsewhere
from ocso_app.models.base import utcnow
from ocso_app.services import (
    client_files,
    client_health_files,
    member_access,
    portability_proofs,
    security_codes,
)
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.pdf_drawing import Letter
from ocso_app.services.staff_access import StaffAction, StaffCaller

PDF = "application/pdf"
FROM_ELSEWHERE = "Ouvrez ce fichier depuis le dossier de l'assuré (Espace OCSO > Dossiers)."
FROM_ELSEWHERE_COMPANY = "Téléchargez ce courrier depuis le dossier de l'entreprise (Espace OCSO > Dossiers)."
FROM_ELSEWHERE_MEMBER = "Téléchargez ce courrier depuis le dossier de l'assuré (Espace OCSO > Dossiers)."
FROM_ELSEWHERE_PROOF = "Ouvrez ce justificatif depuis le dossier de l'entreprise (Espace OCSO > Dossiers)."
NO_COMPANY = "Entreprise introuvable."
FileOpener = Callable[[Session, Actor, int, int, str], Response | None]
LetterMaker = Callable[[Session, int, Actor], Letter | None]


def _of_member(
    id_param: str,
) -> Callable[[FileOpener], Callable[[Session, StaffCaller, Request], Response | None]]:
    """The route's answer around ``open_file(session, actor, member_id, <id_param>, reason)``: the ids of the
    path (not ids: not found) and the reason of the query (refused in French when none of the list); a
    request another site started is refused (the browser says so in ``Sec-Fetch-Site``)."""

    def decorate(open_file: FileOpener) -> Callable[[Session, StaffCaller, Request], Response | None]:
        @functools.wraps(open_file)
        def answer(session: Session, caller: StaffCaller, request: Request) -> Response | None:
            if started_elsewhere(request):
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


def _posted_letter(
    id_param: str, elsewhere: str
) -> Callable[[LetterMaker], Callable[[Session, StaffCaller, Request], Response | None]]:
    """The route's answer around ``make(session, <id_param>, actor)``, a letter whose download replaces a
    secret: refused from another site (``elsewhere``) before anything is written, not found for a bad id, 400
    with the French message when the service refuses."""

    def decorate(make: LetterMaker) -> Callable[[Session, StaffCaller, Request], Response | None]:
        @functools.wraps(make)
        def answer(session: Session, caller: StaffCaller, request: Request) -> Response | None:
            if started_elsewhere(request):
                return refused(403, elsewhere)
            wanted = path_id(request, id_param)
            if wanted is None:
                return None
            try:
                letter = make(session, wanted, caller.audit)
            except OcsoError as error:
                return refused(400, error.message)
            return private_file(letter.pdf, PDF, letter.filename) if letter else None

        return answer

    return decorate


@_posted_letter("company_id", FROM_ELSEWHERE_COMPANY)
def _code_letter(session: Session, company_id: int, actor: Actor) -> Letter | None:
    """POST: the letter with a new code de sécurité for the company (the previous code revoked)."""
    return security_codes.new_code_letter(session, company_id=company_id, actor=actor, now=utcnow())


@_posted_letter("member_id", FROM_ELSEWHERE_MEMBER)
def _password_letter(session: Session, member_id: int, actor: Actor) -> Letter | None:
    """POST: the letter with a new temporary password for the member's account (the current one replaced)."""
    return member_access.new_password_letter(session, member_id=member_id, actor=actor, now=utcnow())


company_code_letter = staff_route(StaffAction.APPLY_EMPLOYER_CHANGES, _code_letter, not_found=NO_COMPANY)
member_password_letter = staff_route(StaffAction.APPLY_MEMBER_CHANGES, _password_letter, not_found=NOT_FOUND)


def _portability_proof(session: Session, caller: StaffCaller, request: Request) -> Response | None:
    """GET a proof of portabilité recorded for an employee of the company or its structures (audited)."""
    if started_elsewhere(request):
        return refused(403, FROM_ELSEWHERE_PROOF)
    company_id, proof_id = path_id(request, "company_id"), path_id(request, "proof_id")
    if company_id is None or proof_id is None:
        return None
    return stream_stored(
        portability_proofs.proof_file(session, actor=caller.audit, company_id=company_id, proof_id=proof_id)
    )


portability_proof = staff_route(StaffAction.VIEW_COMPANY_FILE, _portability_proof, not_found=NOT_FOUND)
