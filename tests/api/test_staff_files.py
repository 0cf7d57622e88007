"""The staff's routes to a member's décompte and documents (the matrix of callers over real HTTP is in
``tests/e2e/test_staff_content_access.py``): what a file answers, that a request another site started writes
nothing, and that an unknown reason writes nothing either."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Document, DocumentCategory, StaffRole
from ocso_app.services import documents
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import CareMember, make_care_member, make_pdf, make_staff


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


@pytest.fixture
def file() -> tuple[CareMember, int, str]:
    """A member with décomptes and a courrier, and the cookie of a prestations agent."""
    with db_session() as session:
        family = make_care_member(session)
        letter = documents.store_member_pdf(
            session,
            member_id=family.member_id,
            category=DocumentCategory.MAIL,
            title="Réponse à votre réclamation",
            pdf_bytes=make_pdf("Réponse à votre réclamation"),
        )
        agent = session.get(Account, make_staff(session, role=StaffRole.PRESTATIONS).id)
        cookie = f"{SESSION_COOKIE}={start_session(session, account=agent, second_factor_done=True)}"
        return family, letter.id, cookie


def _audited(member_id: int) -> int:
    with db_session() as session:
        return session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.member_id == member_id)) or 0


def test_the_agent_gets_the_decompte_and_the_document_left_unread(client, file):
    family, letter_id, cookie = file
    statement = routes.API_STAFF_MEMBER_STATEMENT.url(
        {"motif": "appel"}, member_id=family.member_id, statement_id=family.statement_ids[1]
    )
    answer = client.get(statement, headers={"cookie": cookie, "sec-fetch-site": "same-origin"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert "no-store" in answer.headers["cache-control"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "16,18\u00a0€" in text or "16,18 €" in text

    document = routes.API_STAFF_MEMBER_DOCUMENT.url(
        {"motif": "appel"}, member_id=family.member_id, document_id=letter_id
    )
    answer = client.get(document, headers={"cookie": cookie})  # a browser without Sec-Fetch-Site
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert "R%C3%A9ponse%20%C3%A0%20votre%20r%C3%A9clamation.pdf" in answer.headers["content-disposition"]
    with db_session() as session:
        assert session.scalar(select(Document.read_at).where(Document.id == letter_id)) is None
    assert _audited(family.member_id) == 2


def test_a_file_opened_from_another_site_or_without_a_reason_writes_nothing(client, file):
    family, letter_id, cookie = file
    before = _audited(family.member_id)
    for motif in ("controle", ""):
        for url in (
            routes.API_STAFF_MEMBER_STATEMENT.url(
                {"motif": motif}, member_id=family.member_id, statement_id=family.statement_ids[0]
            ),
            routes.API_STAFF_MEMBER_DOCUMENT.url(
                {"motif": motif}, member_id=family.member_id, document_id=letter_id
            ),
        ):
            for site in ("cross-site", "same-site"):
                answer = client.get(url, headers={"cookie": cookie, "sec-fetch-site": site})
                assert answer.status_code == 403 and "depuis le dossier de l'assuré" in answer.text, url
            if not motif:
                answer = client.get(url, headers={"cookie": cookie, "sec-fetch-site": "same-origin"})
                assert answer.status_code == 400 and "motif de la consultation" in answer.text
    assert _audited(family.member_id) == before
