"""POST /api/verification/application: the « Continuer » form after an authenticator app's activation at the
verification page spends the 60-second hand-off the websocket event gave, and the session passes its second
factor under a new token, as at POST /api/verification."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyotp
import pytest
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, Interface
from ocso_app.services import second_factor
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import make_company, make_employer, make_staff
from tests.support.mailbox import body_text

PORTAL = "http://localhost:3000"
URL = routes.API_SECOND_FACTOR_HANDOFF.url()


@dataclass
class Login:
    account_id: int
    email: str
    token: str

    @property
    def cookie(self) -> str:
        return f"{SESSION_COOKIE}={self.token}"


def _login(staff: bool = False) -> Login:
    """Somebody who typed the right password on a new browser, without an app yet: second factor owed."""
    with db_session() as session:
        if staff:
            account = make_staff(session)
        else:
            account = make_employer(session, principal_of=(make_company(session),))
        token = start_session(session, account=account, second_factor_done=False)
        return Login(account_id=account.id, email=account.email, token=token)


@pytest.fixture
def login() -> Login:
    return _login()


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url=PORTAL)


def _enrol(mailbox, login: Login) -> str:
    """The verification page's websocket events, as ``SecondFactorState`` runs them: scan the QR code, type
    the app's code and the e-mailed one; the hand-off the page then shows in its « Continuer » form."""
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=login.cookie)
        enrolment = second_factor.start_enrolment(session, principal=principal, interface=Interface.WEB)
    email_code = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(login.email, 1)[0])).group(1)
    with db_session() as session:
        handoff = second_factor.finish_enrolment(
            session,
            principal=resolve_principal(session, cookie_header=login.cookie),
            secret=enrolment.secret,
            totp_code=pyotp.TOTP(enrolment.secret).now(),
            email_code=email_code,
            interface=Interface.WEB,
        )
    assert handoff is not None
    return handoff


def _post(client: TestClient, cookie: str | None, handoff: str, origin: str = PORTAL):
    headers = {"origin": origin} | ({"cookie": cookie} if cookie else {})
    return client.post(URL, data={"passage": handoff}, headers=headers, follow_redirects=False)


def _done(cookie: str) -> bool | None:
    """Whether the session of ``cookie`` passed its second factor; ``None`` when it opens nothing."""
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookie)
        return None if principal is None else principal.second_factor_done


def _renewed(response) -> str:
    return f"{SESSION_COOKIE}={response.cookies[SESSION_COOKIE]}"


def test_continuing_after_the_activation_renews_the_session_token(client, mailbox, login):
    handoff = _enrol(mailbox, login)
    assert _done(login.cookie) is False  # the websocket event passed nothing
    response = _post(client, login.cookie, handoff)
    assert response.status_code == 303 and response.headers["location"] == routes.EMPLOYER_HOME
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/" in set_cookie
    assert _renewed(response) != login.cookie and _done(_renewed(response)) is True
    assert _done(login.cookie) is None  # the password step's token opens nothing afterwards
    assert "passage" not in response.headers["location"] and handoff not in response.headers["location"]


def test_a_staff_member_continues_to_the_staff_space(client, mailbox):
    staff = _login(staff=True)
    response = _post(client, staff.cookie, _enrol(mailbox, staff))
    assert response.status_code == 303 and response.headers["location"].startswith("/ocso")
    assert _done(_renewed(response)) is True and _done(staff.cookie) is None


def test_a_session_planted_in_the_holders_browser_is_not_the_one_the_activation_passes(
    client, mailbox, login
):
    """Session fixation through the app's activation: whoever knows the password logs in (a session owing its
    second factor) and plants that cookie in the holder's browser; the holder activates their app there.
    Before, the websocket event marked that very session, and its planter was logged in with it."""
    planted = login  # the attacker kept a copy of this token
    handoff = _enrol(mailbox, planted)  # in the holder's browser, whose websocket carries the planted cookie
    assert _done(planted.cookie) is False
    # The planter, racing the holder, has the cookie but not the hand-off the holder's page shows.
    for guess in ("", "x" * 43):
        refused = _post(client, planted.cookie, guess)
        assert refused.headers["location"] == f"{routes.EMPLOYER_VERIFY}?erreur=activation"
        assert "set-cookie" not in refused.headers and _done(planted.cookie) is False
    response = _post(client, planted.cookie, handoff)  # the holder's « Continuer »
    assert response.status_code == 303 and response.headers["location"] == routes.EMPLOYER_HOME
    assert _done(_renewed(response)) is True
    assert _done(planted.cookie) is None  # the planter's token opens nothing
    again = _post(client, planted.cookie, handoff)
    assert "set-cookie" not in again.headers and again.headers["location"] == "/"


def test_another_session_of_the_account_cannot_spend_the_hand_off(client, mailbox, login):
    """The planter's own session (the password is known) given the holder's hand-off passes nothing, and the
    hand-off stays the holder's."""
    handoff = _enrol(mailbox, login)
    with db_session() as session:
        account = session.get(Account, login.account_id)
        other = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=False)}"
    refused = _post(client, other, handoff)
    assert refused.headers["location"] == f"{routes.EMPLOYER_VERIFY}?erreur=activation"
    assert "set-cookie" not in refused.headers and _done(other) is False and _done(login.cookie) is False
    assert _done(_renewed(_post(client, login.cookie, handoff))) is True


def test_another_accounts_session_cannot_spend_the_hand_off(client, mailbox, login):
    handoff = _enrol(mailbox, login)
    stranger = _login()
    refused = _post(client, stranger.cookie, handoff)
    assert "set-cookie" not in refused.headers and _done(stranger.cookie) is False
    assert _done(login.cookie) is False


def test_the_hand_off_passes_once(client, mailbox, login):
    handoff = _enrol(mailbox, login)
    renewed = _renewed(_post(client, login.cookie, handoff))
    second = _post(client, renewed, handoff)  # already passed: home, nothing new
    assert second.headers["location"] == routes.EMPLOYER_HOME and "set-cookie" not in second.headers
    assert _done(renewed) is True


def test_a_foreign_origin_is_refused_and_spends_nothing(client, mailbox, login):
    handoff = _enrol(mailbox, login)
    refused = _post(client, login.cookie, handoff, origin="https://evil.example")
    assert refused.headers["location"] == "/" and "set-cookie" not in refused.headers
    assert _done(login.cookie) is False
    assert _done(_renewed(_post(client, login.cookie, handoff))) is True


def test_no_session_cookie_goes_home(client, mailbox, login):
    handoff = _enrol(mailbox, login)
    response = _post(client, None, handoff)
    assert response.headers["location"] == "/" and "set-cookie" not in response.headers
    assert _done(login.cookie) is False
