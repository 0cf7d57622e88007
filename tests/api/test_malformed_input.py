"""Malformed input never reaches a stack trace: every route of the table, given ids that are no ids (``²``,
23 digits, signs, spaces, other scripts' digits…) in its path and in its query, answers 4xx, with and without
a member's cookie, and nothing is logged as an error. Ids are parsed in one place (``services.ids``)."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_care_member

PORTAL = "http://localhost:3000"
NOT_IDS = [
    "²",
    "1" * 23,
    "9" * 19,
    "9" * 16,  # digits enough, but past a 32-bit key: an error on PostgreSQL if it reached a query
    "99999999999999999999999999999999999999999",
    "-1",
    "0",
    "1e3",
    " 7",
    "7 ",
    "١٢٣",  # Arabic-Indic digits: str.isdigit() says yes
    "0x10",
    "1.0",
    "\x00",
    "..",
    "'; --",
    "🙂",
]
QUERIES = {
    "beneficiaire": NOT_IDS,
    "du": ["2026-13-45", "9" * 30, "²"],
    "au": ["0000-00-00", "-1"],
    "nature": ["x" * 5000, "\x00"],
}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def _urls(endpoint: routes.Endpoint) -> list[str]:
    """The endpoint's path with each malformed id in each of its parameters (the others well formed), and
    each malformed query value."""
    names = PARAMETER.findall(endpoint.path)
    urls = []
    for name in names:
        for bad in NOT_IDS:
            values = {other: "1" for other in names} | {name: bad}
            urls.append(PARAMETER.sub(lambda m, v=values: quote(v[m.group(1)], safe=""), endpoint.path))
    well_formed = PARAMETER.sub("1", endpoint.path)
    urls += [f"{well_formed}?{key}={quote(bad, safe='')}" for key, bads in QUERIES.items() for bad in bads]
    return urls


CASES = [
    (method, url)
    for endpoint in routes.endpoints().values()
    for method in endpoint.methods
    for url in _urls(endpoint)
]


@pytest.fixture
def member_cookie() -> str:
    with db_session() as session:
        member = make_care_member(session)
        token = start_session(
            session, account=session.get(Account, member.account_id), second_factor_done=True
        )
    return f"{SESSION_COOKIE}={token}"


@pytest.fixture
def client() -> TestClient:
    return TestClient(wrapped(build_api()), base_url=PORTAL, raise_server_exceptions=False)


def test_the_walk_covers_every_route_and_its_parameters():
    walked = {url.split("?")[0] for _, url in CASES}
    for endpoint in routes.endpoints().values():
        assert any(PARAMETER.sub("", endpoint.path).split("/")[1] in url for url in walked), endpoint.path
    assert any("%C2%B2" in url for _, url in CASES)  # "²"


@pytest.mark.parametrize("with_cookie", [True, False], ids=["member", "anonymous"])
def test_no_route_answers_malformed_ids_with_a_server_error(client, member_cookie, caplog, with_cookie):
    headers = {"origin": PORTAL} | ({"cookie": member_cookie} if with_cookie else {})
    failures = []
    with caplog.at_level(logging.WARNING):
        for method, url in CASES:
            response = client.request(method, url, headers=headers, follow_redirects=False)
            if response.status_code >= 500 or "Traceback" in response.text:
                failures.append((method, url, response.status_code))
    assert not failures
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("bad", ["²", "1" * 23, "9" * 19, "١٢٣"])
def test_a_malformed_id_is_answered_like_an_unknown_one(client, member_cookie, bad):
    cookie = {"cookie": member_cookie}
    for endpoint in (routes.API_MEMBER_DOCUMENT, routes.API_MEMBER_STATEMENT_PDF):
        name = PARAMETER.findall(endpoint.path)[0]
        response = client.get(endpoint.url(**{name: bad}), headers=cookie)
        assert response.status_code == 404
    selection = client.get(routes.API_MEMBER_SELECTION_PDF.url({"beneficiaire": bad}), headers=cookie)
    assert selection.status_code in (400, 404)
