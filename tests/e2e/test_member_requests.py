"""Mes démarches, Mon historique and Mes documents in Chromium: send a devis with a PDF (chosen from the
keyboard), follow it, get the confirmation; tell of a change of situation with its proof; OCSO publishes a
courrier with the command, the MES DOCUMENTS badge appears then drops."""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Member, Request
from ocso_app.services import documents
from ocso_app.services.requests import CHANGE_OF_SITUATION, TYPE_LABELS
from ocso_app.services.requests.labels import HOSPITAL
from ocso_app.state.member.documents import DocumentsState
from ocso_app.state.member.requests import RequestsState
from tests.builders import make_member_account, make_pdf, make_request, new_email
from tests.e2e.helpers import (
    choose_file_by_keyboard,
    cookie_for,
    expect_logged_in_as,
    log_in,
    new_member_account,
    open_section,
)
from tests.support.mailbox import body_text
from tests.support.paths import ROOT
from tests.support.raw_socket import RawReflexSocket, handler_name


def _send_devis(page: Page, tmp_path) -> None:
    open_section(page, "ENVOI DE DOCUMENTS")
    page.get_by_label("Type de document").select_option("Devis")
    page.locator("#documents-beneficiary").select_option(index=1)
    page.get_by_label("Message (facultatif)").first.fill("Devis d'orthodontie pour Julie.")
    pdf = tmp_path / "devis-orthodontie.pdf"
    pdf.write_bytes(make_pdf())
    choose_file_by_keyboard(  # one Tab from the message, named in French, Enter opens the chooser
        page,
        after=page.locator("#documents-message"),
        picker="pieces-documents",
        name="Choisir des fichiers : Documents",
        hint="PDF, JPEG ou PNG, 5 fichiers de 10 Mo au plus.",
        path=pdf,
    )
    form = page.locator("form").filter(has=page.locator("#pieces-documents"))
    form.get_by_role("button", name="Envoyer").click()


def test_member_tells_of_a_change_of_situation_with_its_proof(page: Page, base_url: str, mailbox, tmp_path):
    """Poser une question › Changement de situation: sent with its proof, to the Adhésions service."""
    number, name = new_member_account(email=new_email())
    log_in(page, base_url, number)
    expect_logged_in_as(page, name)
    page.goto(base_url + routes.MEMBER_REQUESTS)
    section = open_section(page, "POSER UNE QUESTION")
    section.get_by_label("Sujet").select_option(CHANGE_OF_SITUATION)
    section.get_by_label("Votre message").fill("Nous nous sommes pacsés le 3 octobre.")
    proof = tmp_path / "attestation-pacs.pdf"
    proof.write_bytes(make_pdf())
    section.locator("#pieces-question input[type=file]").set_input_files(str(proof))
    section.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text(f"« {CHANGE_OF_SITUATION} » est envoyée")).to_be_visible()
    latest = page.locator("#dernieres-demarches")
    expect(latest.get_by_role("link", name="attestation-pacs.pdf")).to_be_visible()
    with db_session() as session:
        member_id = session.scalar(select(Member.id).where(Member.member_number == number))
        sent = session.scalars(select(Request).where(Request.member_id == member_id)).one()
        assert (sent.subject, sent.routed_service) == (CHANGE_OF_SITUATION, "adhesions")


def _publish(live_app, number: str, tmp_path) -> None:
    pdf = tmp_path / "courrier.pdf"
    pdf.write_bytes(make_pdf("Votre courrier"))
    command = [sys.executable, "-m", "ocso_app.cli", "publish-document", "--member", number]
    command += ["--category", "courrier", "--title", "Courrier du service Prestations", str(pdf)]
    subprocess.run(command, env=live_app.env, cwd=ROOT, check=True, capture_output=True)


