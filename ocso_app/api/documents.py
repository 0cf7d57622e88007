"""The member's PDFs, streamed by plain routes: one décompte, the décomptes of a selection, and the carte de
tiers payant. Each route resolves the caller from the session cookie (the same guard as the pages); the
services put that member's id in every query, answer ``None`` for a statement that is not the caller's
(404 here) and write the download in the audit log. No cache keeps the file."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import LOG_IN, member_actor, path_id, private_file, refused
from ocso_app.db import db_session
from ocso_app.services import reimbursements, statement_pdf, tiers_payant
from ocso_app.services.errors import OcsoError

PDF = "application/pdf"
NO_STATEMENT = "Décompte introuvable."


async def statement(request: Request) -> Response:
    """One décompte of the caller's."""
    statement_id = path_id(request, "statement_id")
    with db_session() as session:
        actor = member_actor(session, request)
        if actor is None:
            return refused(401, LOG_IN)
        content = (
            statement_pdf.statement_pdf(session, actor=actor, statement_id=statement_id)
            if statement_id is not None
            else None
        )
    if content is None:
        return refused(404, NO_STATEMENT)
    return private_file(content, PDF, f"decompte-{statement_id}.pdf")


async def selection(request: Request) -> Response:
    """``?du=&au=&beneficiaire=&nature=``: every décompte of a selection."""
    query = request.query_params
    with db_session() as session:
        actor = member_actor(session, request)
        if actor is None or actor.member_id is None:
            return refused(401, LOG_IN)
        try:
            filters = reimbursements.parse_filters(
                session,
                member_id=actor.member_id,
                start=query.get("du", ""),
                end=query.get("au", ""),
                beneficiary=query.get("beneficiaire", ""),
                category=query.get("nature", ""),
            )
            content = statement_pdf.selection_pdf(session, actor=actor, filters=filters)
        except OcsoError as error:
            return refused(400, error.message)
    return private_file(content, PDF, "decomptes.pdf")


async def card(request: Request) -> Response:
    """The caller's carte de tiers payant."""
    with db_session() as session:
        actor = member_actor(session, request)
        if actor is None:
            return refused(401, LOG_IN)
        content = tiers_payant.member_card_pdf(session, actor=actor, today=date.today())
    return private_file(content, PDF, "carte-tiers-payant.pdf")
