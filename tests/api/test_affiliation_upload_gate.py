"""The one upload without a session: the dispense proof of the employee's affiliation page passes the gate
only for its own handler and a client whose page holds a still-usable invitation; every other handler still
needs the session, and the real check names only that handler."""

from __future__ import annotations

from starlette.testclient import TestClient

import ocso_app.pages  # noqa: F401  (registers the states)
from ocso_app.api.upload_gate import UploadGate, invitation_upload_allowed
from ocso_app.state.public.affiliation import AffiliationState
from tests.api.test_upload_gate import FakeReflex
from tests.support.loops import run_coroutine
from tests.support.raw_socket import handler_name

PROOF = handler_name(AffiliationState, "upload_proof")
OPEN_PAGE = "client-with-an-open-invitation"


def _client(reflex: FakeReflex) -> TestClient:
    async def state_owner(_client_token: str) -> str | None:
        return None

    async def public_upload(handler: str, client_token: str) -> bool:
        return handler == PROOF and client_token == OPEN_PAGE

    gate = UploadGate(
        reflex,
        takes_files=lambda name: name in (PROOF, "requests_state.upload_documents"),
        state_owner=state_owner,
        public_upload=public_upload,
        max_bytes=64 * 1024,
    )
    return TestClient(gate, base_url="http://localhost:3000", raise_server_exceptions=False)


def _post(client: TestClient, token: str, handler: str = PROOF):
    headers = {"reflex-client-token": token, "reflex-event-handler": handler}
    return client.post("/_upload", content=b"proof", headers=headers)


def test_the_proof_of_an_open_page_passes_without_a_session():
    reflex = FakeReflex()
    assert _post(_client(reflex), OPEN_PAGE).status_code == 200 and reflex.body == b"proof"


def test_another_client_or_another_handler_still_needs_a_session():
    reflex = FakeReflex()
    client = _client(reflex)
    assert _post(client, "another-client").status_code == 401
    assert _post(client, OPEN_PAGE, handler="requests_state.upload_documents").status_code == 401
    assert reflex.calls == 0


def test_the_real_check_refuses_any_other_handler_without_reading_a_state():
    assert run_coroutine(invitation_upload_allowed("requests_state.upload_documents", OPEN_PAGE)) is False