def test_member_sends_a_devis_then_reads_a_published_courrier(
    page: Page, base_url: str, live_app, mailbox, artifacts, tmp_path
):
    email = new_email()
    number, name = new_member_account(email=email)
    log_in(page, base_url, number)
    expect_logged_in_as(page, name)
    page.get_by_role("link", name="MES DÉMARCHES", exact=True).click()
    expect(page.get_by_role("heading", name="Mes démarches")).to_be_visible()

    _send_devis(page, tmp_path)
    expect(page.get_by_text("« Envoi d'un devis » est envoyée")).to_be_visible()
    latest = page.locator("#dernieres-demarches")
    expect(latest).to_contain_text(f"{TYPE_LABELS['envoi_document']} → Envoi d'un devis")
    expect(latest).to_contain_text("envoyée")
    expect(latest.get_by_role("link", name="devis-orthodontie.pdf")).to_be_visible()
    with db_session() as session:  # the form's fields came with its file, in one upload
        member_id = session.scalar(select(Member.id).where(Member.member_number == number))
        sent = session.scalars(select(Request.payload).where(Request.member_id == member_id)).one()
    assert sent["document_type"] == "Devis" and sent["comment"] == "Devis d'orthodontie pour Julie."
    assert "Envoi d'un devis" in body_text(mailbox.wait_for(email)[-1])
    page.screenshot(path=artifacts / "member-requests-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts / "member-requests-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    with db_session() as session:  # a démarche whose subject is its type reads once
        make_request(
            session, member=session.get(Member, member_id), kind=HOSPITAL, subject=TYPE_LABELS[HOSPITAL]
        )
    page.reload()
    expect(latest).to_contain_text(TYPE_LABELS[HOSPITAL])
    expect(latest).not_to_contain_text(f"→ {TYPE_LABELS[HOSPITAL]}")

    page.get_by_role("link", name="MON HISTORIQUE", exact=True).click()
    expect(page.get_by_role("heading", name="Mon historique")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Envoi d'un devis")).to_contain_text("Envoi de document")
    page.screenshot(path=artifacts / "member-history-1280.png", full_page=True)

    expect(page.get_by_label("1 nouveau document", exact=True)).to_have_count(0)
    _publish(live_app, number, tmp_path)
    assert "Courrier du service Prestations" in body_text(mailbox.wait_for(email, count=2)[-1])
    page.reload()
    expect(page.get_by_label("1 nouveau document", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^MES DOCUMENTS")).click()
    expect(page.get_by_role("heading", name="VOUS AVEZ DU COURRIER")).to_be_visible()
    expect(page.get_by_role("heading", name="AUCUNE PRESCRIPTION MÉDICALE")).to_be_visible()
    page.screenshot(path=artifacts / "member-documents-1280.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Courrier du service Prestations").click()
    assert download.value.suggested_filename == "Courrier du service Prestations.pdf"
    expect(page.get_by_label("1 nouveau document", exact=True)).to_have_count(0)
    expect(page.get_by_text("Nouveau", exact=True)).to_have_count(0)
    with page.expect_download() as card:  # the PDF itself, not the card's page
        page.get_by_role("link", name="Télécharger ma carte de tiers payant").click()
    assert card.value.suggested_filename.endswith(".pdf")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts / "member-documents-375.png", full_page=True)


def test_help_is_searchable_and_news_are_listed(page: Page, base_url: str, artifacts):
    number, name = new_member_account()
    log_in(page, base_url, number)
    expect_logged_in_as(page, name)
    page.goto(base_url + routes.MEMBER_HELP)
    expect(page.get_by_role("heading", name="J'ai besoin d'aide")).to_be_visible()
    expect(page.get_by_role("button", name="Où consulter les remboursements reçus ?")).to_be_visible()
    page.get_by_label("Rechercher dans l'aide").fill("carte tiers payant")
    expect(page.get_by_role("button", name="Où consulter les remboursements reçus ?")).to_have_count(0)
    open_section(page, "Comment obtenir ma carte de tiers payant ?")
    expect(page.get_by_text("MES DOCUMENTS > CARTE DE TIERS PAYANT").first).to_be_visible()
    page.screenshot(path=artifacts / "member-help-1280.png", full_page=True)
    page.get_by_role("link", name="ACTUALITÉS", exact=True).click()
    expect(page.get_by_role("heading", name="Actualités")).to_be_visible()
    expect(page.get_by_text("100 % Santé").first).to_be_visible()


def test_member_cannot_open_or_list_another_members_document(live_app):
    with db_session() as session:
        me, other = make_member_account(session), make_member_account(session)
        published = documents.publish_document(
            session,
            member_number=other.login,
            category="courrier",
            title="Courrier confidentiel",
            pdf_bytes=make_pdf(),
        )
        my_id, other_member_id = me.id, other.member_id
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(my_id))
    frames = " ".join(socket.call(handler_name(DocumentsState, "load"), path="/assure/documents"))
    payload = {"document_id": published.document_id}
    frames += " ".join(
        socket.call(handler_name(DocumentsState, "open_document"), payload, path="/assure/documents")
    )
    socket.close()
    assert (
        "Courrier confidentiel" not in frames
        and f"/api/assure/documents/{published.document_id}" not in frames
    )
    with db_session() as session:
        assert documents.unread_count(session, member_id=other_member_id) == 1


def test_document_handlers_refuse_a_caller_without_session(live_app):
    socket = RawReflexSocket(live_app.url)
    frames = " ".join(socket.call(handler_name(DocumentsState, "open_document"), path="/assure/documents"))
    frames += " ".join(socket.call(handler_name(RequestsState, "load"), path="/assure/demarches"))
    socket.close()
    assert "connexion" in frames and "Envoi d" not in frames
