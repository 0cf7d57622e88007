"""GET /api/assure/documents/{id} and /api/assure/demarches/{id}/pieces/{id}: the session and the owner are
checked on every call; another member's file is a 404, no cookie is refused; private headers are set."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app.api import build_api
from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import (
    RequestAttachment,
)
from ocso_app.services import documents, requests
from ocso_app.services.formats import paris_today
from ocso_app.services.requests import DocumentsForm, Submitter
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_image, make_member_account, make_pdf


@dataclass
class Owner:
    account_id: int
    member_id: int
    cookie: str
    document_id: int
    request_id: int
    attachment_id: int


def _make_owner(session) -> Owner:
    account = make_member_account(session)
    token = start_session(session, account=account, second_factor_done=True)
    published = documents.publish_document(
        session, member_number=account.login, category="courrier", title="Courrier", pdf_bytes=make_pdf()
    )
    beneficiary = requests.beneficiary_choices(session, member_id=account.member_id)[0].value
    submitted = requests.submit(
        session,
        submitter=Submitter(account.id, account.member_id, nonce="route"),
        form=DocumentsForm(document_type="Devis", beneficiary=str(beneficiary)),
        files=[IncomingFile("devis.pdf", make_pdf("Devis"))],
        today=paris_today(),
    )
    attachment_id = session.scalar(
        select(RequestAttachment.id).where(RequestAttachment.request_id == submitted.request_id)
    )
    return Owner(
        account.id,
        account.member_id,
        f"{SESSION_COOKIE}={token}",
        published.document_id,
        submitted.request_id,
        attachment_id,
    )


@pytest.fixture
def pair() -> tuple[Owner, Owner]:
    """Two members, each with a session, a published document and a démarche with a piece (committed)."""
    with db_session() as session:
        return _make_owner(session), _make_owner(session)


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _doc(owner: Owner) -> str:
    return f"/api/assure/documents/{owner.document_id}"


def _piece(owner: Owner) -> str:
    return f"/api/assure/demarches/{owner.request_id}/pieces/{owner.attachment_id}"


def test_member_downloads_own_document_which_becomes_read(client, pair):
    me, _ = pair
    response = client.get(_doc(me), headers={"cookie": me.cookie})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "no-store" in response.headers["cache-control"]
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    with db_session() as session:
        assert documents.unread_count(session, member_id=me.member_id) == 0


def test_member_downloads_own_attachment(client, pair):
    me, _ = pair
    response = client.get(_piece(me), headers={"cookie": me.cookie})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "devis.pdf" in response.headers["content-disposition"]
    assert "no-store" in response.headers["cache-control"]


def test_member_cannot_download_another_members_document(client, pair):
    me, other = pair
    response = client.get(_doc(other), headers={"cookie": me.cookie})
    assert response.status_code == 404 and b"%PDF" not in response.content
    with db_session() as session:
        assert documents.unread_count(session, member_id=other.member_id) == 1


def test_member_cannot_download_another_members_attachment(client, pair):
    me, other = pair
    assert client.get(_piece(other), headers={"cookie": me.cookie}).status_code == 404
    mixed = f"/api/assure/demarches/{me.request_id}/pieces/{other.attachment_id}"
    assert client.get(mixed, headers={"cookie": me.cookie}).status_code == 404


def test_without_a_session_cookie_files_are_refused(client, pair):
    me, _ = pair
    for url in (_doc(me), _piece(me)):
        response = client.get(url)
        assert response.status_code == 401 and b"%PDF" not in response.content
        bad = client.get(url, headers={"cookie": f"{SESSION_COOKIE}=forged"})
        assert bad.status_code == 401


def test_malformed_ids_are_404(client, pair):
    me, _ = pair
    assert client.get("/api/assure/documents/abc", headers={"cookie": me.cookie}).status_code == 404


def test_a_png_sent_as_html_with_a_right_to_left_override_is_served_as_a_png(client, pair):
    """Issue 10, finding 11: the served name takes the checked type's extension, without bidirectional or
    control characters, also for a row kept before names were cleaned."""
    me, _ = pair
    with db_session() as session:
        attachment = session.get(RequestAttachment, me.attachment_id)
        stored = settings().storage_dir / attachment.storage_key
        stored.write_bytes(make_image("PNG"))
        attachment.content_type, attachment.original_name = "image/png", "justificatif\u202elmth.html\r\n"
    response = client.get(_piece(me), headers={"cookie": me.cookie})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    disposition = response.headers["content-disposition"]
    assert disposition == "attachment; filename*=UTF-8''justificatiflmth.png"
