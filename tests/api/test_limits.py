"""Our routes' forms are small: a body over the limit is refused with 413 before a route parses it, whether
its length is declared or it just keeps streaming (an anonymous login POST of 200 MB held memory before)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.datastructures import Headers
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.api.limits import MAX_FORM_BYTES, declared_too_large

PORTAL = "http://localhost:3000"
HEADERS = {"origin": PORTAL, "content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def client() -> TestClient:
    return TestClient(wrapped(build_api()), base_url=PORTAL)


def _stream(total: int) -> Iterator[bytes]:
    yield b"login=1&password="
    for _ in range(total // 4096):
        yield b"x" * 4096


@pytest.mark.parametrize(
    "endpoint",
    [
        routes.API_LOGIN,
        routes.API_LOGOUT,
        routes.API_SECOND_FACTOR,
        routes.API_SECOND_FACTOR_HANDOFF,
        routes.API_NEW_PASSWORD_HANDOFF,
    ],
)
def test_a_declared_oversize_form_is_refused_unread(client, endpoint):
    url = endpoint.url(space="assure")
    headers = {**HEADERS, "content-length": str(200 * 1024 * 1024)}
    assert client.post(url, content=b"login=1", headers=headers).status_code == 413


def test_a_streamed_oversize_form_is_cut_off(client):
    url = routes.API_LOGIN.url(space="assure")
    response = client.post(url, content=_stream(4 * MAX_FORM_BYTES), headers=HEADERS, follow_redirects=False)
    assert response.status_code == 413


def test_an_ordinary_login_form_passes(client):
    url = routes.API_LOGIN.url(space="assure")
    form = {"login": "000000", "password": "x"}
    response = client.post(url, data=form, headers={"origin": PORTAL}, follow_redirects=False)
    assert response.status_code == 303


def test_a_declared_length_of_thousands_of_digits_is_refused_not_a_server_error():
    """``int()`` refuses more than 4 300 digits: a Content-Length of 5 000 nines raised (a 500) instead of
    the 413 of any length over the limit."""
    refused = declared_too_large(Headers({"content-length": "9" * 5000}), MAX_FORM_BYTES)
    assert refused is not None and refused.status_code == 413
    assert declared_too_large(Headers({"content-length": "0" * 5000 + "7"}), MAX_FORM_BYTES) is None
    malformed = declared_too_large(Headers({"content-length": "²"}), MAX_FORM_BYTES)
    assert malformed is not None and malformed.status_code == 400
