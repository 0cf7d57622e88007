"""The gate of Reflex's ``POST /_upload``: no cookie, a dead session, another session's client token, a
handler that takes no files, or a body over the limit are all answered before Reflex reads the body, and
before it creates or touches any state. The live endpoint is attacked in ``tests/e2e/test_upload_gate.py``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

import ocso_app.ocso_app  # noqa: F401  (Reflex's registry of the app's handlers, as in the portal)
from ocso_app.api.upload_gate import UploadGate, reflex_handler_takes_files
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import SESSION_COOKIE, revoke_token, start_session
from tests.builders import make_member_account

UPLOAD_HANDLER = "requests_state.upload_documents"
OTHER_TOKEN = "client-of-someone-else"
MY_TOKEN = "my-client-token"


@dataclass
class FakeReflex:
    """Stands for Reflex's upload route: records whether it ran and how much body it read."""

    calls: int = 0
    body: bytes = b""
    disconnected: bool = False
    states_created: list[str] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        while True:
            message: Message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                break
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}\n"})


@pytest.fixture
def sessions() -> dict[str, str]:
    """Two live member sessions (tokens) and one revoked."""
    with db_session() as session:
        accounts = [make_member_account(session) for _ in range(3)]
        tokens = [start_session(session, account=a, second_factor_done=True) for a in accounts]
        revoke_token(session, tokens[2])
        pending = start_session(
            session, account=session.get(Account, accounts[0].id), second_factor_done=False
        )
    return {"mine": tokens[0], "theirs": tokens[1], "revoked": tokens[2], "half": pending}


@pytest.fixture
def reflex() -> FakeReflex:
    return FakeReflex()


@pytest.fixture
def client(reflex: FakeReflex, sessions: dict[str, str]) -> TestClient:
    owners = {MY_TOKEN: token_hash(sessions["mine"]), OTHER_TOKEN: token_hash(sessions["theirs"])}

    async def state_owner(client_token: str) -> str | None:
        return owners.get(client_token)

    gate = UploadGate(
        reflex,
        takes_files=lambda name: name == UPLOAD_HANDLER,
        state_owner=state_owner,
        max_bytes=64 * 1024,
    )
    return TestClient(gate, base_url="http://localhost:3000", raise_server_exceptions=False)


def _upload(client: TestClient, *, token: str | None, client_token=MY_TOKEN, handler=UPLOAD_HANDLER, **kw):
    headers = {"reflex-client-token": client_token, "reflex-event-handler": handler, **kw.pop("headers", {})}
    if token is not None:
        headers["cookie"] = f"{SESSION_COOKIE}={token}"
    return client.post("/_upload", content=kw.pop("content", b"--x--"), headers=headers)


def test_the_owner_of_the_state_uploads(client, reflex, sessions):
    response = _upload(client, token=sessions["mine"], content=b"files")
    assert response.status_code == 200 and reflex.calls == 1 and reflex.body == b"files"


@pytest.mark.parametrize("who", [None, "revoked", "half"], ids=["no-cookie", "revoked", "second-factor-owed"])
def test_upload_without_a_live_complete_session_is_refused_unread(client, reflex, sessions, who):
    response = _upload(client, token=sessions.get(who or "", None) if who else None, content=b"x" * 60_000)
    assert response.status_code == 401 and reflex.calls == 0


def test_a_new_client_token_gets_no_state_and_nothing_is_read(client, reflex, sessions):
    response = _upload(client, token=sessions["mine"], client_token="fresh-token-never-seen")
    assert response.status_code == 403 and reflex.calls == 0


def test_another_sessions_client_token_is_refused(client, reflex, sessions):
    """The attack of issue 10: Reflex ran the upload as whoever last used that client token."""
    response = _upload(client, token=sessions["mine"], client_token=OTHER_TOKEN)
    assert response.status_code == 403 and reflex.calls == 0


@pytest.mark.parametrize("handler", ["requests_state.load", "no_such.handler", ""])
def test_a_handler_that_takes_no_files_is_a_400(client, reflex, sessions, handler):
    response = _upload(client, token=sessions["mine"], handler=handler)
    assert response.status_code == 400 and reflex.calls == 0


def test_declared_oversize_body_is_refused_before_reading(client, reflex, sessions):
    response = _upload(client, token=sessions["mine"], headers={"content-length": str(10**9)}, content=b"x")
    assert response.status_code == 413 and reflex.calls == 0


def test_streamed_body_past_the_limit_is_cut_off_and_refused(client, reflex, sessions):
    def chunks():
        for _ in range(100):
            yield b"x" * 4096

    response = _upload(client, token=sessions["mine"], content=chunks())
    assert response.status_code == 413
    assert reflex.disconnected and len(reflex.body) <= 64 * 1024


def test_anything_else_passes_untouched(client, reflex):
    assert client.get("/_upload/some-file").status_code == 200 and reflex.calls == 1


def test_reflex_registry_says_which_handlers_take_files():
    from ocso_app.state.member.home import HomeState
    from ocso_app.state.member.requests import RequestsState
    from tests.support.raw_socket import handler_name

    assert reflex_handler_takes_files(handler_name(RequestsState, "upload_documents"))
    assert reflex_handler_takes_files(handler_name(RequestsState, "upload_question"))  # its proof, if any
    assert not reflex_handler_takes_files(handler_name(RequestsState, "start_reply"))
    assert not reflex_handler_takes_files(handler_name(HomeState, "load"))
    assert not reflex_handler_takes_files("no_such_state.no_handler")
