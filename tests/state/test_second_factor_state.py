"""The verification page's « Recevoir un code par e-mail / par SMS », called as the guard calls it (the
session owing its second factor injected), in a loop as a script over the websocket would: past the quota
of codes sent to the account (``throttle.CODE_SENDING``) the page says so in French and nothing leaves, the
count committed with the refusal. (The guard itself: ``tests/state/test_guards.py``.)"""

from __future__ import annotations

from types import SimpleNamespace

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import config
from ocso_app.db import db_session
from ocso_app.services import throttle, two_factor
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.state.account.second_factor import SecondFactorState
from ocso_app.state.base import is_guarded
from tests.builders import make_company, make_employer
from tests.support.attempts import attempts


class Page(SimpleNamespace):
    """The state as a handler sees it: its vars, the helpers it calls, a router with a user agent."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in SecondFactorState.__fields__.items()})
        self.router = SimpleNamespace(headers=SimpleNamespace(user_agent="pytest"))
        for name in ("_send", "_interface", "_clear_enrolment"):
            setattr(self, name, getattr(SecondFactorState, name).__get__(self))


def _pending_login():
    """An employer who typed the right password on a new browser: the second factor still owed."""
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        cookie = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=False)}"
        return account.id, account.email, resolve_principal(session, cookie_header=cookie)


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
