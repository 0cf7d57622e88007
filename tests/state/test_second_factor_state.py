"""The verification page's « Recevoir un code par e-mail / par SMS », called as the guard calls it (the
session owing its second factor injected), in a loop as a script over the websocket would: past the quota
of codes sent to the account (``throttle.CODE_SENDING``) the page says so in French and nothing leaves, the
count committed with the refusal. Activating an authenticator app passes no session over the websocket: the
page gets a hand-off for its « Continuer » form, forgotten once the step is left. (The guard itself:
``tests/state/test_guards.py``.)"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pyotp
from starlette.testclient import TestClient

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import config, routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import LoginSession
from ocso_app.services import second_factor, throttle, two_factor
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.state.account.second_factor import ACTIVATED, ENROLMENT_FAILED, SecondFactorState
from ocso_app.state.base import is_guarded
from tests.builders import make_company, make_employer
from tests.support.attempts import attempts
from tests.support.mailbox import body_text


class Page(SimpleNamespace):
    """The state as a handler sees it: its vars, the helpers it calls, a router with a user agent."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in SecondFactorState.__fields__.items()})
        self.router = SimpleNamespace(
            headers=SimpleNamespace(user_agent="pytest"), url=SimpleNamespace(query_parameters={})
        )
        for name in ("_send", "_interface", "_clear_enrolment", "_enrol"):
            setattr(self, name, getattr(SecondFactorState, name).__get__(self))

    def reset(self) -> None:
        for name, field in SecondFactorState.__fields__.items():
            setattr(self, name, field.default)


def _handler(name: str):
    handler = SecondFactorState.event_handlers[name].fn
    assert is_guarded(handler)
    return handler.__wrapped__


def _pending_login():
    """An employer who typed the right password on a new browser: the second factor still owed."""
    account_id, email, principal, _cookie = _pending_login_and_cookie()
    return account_id, email, principal


def _pending_login_and_cookie():
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        cookie = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=False)}"
        return account.id, account.email, resolve_principal(session, cookie_header=cookie), cookie


def _passed(principal) -> bool:
    """Whether the login session ``principal`` stands for has passed its second factor."""
    with db_session() as session:
        return bool(session.get(LoginSession, principal.session_id).second_factor_done)


def _sms_files() -> int:
    sink = config.settings().sms_sink
    return len(list(sink.glob("*.json"))) if sink.exists() else 0


def test_asking_for_codes_in_a_loop_stops_at_the_quota_and_says_so(mailbox):
    account_id, email, principal = _pending_login()
    page = Page()
    send = {name: SecondFactorState.event_handlers[name].fn for name in ("send_email_code", "send_sms_code")}
    assert all(is_guarded(handler) for handler in send.values())
    sms_before, limit = _sms_files(), throttle.CODE_SENDING.limit or 0
    for sent in range(limit):
        send["send_sms_code" if sent % 2 else "send_email_code"].__wrapped__(page, principal)
        assert page.error == "" and page.info.startswith("Un code vient de vous être envoyé")
    for _ in range(5):
        for handler in send.values():
            handler.__wrapped__(page, principal)
            assert (page.error, page.info) == (two_factor.TOO_MANY_CODES, "")
    assert len(mailbox.wait_for(email, (limit + 1) // 2)) == (limit + 1) // 2
    assert _sms_files() - sms_before == limit // 2
    with db_session() as session:  # the refused ones were counted too, committed with their refusal
        assert attempts(session, throttle.CODE_SENDING, str(account_id)) == limit + 10


def _activate(mailbox, page: Page, principal, email: str, email_code: str | None = None) -> None:
    """« Application d'authentification » on an account without an app, then both codes typed."""
    _handler("use_totp")(page, principal)
    assert page.enrolling and page._pending_totp
    mailed = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email, 1)[0])).group(1)
    form = {"totp_code": pyotp.TOTP(page._pending_totp).now(), "email_code": email_code or mailed}
    assert _handler("confirm_totp")(page, principal, form) is None  # no redirect: the form goes on


def test_activating_the_app_passes_no_session_and_shows_continuer(mailbox):
    """Before, ``confirm_totp`` marked the session the websocket's cookie named, token unchanged: a session
    planted in this browser became fully logged in for its planter."""
    _account_id, email, principal = _pending_login()
    page = Page()
    _activate(mailbox, page, principal, email)
    assert not _passed(principal)
    assert page.handoff and page.info == ACTIVATED and page.error == ""
    assert (page.enrolling, page._pending_totp, page.qr_data_uri, page.manual_key) == (False, "", "", "")
    assert page.has_totp and page.method == ""


def test_the_hand_off_the_page_shows_passes_at_the_route_under_a_new_token(mailbox):
    _account_id, email, principal, cookie = _pending_login_and_cookie()
    page = Page()
    _activate(mailbox, page, principal, email)
    client = TestClient(build_api(), base_url="http://localhost:3000")
    response = client.post(
        routes.API_SECOND_FACTOR_HANDOFF.url(),
        data={"passage": page.handoff},
        headers={"cookie": cookie, "origin": "http://localhost:3000"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == routes.EMPLOYER_HOME
    assert f"{SESSION_COOKIE}={response.cookies[SESSION_COOKIE]}" != cookie
    with db_session() as session:
        assert resolve_principal(session, cookie_header=cookie) is None


def test_wrong_codes_give_no_hand_off(mailbox):
    _account_id, email, principal = _pending_login()
    page = Page()
    _activate(mailbox, page, principal, email, email_code="000000")
    assert page.handoff == "" and page.error == ENROLMENT_FAILED and page.enrolling
    assert not _passed(principal)


def test_leaving_the_step_forgets_the_hand_off(mailbox):
    _account_id, email, principal = _pending_login()
    page = Page()
    _activate(mailbox, page, principal, email)
    _handler("use_totp")(page, principal)  # typing the app's code instead
    assert page.handoff == "" and page.method == "totp"
    page.handoff = "still shown"
    _handler("send_email_code")(page, principal)
    assert page.handoff == ""
    page.handoff = "still shown"
    _handler("load")(page, principal)
    assert page.handoff == ""


def test_a_refused_hand_off_comes_back_to_a_page_that_says_the_app_is_active(mailbox):
    _account_id, _email, principal = _pending_login()
    page = Page()
    page.router.url.query_parameters = {"erreur": second_factor.HANDOFF_REFUSED}
    _handler("load")(page, principal)
    assert page.error == second_factor.HANDOFF_EXPIRED
    page.router.url.query_parameters = {"erreur": "1"}
    _handler("load")(page, principal)
    assert page.error == two_factor.WRONG_CODE
