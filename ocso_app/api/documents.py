"""The member's PDFs, streamed by plain routes: one décompte, the décomptes of a selection, and the carte de
tiers payant (also as the static page a device keeps on the member's request). Each route resolves the
caller from the session cookie (the same guard as the pages); the services put that member's id in every
query, answer ``None`` for a statement that is not the caller's (404 here) and write the download in the
audit log. No cache keeps the file."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ocso_app.api.guard import PRIVATE, path_id, private_file, refused, serve_member
from ocso_app.config import settings
from ocso_app.services import card_view, kept_card, reimbursements, statement_pdf, tiers_payant
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today

PDF = "application/pdf"
NO_STATEMENT = "Décompte introuvable."


async def statement(request: Request) -> Response:
    """One décompte of the caller's."""
    statement_id = path_id(request, "statement_id")

    def answer(session: Session, actor: Actor) -> Response | None:
        if statement_id is None:
            return None
        content = statement_pdf.statement_pdf(session, actor=actor, statement_id=statement_id)
        return private_file(content, PDF, f"decompte-{statement_id}.pdf") if content else None

    return await serve_member(request, answer, not_found=NO_STATEMENT)


async def selection(request: Request) -> Response:
    """``?du=&au=&beneficiaire=&nature=``: every décompte of a selection."""
    query = request.query_params

    def answer(session: Session, actor: Actor) -> Response:
        try:
            filters = reimbursements.parse_filters(
                session,
                member_id=actor.member_id or 0,
                start=query.get("du", ""),
                end=query.get("au", ""),
                beneficiary=query.get("beneficiaire", ""),
                category=query.get("nature", ""),
            )
            content = statement_pdf.selection_pdf(session, actor=actor, filters=filters)
        except OcsoError as error:
            return refused(400, error.message)
        return private_file(content, PDF, "decomptes.pdf")

    return await serve_member(request, answer, not_found=NO_STATEMENT)


async def card(request: Request) -> Response:
    """The caller's carte de tiers payant."""

    def answer(session: Session, actor: Actor) -> Response:
        try:
            content = tiers_payant.member_card_pdf(session, actor=actor, today=paris_today())
        except OcsoError as error:
            return refused(403, error.message)
        return private_file(content, PDF, "carte-tiers-payant.pdf")

    return await serve_member(request, answer, not_found=NO_STATEMENT)


async def card_offline(request: Request) -> Response:
    """The caller's card as one static page: the service worker fetches it when the member asks to keep the
    card on the device. No-store like every private answer: only that explicit request stores it."""

    def answer(session: Session, actor: Actor) -> Response:
        try:
            page = card_view.card_html(session, actor=actor, today=paris_today())
        except OcsoError as error:
            return refused(403, error.message)
        response = HTMLResponse(page, headers=PRIVATE)
        response.set_cookie(  # whose card the device now keeps: another's login deletes it (kept_card)
            kept_card.KEPT_CARD_COOKIE,
            kept_card.holder_tag(actor.member_id or 0),
            max_age=kept_card.KEPT_CARD_AGE,
            path="/",
            httponly=True,
            samesite="strict",
            secure=settings().secure_cookies,
        )
        return response

    return await serve_member(request, answer, not_found=NO_STATEMENT)
