"""Attacks on Reflex's real ``POST /_upload`` of the running portal (issue 10, findings 4 and 10): without a
session, with another member's client token, naming a handler that takes no files, too large, from another
site. Each is answered 4xx before the body is read, and no stack trace reaches the log. The owner of the
state sends a démarche with its file and the form's fields in the same request; files without their fields,
or with fields the form refuses, get its French error and write nothing."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Request
from ocso_app.services import requests
from ocso_app.services.requests.refusals import BAD_BENEFICIARY
from ocso_app.services.requests.refusals import BAD_DOCUMENT_TYPE as BAD_TYPE
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.requests import RequestsState
from tests.builders import make_member_account, make_pdf
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name
from tests.support.uploads import handler_arguments

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
    live_app,
    *,
    token: str,
    cookie: str | None,
    handler: str = UPLOAD,
    origin: bool = True,
    arguments: dict | None = None,
):
    """A devis posted as the browser posts a form with files: the handler's other ``arguments`` (the form's
    fields, ``{"form": {...}}``) in Reflex's ``__reflex_event_args`` field, before the files."""
    headers = {"reflex-client-token": token, "reflex-event-handler": handler}
    if cookie:
        headers["cookie"] = cookie
    if origin:
        headers["origin"] = live_app.url
    data = handler_arguments(**arguments) if arguments is not None else None
    files = [("files", ("devis.pdf", make_pdf("Devis"), "application/pdf"))]
    return httpx.post(f"{live_app.url}/_upload", headers=headers, data=data, files=files, timeout=30)


def _devis(beneficiary: int) -> dict:
    return {"form": {"document_type": "Devis", "beneficiary": str(beneficiary), "message": "Devis d'optique"}}


def _sent(member_id: int) -> list[tuple[str, dict, list[str]]]:
    """The démarches of ``member_id``: subject, payload, names of the attached files."""
    with db_session() as session:
        return [
            (r.subject, r.payload, [a.original_name for a in r.attachments])
            for r in session.scalars(select(Request).where(Request.member_id == member_id))
        ]


def test_upload_without_a_session_is_refused_and_creates_no_state(live_app, member):
    socket, _, member_id, beneficiary = member
    for token in (socket.token, "never-seen-client-token"):
        assert _post(live_app, token=token, cookie=None, arguments=_devis(beneficiary)).status_code == 401
    assert _sent(member_id) == []


def test_another_members_cookie_cannot_upload_through_a_members_client_token(live_app, member):
    socket, _, member_id, beneficiary = member
    with db_session() as session:
        thief = make_member_account(session).id
    response = _post(live_app, token=socket.token, cookie=cookie_for(thief), arguments=_devis(beneficiary))
    assert response.status_code == 403
    assert _sent(member_id) == []


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


def test_the_owner_of_the_state_sends_a_demarche_with_its_file_and_its_fields(live_app, member):
    """The form's fields travel in the files' request (``__reflex_event_args``, as the browser sends them):
    one request, nothing sent over the websocket before it."""
    socket, cookie, member_id, beneficiary = member
    response = _post(live_app, token=socket.token, cookie=cookie, arguments=_devis(beneficiary))
    assert response.status_code == 200 and "Votre démarche « Envoi d'un devis » est envoyée" in response.text
    [(subject, payload, files)] = _sent(member_id)
    assert subject == "Envoi d'un devis" and files == ["devis.pdf"]
    assert payload["document_type"] == "Devis" and payload["comment"] == "Devis d'optique"


def test_files_without_their_fields_or_with_invalid_ones_get_the_french_error_and_write_nothing(
    live_app, member
):
    socket, cookie, member_id, beneficiary = member
    with db_session() as session:
        someone_else = make_member_account(session).member_id
        theirs = requests.beneficiary_choices(session, member_id=someone_else)[0].value
    attempts = [
        (None, BAD_TYPE),  # the files alone, as a script may post them
        ({"form": "Devis"}, BAD_TYPE),  # anything but a form
        ({"form": {"document_type": "Ordonnance", "beneficiary": str(beneficiary)}}, BAD_TYPE),
        ({"form": {"document_type": "Devis", "beneficiary": str(theirs)}}, BAD_BENEFICIARY),
    ]
    for arguments, refusal in attempts:
        response = _post(live_app, token=socket.token, cookie=cookie, arguments=arguments)
        assert response.status_code == 200 and refusal in response.text, arguments
        assert "est envoyée" not in response.text
    assert _sent(member_id) == [] and _sent(someone_else) == []


def test_arguments_the_handler_does_not_take_write_nothing_and_leak_nothing(live_app, member):
    """What a script adds to the form's arguments: the caller the guard injects (the browser may not choose
    who it is: refused and the tab's state emptied, as over the websocket) or a name the handler does not take
    (Reflex's generic 500, its trace kept in the log). Nothing written either way, and the tab still works
    for its owner afterwards."""
    socket, cookie, member_id, beneficiary = member
    with db_session() as session:
        other = make_member_account(session).member_id
    refused = _post(
        live_app, token=socket.token, cookie=cookie, arguments={**_devis(beneficiary), "member": other}
    )
    assert refused.status_code == 200 and "est envoyée" not in refused.text
    for extra in ({"member_id": other}, {"evil": 1}):
        response = _post(
            live_app, token=socket.token, cookie=cookie, arguments={**_devis(beneficiary), **extra}
        )
        assert (response.status_code, response.text) == (500, "Internal server error"), extra
    assert _sent(member_id) == [] and _sent(other) == []
    response = _post(live_app, token=socket.token, cookie=cookie, arguments=_devis(beneficiary))
    assert response.status_code == 200 and "est envoyée" in response.text
