"""Attacks on Reflex's real ``POST /_upload`` of the running portal (issue 10, findings 4 and 10): without a
session, with another member's client token, naming a handler that takes no files, too large, from another
site. Each is answered 4xx before the body is read, and no stack trace reaches the log; the owner of the
state still sends a démarche with its file."""

from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Request
from ocso_app.services import requests
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.requests import RequestsState
from tests.builders import make_member_account, make_pdf
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name

UPLOAD = handler_name(RequestsState, "upload_documents")


@pytest.fixture
def member(live_app):
    """A member with a live socket whose state is bound to their session: (socket, cookie, member_id,
    beneficiary id)."""
    with db_session() as session:
        account = make_member_account(session)
        account_id, member_id = account.id, account.member_id
        beneficiary = requests.beneficiary_choices(session, member_id=member_id)[0].value
    cookie = cookie_for(account_id)
    socket = RawReflexSocket(live_app.url, cookie=cookie)
    socket.call(handler_name(RequestsState, "load"), path="/assure/demarches")
    yield socket, cookie, member_id, beneficiary
    socket.close()


def _post(
    live_app, *, token: str, cookie: str | None, handler: str = UPLOAD, origin: bool = True, files=None
):
    headers = {"reflex-client-token": token, "reflex-event-handler": handler}
    if cookie:
        headers["cookie"] = cookie
    if origin:
        headers["origin"] = live_app.url
    files = files or [("files", ("devis.pdf", make_pdf("Devis"), "application/pdf"))]
    return httpx.post(f"{live_app.url}/_upload", headers=headers, files=files, timeout=30)


def test_upload_without_a_session_is_refused_and_creates_no_state(live_app, member):
    socket, _, member_id, _ = member
    for token in (socket.token, "never-seen-client-token"):
        assert _post(live_app, token=token, cookie=None).status_code == 401
    with db_session() as session:
        assert session.scalars(select(Request).where(Request.member_id == member_id)).all() == []


def test_another_members_cookie_cannot_upload_through_a_members_client_token(live_app, member):
    socket, _, member_id, _ = member
    with db_session() as session:
        thief = make_member_account(session).id
    response = _post(live_app, token=socket.token, cookie=cookie_for(thief))
    assert response.status_code == 403
    with db_session() as session:
        assert session.scalars(select(Request).where(Request.member_id == member_id)).all() == []


def test_a_handler_that_takes_no_files_is_a_400_and_no_stack_trace(live_app, member):
    socket, cookie, _, _ = member
    before = len(live_app.log_text())
    response = _post(live_app, token=socket.token, cookie=cookie, handler=handler_name(HomeState, "load"))
    assert response.status_code == 400
    assert "Traceback" not in live_app.log_text()[before:]


def test_an_upload_from_another_site_is_refused(live_app, member):
    socket, cookie, _, _ = member
    assert _post(live_app, token=socket.token, cookie=cookie, origin=False).status_code == 403


def test_a_declared_oversize_body_is_refused_before_it_is_sent(live_app, member):
    socket, cookie, _, _ = member
    parts = urlsplit(live_app.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", "/_upload")
    for name, value in {
        "reflex-client-token": socket.token,
        "reflex-event-handler": UPLOAD,
        "cookie": cookie,
        "origin": live_app.url,
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(200 * 1024 * 1024),
    }.items():
        connection.putheader(name, value)
    connection.endheaders()  # not one byte of the 200 MB
    assert connection.getresponse().status == 413
    connection.close()


def test_the_owner_of_the_state_sends_a_demarche_with_its_file(live_app, member):
    socket, cookie, member_id, beneficiary = member
    form = {"document_type": "Devis", "beneficiary": str(beneficiary), "message": ""}
    socket.call(handler_name(RequestsState, "stage"), {"form": form}, path="/assure/demarches")
    response = _post(live_app, token=socket.token, cookie=cookie)
    assert response.status_code == 200
    with db_session() as session:
        assert len(session.scalars(select(Request).where(Request.member_id == member_id)).all()) == 1


def test_files_posted_before_their_forms_fields_wait_for_them(live_app, member):
    """The browser posts the files without waiting for the server to have run the form's first half: here
    they arrive half a second before the fields. The gate holds them until the fields are staged, and the
    démarche is sent with both (the handler used to run first, see no fields and refuse the form)."""
    socket, cookie, member_id, beneficiary = member
    with ThreadPoolExecutor(max_workers=1) as thread:
        posted = thread.submit(_post, live_app, token=socket.token, cookie=cookie)
        time.sleep(0.5)
        assert not posted.done()  # held at the gate
        form = {"document_type": "Devis", "beneficiary": str(beneficiary), "message": "Devis d'optique"}
        socket.call(handler_name(RequestsState, "stage"), {"form": form}, path="/assure/demarches")
        assert posted.result(timeout=30).status_code == 200
    with db_session() as session:
        sent = session.scalars(select(Request).where(Request.member_id == member_id)).all()
    assert [request.subject for request in sent] == ["Envoi d'un devis"]
