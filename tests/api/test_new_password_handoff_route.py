"""POST /api/nouveau-mot-de-passe: the « Continuer » form after the first real password is chosen in place
of a temporary one spends the hand-off the websocket event gave, and the session goes on under a new token
to its space's home."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.services import passwords_flow
from ocso_app.services.passwords_flow import give_temporary_password
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import make_company, make_employer, make_member_account

PORTAL = "http://localhost:3000"
URL = routes.API_NEW_PASSWORD_HANDOFF.url()
NEW = "Tout-Neuf-2027!"


@dataclass
class Login:
    account_id: int
    token: str

    @property
    def cookie(self) -> str:
        return f"{SESSION_COOKIE}={self.token}"


def _login(employer: bool = False, account_id: int | None = None) -> Login:
    """Somebody who logged in with their temporary password (an employer has passed the second factor)."""
    with db_session() as session:
        if account_id is not None:
            account = session.get(Account, account_id)
        elif employer:
            account = make_employer(session, principal_of=(make_company(session),))
        else:
            account = make_member_account(session)
        give_temporary_password(account)
        token = start_session(session, account=account, second_factor_done=True)
        return Login(account_id=account.id, token=token)


@pytest.fixture
def login() -> Login:
    return _login()


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url=PORTAL)


def _choose(login: Login) -> str:
    """The page's websocket event, as ``NewPasswordState.submit`` runs it: the hand-off it then shows."""
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=login.cookie)
        return passwords_flow.replace_temporary_password(
            session, principal=principal, new_password=NEW, confirmation=NEW
        )


def _post(client: TestClient, cookie: str | None, handoff: str, origin: str = PORTAL):
    headers = {"origin": origin} | ({"cookie": cookie} if cookie else {})
    return client.post(URL, data={"passage": handoff}, headers=headers, follow_redirects=False)


def _pending(cookie: str) -> bool | None:
    """Whether the session of ``cookie`` still owes its password; ``None`` when it opens nothing."""
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookie)
        return None if principal is None else principal.must_change_password


def _renewed(response) -> str:
    return f"{SESSION_COOKIE}={response.cookies[SESSION_COOKIE]}"


REFUSED = f"{routes.MEMBER_LOGIN}?erreur={passwords_flow.PASSWORD_HANDOFF_REFUSED}"


def test_continuing_after_the_new_password_renews_the_session_token(client, login):
    handoff = _choose(login)
    assert _pending(login.cookie) is True  # the websocket event passed nothing
    response = _post(client, login.cookie, handoff)
    assert response.status_code == 303 and response.headers["location"] == routes.MEMBER_HOME
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/" in set_cookie
    assert _renewed(response) != login.cookie and _pending(_renewed(response)) is False
    assert _pending(login.cookie) is None  # the temporary password step's token opens nothing afterwards
    assert handoff not in response.headers["location"]


def test_an_employer_continues_to_the_employer_home(client):
    employer = _login(employer=True)
    response = _post(client, employer.cookie, _choose(employer))
    assert response.headers["location"] == routes.EMPLOYER_HOME
    assert _pending(_renewed(response)) is False and _pending(employer.cookie) is None


def test_a_session_planted_in_the_holders_browser_is_not_the_one_the_new_password_passes(client, login):
    """Session fixation at the temporary password step: whoever logged in with the temporary password plants
    that cookie in the holder's browser; the holder chooses their password there. Before, the websocket
    event marked that very session, and its planter was fully logged in with it."""
    planted = login  # the attacker kept a copy of this token
    handoff = _choose(planted)  # in the holder's browser, whose websocket carries the planted cookie
    # The planter has the cookie but not the hand-off the holder's page shows: a guess ends the session.
    refused = _post(client, planted.cookie, "x" * 43)
    assert refused.headers["location"] == REFUSED
    assert 'ocso_session=""' in refused.headers["set-cookie"] and _pending(planted.cookie) is None
    again = _post(client, planted.cookie, handoff)  # the session ended: nothing to continue
    assert again.headers["location"] == "/" and "ocso_session=" not in again.headers.get("set-cookie", "x")


def test_the_holders_continuer_leaves_the_planters_copy_useless(client, login):
    handoff = _choose(login)
    response = _post(client, login.cookie, handoff)
    assert _pending(_renewed(response)) is False
    assert _pending(login.cookie) is None
    assert _post(client, login.cookie, handoff).headers["location"] == "/"


def test_another_session_of_the_account_cannot_spend_the_hand_off(client, login):
    handoff = _choose(login)  # ends every other session of the account
    other = _login(account_id=login.account_id)  # a new temporary password, a new session
    refused = _post(client, other.cookie, handoff)
    assert refused.headers["location"] == REFUSED and _pending(other.cookie) is None


def test_another_accounts_session_cannot_spend_the_hand_off(client, login):
    handoff = _choose(login)
    stranger = _login()
    refused = _post(client, stranger.cookie, handoff)
    assert refused.headers["location"] == REFUSED and _pending(stranger.cookie) is None
    assert _pending(login.cookie) is True
    assert _pending(_renewed(_post(client, login.cookie, handoff))) is False


def test_a_foreign_origin_is_refused_and_spends_nothing(client, login):
    handoff = _choose(login)
    refused = _post(client, login.cookie, handoff, origin="https://evil.example")
    assert refused.headers["location"] == "/" and "set-cookie" not in refused.headers
    assert _pending(login.cookie) is True
    assert _pending(_renewed(_post(client, login.cookie, handoff))) is False


def test_no_session_cookie_goes_home(client, login):
    handoff = _choose(login)
    response = _post(client, None, handoff)
    assert response.headers["location"] == "/" and "set-cookie" not in response.headers
    assert _pending(login.cookie) is True


def test_a_session_with_nothing_to_choose_goes_on_unchanged(client):
    with db_session() as session:
        account = make_member_account(session)
        cookie = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"
    response = _post(client, cookie, "x" * 43)
    assert response.headers["location"] == routes.MEMBER_HOME and "set-cookie" not in response.headers
    assert _pending(cookie) is False
