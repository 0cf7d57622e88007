"""The member's PDFs, streamed by plain routes: one décompte, the décomptes of a selection, and the carte de
tiers payant. Each route resolves the caller from the session cookie (the same guard as the pages), puts the
member id of that session in every query, answers 404 for a statement that is not the caller's, never lets a
cache keep the file, and writes the download in the audit log."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import audit, reimbursements, statement_pdf, tiers_payant
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal, resolve_principal

NO_STORE = {"cache-control": "no-store, private", "pragma": "no-cache"}
EVENT_TYPE = "Téléchargement"


def _member(session, request: Request) -> Principal | None:
    principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
    if principal is None or principal.kind != AccountKind.MEMBER or not principal.fully_authenticated:
        return None
    return principal


def _pdf(content: bytes, filename: str) -> Response:
    headers = {**NO_STORE, "content-disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type="application/pdf", headers=headers)


def _refused(status: int, text: str) -> PlainTextResponse:
    return PlainTextResponse(text, status_code=status, headers=NO_STORE)


def _audit(session, request: Request, principal: Principal, action: str) -> None:
    audit.record(
        session,
        event_type=EVENT_TYPE,
        action=action,
        account_id=principal.account_id,
        member_id=principal.member_id,
        interface=interface_from_user_agent(request.headers.get("user-agent")),
        ip_address=request.client.host if request.client else None,
    )


async def statement(request: Request) -> Response:
    """``/api/assure/decomptes/{statement_id}.pdf``: one décompte of the caller's."""
    statement_id = request.path_params["statement_id"]
    with db_session() as session:
        principal = _member(session, request)
        if principal is None:
            return _refused(401, "Connectez-vous à votre Espace Santé Assuré.")
        content = statement_pdf.statement_pdf(
            session, member_id=principal.member_id, statement_id=statement_id
        )
        if content is None:
            return _refused(404, "Décompte introuvable.")
        _audit(session, request, principal, f"Téléchargement du décompte de prestations n° {statement_id}")
    return _pdf(content, f"decompte-{statement_id}.pdf")


async def selection(request: Request) -> Response:
    """``/api/assure/decomptes.pdf?du=&au=&beneficiaire=&nature=``: every décompte of a selection."""
    query = request.query_params
    with db_session() as session:
        principal = _member(session, request)
        if principal is None:
            return _refused(401, "Connectez-vous à votre Espace Santé Assuré.")
        try:
            filters = reimbursements.parse_filters(
                session,
                member_id=principal.member_id,
                start=query.get("du", ""),
                end=query.get("au", ""),
                beneficiary=query.get("beneficiaire", ""),
                category=query.get("nature", ""),
            )
            content = statement_pdf.selection_pdf(session, member_id=principal.member_id, filters=filters)
        except OcsoError as error:
            return _refused(400, error.message)
        selected = reimbursements.describe_filters(session, member_id=principal.member_id, filters=filters)
        _audit(session, request, principal, f"Téléchargement des décomptes de la sélection ({selected})")
    return _pdf(content, "decomptes.pdf")


async def card(request: Request) -> Response:
    """``/api/assure/carte-tiers-payant.pdf``: the caller's carte de tiers payant."""
    with db_session() as session:
        principal = _member(session, request)
        if principal is None:
            return _refused(401, "Connectez-vous à votre Espace Santé Assuré.")
        content = tiers_payant.member_card_pdf(session, member_id=principal.member_id, today=date.today())
        _audit(session, request, principal, "Téléchargement de la carte de tiers payant")
    return _pdf(content, "carte-tiers-payant.pdf")
