"""Every state-changing request must come from the portal's own pages: an ``Origin`` of the portal, or, from
a browser that sends none, a ``Referer`` on the portal. A POST with neither (a form posted from elsewhere by
an old browser, a script) is refused before any route reads it: the login, logout and second-factor routes,
the letters that replace a secret (a new code, a temporary password),
and Reflex's ``/_upload`` behind the same wrapper."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.api.headers import FOREIGN_ORIGIN, SELF_AUTHORIZED
from ocso_app.db import db_session
from ocso_app.services.sessions import SESSION_COOKIE
from tests.builders import PASSWORD, make_member_account

PORTAL = "http://localhost:3000"
STATE_CHANGING = [
    e
    for e in routes.endpoints().values()
    if set(e.methods) - {"GET", "HEAD"} and e.path not in SELF_AUTHORIZED
]


@pytest.fixture
def client() -> TestClient:
    """Our routes inside the wrappers the portal serves them with."""
    return TestClient(wrapped(build_api()), base_url=PORTAL)


@pytest.fixture
def member_login() -> str:
    with db_session() as session:
        return make_member_account(session).login


def _log_in(client: TestClient, login: str, headers: dict[str, str]):
    form = {"login": login, "password": PASSWORD, "suite": ""}
    return client.post("/api/login/assure", data=form, headers=headers, follow_redirects=False)


def test_there_are_state_changing_routes_to_protect():
    assert {e.path for e in STATE_CHANGING} >= {routes.API_LOGIN.path, routes.API_LOGOUT.path}


@pytest.mark.parametrize("endpoint", STATE_CHANGING, ids=lambda e: e.path)
@pytest.mark.parametrize(
    "headers",
    [{}, {"origin": "https://evil.example"}, {"origin": "null"}, {"referer": "https://evil.example/x"}],
    ids=["no-origin-no-referer", "foreign-origin", "null-origin", "foreign-referer"],
)
def test_state_changing_route_refuses_a_request_not_from_the_portal(client, endpoint, headers):
    url = endpoint.url(**{name: "assure" if name == "space" else "1" for name in endpoint.path_parameters()})
    response = client.post(url, data={"login": "x"}, headers=headers, follow_redirects=False)
    assert response.status_code == 403 and response.text == FOREIGN_ORIGIN
    assert SESSION_COOKIE not in response.cookies


def test_only_the_one_click_link_of_the_deposits_e_mails_proves_itself_without_the_portals_origin():
    """A mail client POSTs it itself (RFC 8058) with no Origin: its signed token is the proof
    (``tests/api/test_deposit_emails_access.py`` attacks it)."""
    assert {routes.API_DEPOSIT_EMAILS_OFF.path} == SELF_AUTHORIZED


def test_reflex_upload_endpoint_is_behind_the_same_check(client):
    response = client.post("/_upload", content=b"x", headers={"reflex-client-token": "t"})
    assert response.status_code == 403


def test_login_without_origin_or_referer_opens_no_session(client, member_login):
    response = _log_in(client, member_login, {})
    assert response.status_code == 403 and SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [{"origin": PORTAL}, {"origin": PORTAL + "/"}, {"referer": f"{PORTAL}{routes.MEMBER_LOGIN}?suite=%2F"}],
    ids=["origin", "origin-slash", "same-origin-referer"],
)
def test_login_from_the_portals_page_opens_a_session(client, member_login, headers):
    response = _log_in(client, member_login, headers)
    assert response.status_code == 303 and SESSION_COOKIE in response.cookies


def test_reading_needs_no_origin(client):
    assert client.get(routes.API_HEALTH.path).status_code == 200
