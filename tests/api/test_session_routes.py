"""The cookie routes: login sets a fresh HttpOnly cookie, refuses other origins, burns temporary passwords;
logout revokes the session."""

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Interface
from ocso_app.services.passwords_flow import give_temporary_password
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal
from tests.builders import PASSWORD, make_member_account

ORIGIN = {"origin": "http://localhost:3000"}


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


@pytest.fixture
def member() -> tuple[int, str]:
    with db_session() as session:
        account = make_member_account(session)
        return account.id, account.login


def _login(client: TestClient, login: str, password: str, headers=ORIGIN, suite: str = ""):
    form = {"login": login, "password": password, "suite": suite}
    return client.post("/api/login/assure", data=form, headers=headers, follow_redirects=False)


def _principal(token: str):
    with db_session() as session:
        return resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")


def test_login_sets_an_httponly_samesite_cookie_and_goes_where_wanted(client, member):
    account_id, login = member
    response = _login(client, login, PASSWORD, suite=routes.MEMBER_INFORMATION)
    assert response.status_code == 303 and response.headers["location"] == routes.MEMBER_INFORMATION
    set_cookie = response.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Path=/" in set_cookie
    assert response.headers["cache-control"] == "no-store"
    assert _principal(response.cookies[SESSION_COOKIE]).account_id == account_id


def test_login_never_redirects_to_another_site(client, member):
    _, login = member
    for wanted in ("https://evil.example/", "//evil.example", "/employeur"):
        response = _login(client, login, PASSWORD, suite=wanted)
        assert response.headers["location"] == routes.MEMBER_HOME


def test_wrong_password_goes_back_to_the_form_without_cookie(client, member):
    _, login = member
    response = _login(client, login, "Mauvais-Passe-1")
    assert response.headers["location"].startswith(routes.MEMBER_LOGIN + "?erreur=1")
    assert SESSION_COOKIE not in response.cookies


def test_login_posted_from_another_site_is_ignored(client, member):
    _, login = member
    response = _login(client, login, PASSWORD, headers={"origin": "https://evil.example"})
    assert response.headers["location"] == "/" and SESSION_COOKIE not in response.cookies


def test_login_rotates_the_session_and_revokes_the_previous_one(client, member):
    _, login = member
    first = _login(client, login, PASSWORD).cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, first)
    second = _login(client, login, PASSWORD).cookies[SESSION_COOKIE]
    assert first != second
    assert _principal(first) is None and _principal(second) is not None


def test_temporary_password_opens_one_session_that_must_change_it(client, member):
    account_id, login = member
    with db_session() as session:
        temporary = give_temporary_password(session.get(Account, account_id))
    response = _login(client, login, temporary)
    assert response.headers["location"] == routes.MEMBER_NEW_PASSWORD
    assert _principal(response.cookies[SESSION_COOKIE]).must_change_password
    again = _login(client, login, temporary)
    assert again.headers["location"].startswith(routes.MEMBER_LOGIN + "?erreur=1")


def test_logout_revokes_the_session_and_clears_the_cookie(client, member):
    _, login = member
    token = _login(client, login, PASSWORD).cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, token)
    response = client.post("/api/session/end", headers=ORIGIN, follow_redirects=False)
    assert response.headers["location"] == routes.MEMBER_LOGIN
    assert (
        f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    assert _principal(token) is None


def test_login_and_logout_are_audited_with_the_interface(client, member):
    account_id, login = member
    phone = {**ORIGIN, "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"}
    token = _login(client, login, PASSWORD, headers=phone).cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, token)
    client.post("/api/session/end", headers=ORIGIN, follow_redirects=False)
    with db_session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.account_id == account_id).order_by(AuditEvent.id)
        ).all()
        assert [(e.event_type, e.interface) for e in events] == [
            ("Connexion", Interface.MOBILE),
            ("Déconnexion", Interface.WEB),
        ]
