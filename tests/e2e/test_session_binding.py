"""A tab's private state lives only as long as its login session: after a logout elsewhere, an idle expiry or
a password change, the same tab (same client token, same dead cookie) gets nothing of the member back, not
even from the hydration that re-sends the whole state on a reload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from reflex.state import State
from sqlalchemy import update

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import LoginSession
from ocso_app.models.base import utcnow
from ocso_app.services import sessions
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import SESSION_COOKIE, read_cookie
from ocso_app.state.member.home import HomeState
from tests.builders import make_member_account
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name


def _logged_out_elsewhere(account_id: int, token: str) -> None:
    with db_session() as session:
        sessions.revoke_token(session, token)


def _idle_for_half_an_hour(account_id: int, token: str) -> None:
    with db_session() as session:
        session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == token_hash(token))
            .values(last_seen_at=utcnow() - sessions.IDLE_TIMEOUT - timedelta(minutes=1))
        )


def _password_changed(account_id: int, token: str) -> None:
    with db_session() as session:
        sessions.revoke_account_sessions(session, account_id=account_id)


@pytest.mark.parametrize("end", [_logged_out_elsewhere, _idle_for_half_an_hour, _password_changed])
def test_a_tab_whose_session_ended_gets_no_private_state_back(live_app, end: Callable[[int, str], None]):
    with db_session() as session:
        account = make_member_account(session)
        account_id, number, last_name = account.id, account.login, account.last_name
    cookie = cookie_for(account_id)
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    filled = " ".join(tab.call(handler_name(HomeState, "load"), path=routes.MEMBER_HOME))
    tab.close()
    assert number in filled and last_name in filled

    end(account_id, read_cookie(cookie, SESSION_COOKIE) or "")
    reloaded = RawReflexSocket(live_app.url, token=tab.token, cookie=cookie)
    frames = " ".join(reloaded.call(handler_name(State, "hydrate"), path=routes.MEMBER_HOME))
    reloaded.close()
    assert "delta" in frames  # the hydration answered
    assert number not in frames and last_name not in frames


def test_a_live_session_keeps_its_state_across_a_reload(live_app):
    with db_session() as session:
        account = make_member_account(session)
        account_id, number = account.id, account.login
    cookie = cookie_for(account_id)
    tab = RawReflexSocket(live_app.url, cookie=cookie)
    tab.call(handler_name(HomeState, "load"), path=routes.MEMBER_HOME)
    tab.close()
    reloaded = RawReflexSocket(live_app.url, token=tab.token, cookie=cookie)
    frames = " ".join(reloaded.call(handler_name(State, "hydrate"), path=routes.MEMBER_HOME))
    reloaded.close()
    assert number in frames
