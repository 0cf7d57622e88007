"""Démarches both ways in Chromium: a Prestations agent answers a member's question; the member replies from
Mes dernières démarches with a PDF; the agent finds it under « Réponse reçue » in the queue and reads the
reply and its file on the détail page. Then the attacks over the raw websocket: another member's cookie
with the first member's démarche, and no cookie at all, are refused and write nothing."""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, Member, RequestAttachment, RequestMessage, StaffRole
from ocso_app.services.requests import desk
from ocso_app.state.member.requests import RequestsState
from tests.builders import make_member_account, make_pdf, make_request, make_staff, staff_caller
from tests.e2e.helpers import cookie_for, page_as, shoot
from tests.support.raw_socket import RawReflexSocket, handler_name

QUESTION = "Ma facture de pharmacie est-elle remboursée ?"
ANSWER = "Merci de nous joindre la facture détaillée de la pharmacie."
REPLY = "Voici la facture détaillée, merci."


def _answered_question(session, *, answer: bool = True):
    """A member's question taken and answered by a Prestations agent: (member account, request, agent)."""
    account = make_member_account(session)
    agent = make_staff(session, role=StaffRole.PRESTATIONS)
    request = make_request(
        session, member=session.get(Member, account.member_id), payload={"question": QUESTION}
    )
    request.author_account_id = account.id
    if answer:
        desk.take(session, caller=staff_caller(agent), request_id=request.id)
        desk.reply(session, caller=staff_caller(agent), request_id=request.id, body=ANSWER)
    return account, request, agent


def test_the_member_replies_with_a_file_and_the_agent_reads_it(
    browser: Browser, base_url: str, live_app, artifacts, tmp_path
):
    with db_session() as session:
        account, request, agent = _answered_question(session, answer=False)
        account_id, agent_id, request_id, number = account.id, agent.id, request.id, account.login

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    expect(staff.get_by_text(QUESTION)).to_be_visible()
    staff.get_by_role("button", name="Prendre en charge").click()
    expect(staff.get_by_text("Vous avez pris en charge cette démarche.")).to_be_visible()
    staff.get_by_label("Votre réponse").fill(ANSWER)
    staff.get_by_role("button", name="Envoyer la réponse").click()
    expect(staff.get_by_text("Réponse envoyée")).to_be_visible()

    member = page_as(browser, base_url, account_id)
    member.goto(base_url + routes.MEMBER_REQUESTS)
    history = member.locator("#dernieres-demarches")
    expect(history).to_contain_text(ANSWER)
    history.get_by_role("button", name="Répondre").click()
    member.get_by_label("Votre réponse à OCSO").fill(REPLY)
    pdf = tmp_path / "facture-pharmacie.pdf"
    pdf.write_bytes(make_pdf("Facture pharmacie"))
    member.locator("#pieces-reponse input[type=file]").set_input_files(str(pdf))
    expect(member.get_by_text("facture-pharmacie.pdf")).to_be_visible()
    shoot(member, artifacts, "member-reply-form")
    member.get_by_role("button", name="Envoyer ma réponse").click()
    expect(member.get_by_text("Votre réponse est envoyée à OCSO")).to_be_visible(timeout=15_000)
    expect(history).to_contain_text(REPLY)
    expect(history.get_by_role("link", name="facture-pharmacie.pdf")).to_be_visible()
    expect(history.get_by_label("Votre réponse à OCSO")).to_have_count(0)  # the form closed
    shoot(member, artifacts, "member-reply-sent")

    staff.goto(base_url + routes.STAFF_HOME)  # Accueil counts the replies and opens the queue on them
    expect(staff.get_by_text("Réponse reçue de l'expéditeur")).to_be_visible()
    staff.get_by_role("link", name="Voir les réponses reçues").click()
    expect(staff.get_by_role("heading", name="Démarches à traiter")).to_be_visible()
    expect(staff.get_by_label("Statut")).to_have_value("reponse_recue")
    staff.get_by_label("Rechercher").fill(number)
    staff.get_by_role("button", name="Filtrer").click()
    expect(staff.get_by_text("1 démarche", exact=True)).to_be_visible()
    expect(staff.get_by_text("Réponse reçue", exact=True).last).to_be_visible()
    shoot(staff, artifacts, "staff-queue-reply")
    staff.get_by_role("link", name="Ouvrir").click()
    expect(staff.get_by_text(REPLY)).to_be_visible()
    expect(staff.get_by_text("Réponse reçue :", exact=False)).to_be_visible()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="facture-pharmacie.pdf").click()
    assert download.value.suggested_filename == "facture-pharmacie.pdf"
    shoot(staff, artifacts, "staff-request-reply")

    staff.get_by_label("Votre réponse").fill("Bien reçue, le remboursement part demain.")
    staff.get_by_role("button", name="Envoyer la réponse").click()
    expect(staff.get_by_text("Réponse envoyée")).to_be_visible()
    expect(staff.get_by_text("Réponse reçue :", exact=False)).to_have_count(0)


def _written(request_id: int) -> tuple[int, ...]:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(RequestMessage.request_id == request_id)) or 0,
            session.scalar(select(func.count()).where(RequestAttachment.request_id == request_id)) or 0,
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def test_another_member_and_no_session_cannot_reply_on_a_members_demarche(live_app):
    with db_session() as session:
        _account, request, _agent = _answered_question(session)
        intruder = make_member_account(session)
        request_id, intruder_id = request.id, intruder.id
    before = _written(request_id)
    path = routes.MEMBER_REQUESTS
    form = {"demarche": str(request_id), "message": "Intrusion"}
    for cookie in (cookie_for(intruder_id), None):
        socket = RawReflexSocket(live_app.url, cookie=cookie)
        frames = " ".join(socket.call(handler_name(RequestsState, "load"), path=path))
        frames += " ".join(
            socket.call(
                handler_name(RequestsState, "start_reply"), {"request_id": str(request_id)}, path=path
            )
        )
        frames += " ".join(
            socket.call(handler_name(RequestsState, "upload_reply"), {"files": [], "form": form}, path=path)
        )
        socket.close()
        assert ANSWER not in frames and QUESTION not in frames
        if cookie is None:
            assert "connexion" in frames
        else:
            assert "Cette démarche n'existe pas ou ne vous concerne pas." in frames
    assert _written(request_id) == before
