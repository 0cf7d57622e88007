"""A first name keeps its capitals wherever it is shown: « Jean-Pierre » came out « Jean-pierre » (and
« Marie Claire » « Marie claire ») on the décomptes, the carte de tiers payant, the Espace OCSO's queue and
the subject of a démarche, each made with ``str.capitalize``."""

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from ocso_app.models import Member, Request, StaffRole
from ocso_app.services import requests, statement_pdf, tiers_payant, uploads
from ocso_app.services.requests import Submitter, queue
from ocso_app.services.uploads import IncomingFile
from tests.builders import (
    make_care_member,
    make_member_account,
    make_pdf,
    make_request,
    make_staff,
    staff_caller,
)


def _pages(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_decompte_names_the_member_as_typed(db):
    family = make_care_member(db, first_name="Jean-Pierre")
    content = statement_pdf.render_statement_pdf(
        db, member_id=family.member_id, statement_id=family.statement_ids[2]
    )
    assert "Jean-Pierre DUBOIS" in _pages(content)


def test_the_card_names_the_assure_principal_as_typed(db):
    family = make_care_member(db, first_name="Marie Claire")
    content = tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=date(2025, 10, 1))
    assert "Marie Claire DUBOIS" in _pages(content)


def test_the_queue_names_the_member_and_the_agent_as_typed(db):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    member.first_name = "Anne-Sophie"
    agent = make_staff(db, role=StaffRole.PRESTATIONS)
    agent.first_name, agent.last_name = "Marie Claire", "Roux"
    request = make_request(db, member=member)
    request.assignee_account_id = agent.id
    db.flush()
    page = queue.queue_page(
        db,
        desks=staff_caller(agent).desks,
        account_id=agent.id,
        filters=queue.parse_filters(assignee="moi"),
        now=datetime(2026, 12, 8, 15, tzinfo=UTC),
    )
    (row,) = page.rows
    assert row.sender == f"{member.last_name.upper()} Anne-Sophie (n° {member.member_number})"
    assert row.assignee == "Marie Claire ROUX"


def test_a_new_beneficiarys_demarche_is_titled_with_the_first_name_as_typed(db):
    account = make_member_account(db)
    submitter = Submitter(account_id=account.id, member_id=account.member_id, nonce="page-1")
    form = {
        "action": "ajout",
        "first_name": "Jean-Pierre",
        "last_name": "Dubois",
        "birth_date": "2014-10-27",
        "rank": "ea",
        "quality": "enfant",
        "nir": "180037500012341",
    }
    submitted = requests.submit(
        db,
        submitter=submitter,
        form=requests.form_for(requests.BENEFICIARIES, form),
        files=[IncomingFile("livret.pdf", make_pdf())],
        today=date(2026, 11, 22),
    )
    request = db.get(Request, submitted.request_id)
    assert request.subject == "Ajout d'un bénéficiaire : Jean-Pierre DUBOIS"
    uploads.delete_stored([a.storage_key for a in request.attachments])
