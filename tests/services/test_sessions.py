"""The guard: a session cookie is worth something only while live, and only its hash is stored."""

from datetime import timedelta

from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import LoginSession
from ocso_app.models.base import utcnow
from ocso_app.services.sessions import (
    LAST_SEEN_RESOLUTION,
    SESSION_COOKIE,
    read_cookie,
    resolve_caller,
    resolve_principal,
    revoke_account_sessions,
    revoke_token,
    start_session,
)
from tests.builders import make_member_account


def _cookie(token: str) -> str:
    return f"other=1; {SESSION_COOKIE}={token}"


def test_session_resolves_to_its_member_and_stores_only_a_hash(db):
    account = make_member_account(db)
    token = start_session(db, account=account, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=_cookie(token))
    assert principal.account_id == account.id and principal.member_id == account.member_id
    stored = db.scalar(select(LoginSession.token_hash).where(LoginSession.account_id == account.id))
    assert token not in stored and len(stored) == 64


def test_unknown_or_missing_cookie_is_nobody(db):
    assert resolve_principal(db, cookie_header=None) is None
    assert resolve_principal(db, cookie_header=_cookie("forged-token")) is None
    assert resolve_principal(db, cookie_header="garbage;;=") is None


def test_session_expires_after_30_idle_minutes(db):
    account = make_member_account(db)
    start = utcnow()
    token = start_session(db, account=account, second_factor_done=True, now=start)
    assert resolve_principal(db, cookie_header=_cookie(token), now=start + timedelta(minutes=29)) is not None
    later = start + timedelta(minutes=29) + timedelta(minutes=30)
    assert resolve_principal(db, cookie_header=_cookie(token), now=later) is None


def test_session_expires_after_12_hours_even_when_active(db):
    account = make_member_account(db)
    start = utcnow()
    token = start_session(db, account=account, second_factor_done=True, now=start)
    moment = start
    while moment + timedelta(minutes=20) < start + timedelta(hours=12):
        moment += timedelta(minutes=20)
        assert resolve_principal(db, cookie_header=_cookie(token), now=moment) is not None
    assert resolve_principal(db, cookie_header=_cookie(token), now=start + timedelta(hours=12)) is None


def test_logout_revokes_the_session(db):
    account = make_member_account(db)
    token = start_session(db, account=account, second_factor_done=True)
    assert revoke_token(db, token) == account.id
    assert resolve_principal(db, cookie_header=_cookie(token)) is None


def test_password_change_ends_the_other_sessions_only(db):
    account = make_member_account(db)
    kept = start_session(db, account=account, second_factor_done=True)
    other = start_session(db, account=account, second_factor_done=True)
    keep_id = resolve_principal(db, cookie_header=_cookie(kept)).session_id
    revoke_account_sessions(db, account_id=account.id, keep_session_id=keep_id)
    assert resolve_principal(db, cookie_header=_cookie(kept)) is not None
    assert resolve_principal(db, cookie_header=_cookie(other)) is None


def test_disabled_account_loses_its_sessions(db):
    account = make_member_account(db)
    token = start_session(db, account=account, second_factor_done=True)
    account.is_active = False
    db.flush()
    assert resolve_principal(db, cookie_header=_cookie(token)) is None


def test_read_cookie_picks_the_named_cookie():
    assert read_cookie("a=1; ocso_session=abc; b=2", SESSION_COOKIE) == "abc"
    assert read_cookie("", SESSION_COOKIE) is None


def test_an_event_resolves_on_a_connection_of_its_own_and_keeps_the_session_alive():
    """``resolve_caller`` (the guard of every Reflex event) answers as ``resolve_principal`` does, and its
    write of ``last_seen_at`` is committed, or the session would expire while in use."""
    with db_session() as session:
        account = make_member_account(session)
        token = start_session(session, account=account, second_factor_done=True)
        login = session.scalar(select(LoginSession).where(LoginSession.account_id == account.id))
        stale = utcnow() - LAST_SEEN_RESOLUTION - timedelta(seconds=5)
        login.last_seen_at, account_id, login_id = stale, account.id, login.id
    assert resolve_caller(_cookie(token)).account_id == account_id
    with db_session() as session:
        seen = session.get(LoginSession, login_id).last_seen_at
    assert seen.replace(tzinfo=None) > stale.replace(tzinfo=None)
    assert resolve_caller(None) is None and resolve_caller(_cookie("forged-token")) is None
