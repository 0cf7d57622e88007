"""The nightly housekeeping deletes ended sessions (each account's latest kept), used or expired single-use
secrets, expired trusted browsers and stale counters, and nothing still in use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ocso_app.models import LoginSession, OneTimeSecret, OneTimeSecretPurpose, TrustedDevice
from ocso_app.models.base import utcnow
from ocso_app.services import housekeeping, member_access, one_time, sessions, throttle, trusted_devices
from ocso_app.services.crypto import token_hash
from ocso_app.services.formats import format_count
from ocso_app.services.housekeeping import Purged
from tests.builders import make_member_account

DAY = timedelta(days=1)


def _session(db, account, *, started, revoked=None) -> int:
    token = sessions.start_session(db, account=account, second_factor_done=True, now=started)
    row = db.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    row.revoked_at = revoked
    db.flush()
    return row.id


def _exists(db, model, row_id: int) -> bool:
    db.expire_all()
    return db.get(model, row_id) is not None


def test_ended_sessions_go_after_30_days_but_each_accounts_latest_stays(db):
    now = utcnow()
    account, other = make_member_account(db), make_member_account(db)
    expired_long_ago = _session(db, account, started=now - 60 * DAY)
    logged_out_long_ago = _session(db, account, started=now - 50 * DAY, revoked=now - 50 * DAY)
    expired_lately = _session(db, account, started=now - 10 * DAY)
    logged_out_lately = _session(db, account, started=now - 20 * DAY, revoked=now - 20 * DAY)
    latest = _session(db, account, started=now - 45 * DAY)  # created last: the « dernière connexion »
    only_one = _session(db, other, started=now - 400 * DAY)
    last_login_before = member_access.member_access(db, member_id=other.member_id, now=now).last_login

    housekeeping.purge(db, now=now)

    assert not _exists(db, LoginSession, expired_long_ago)
    assert not _exists(db, LoginSession, logged_out_long_ago)
    assert _exists(db, LoginSession, expired_lately) and _exists(db, LoginSession, logged_out_lately)
    assert _exists(db, LoginSession, latest) and _exists(db, LoginSession, only_one)
    assert member_access.member_access(db, member_id=other.member_id, now=now).last_login == last_login_before
    assert last_login_before != "Jamais"


def test_a_live_session_still_resolves_after_housekeeping(db):
    account = make_member_account(db)
    _session(db, account, started=utcnow() - 90 * DAY)
    token = sessions.start_session(db, account=account, second_factor_done=True)
    housekeeping.purge(db)
    cookie = f"{sessions.SESSION_COOKIE}={token}"
    assert sessions.resolve_principal(db, cookie_header=cookie) is not None


def test_used_or_expired_secrets_go_after_a_day_and_usable_ones_stay(db):
    account = make_member_account(db)
    link = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    code = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.EMAIL_CODE, short_code=True)
    old = db.scalar(select(OneTimeSecret).where(OneTimeSecret.secret_hash == token_hash(link)))
    old.created_at, old.expires_at = utcnow() - 3 * DAY, utcnow() - 2 * DAY
    used = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.SET_PASSWORD)
    assert one_time.consume(db, secret=used, purpose=OneTimeSecretPurpose.SET_PASSWORD) == account.id
    used_row = db.scalar(select(OneTimeSecret).where(OneTimeSecret.secret_hash == token_hash(used)))
    used_row.used_at = utcnow() - 2 * DAY
    just_used = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.EMAIL_CHANGE)
    one_time.consume(db, secret=just_used, purpose=OneTimeSecretPurpose.EMAIL_CHANGE)
    db.flush()
    ids = {row.secret_hash: row.id for row in db.scalars(select(OneTimeSecret))}

    housekeeping.purge(db)

    assert not _exists(db, OneTimeSecret, ids[token_hash(link)])
    assert not _exists(db, OneTimeSecret, ids[token_hash(used)])
    assert _exists(db, OneTimeSecret, ids[token_hash(just_used)])  # used today: kept a day
    assert one_time.consume_code(
        db, account_id=account.id, code=code, purpose=OneTimeSecretPurpose.EMAIL_CODE, login_session_id=None
    )  # the code still waiting works


def test_expired_trusted_browsers_go_and_live_ones_stay(db):
    account = make_member_account(db)
    live = trusted_devices.trust(db, account_id=account.id, label="Firefox")
    gone = trusted_devices.trust(db, account_id=account.id, label="Chrome")
    db.flush()
    expired = db.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == token_hash(gone)))
    expired.expires_at = utcnow() - DAY
    db.flush()

    housekeeping.purge(db)

    assert trusted_devices.is_trusted(db, account_id=account.id, token=live)
    assert db.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == token_hash(gone))) is None


def test_stale_counters_go_too_and_a_second_run_deletes_nothing_of_ours(db):
    policy = throttle.POLICIES[0]
    throttle.count(db, policy, "housekeeping-old", now=utcnow() - 40 * DAY)
    first = housekeeping.purge(db)
    assert first.counters >= 1
    assert housekeeping.purge(db) == Purged(sessions=0, secrets=0, devices=0, counters=0)


def test_the_summary_agrees_its_counts():
    assert Purged(sessions=2, secrets=1, devices=0, counters=1234).summary() == (
        "2 sessions de connexion, 1 code ou lien à usage unique, 0 navigateur de confiance et "
        f"{format_count(1234)} compteurs d'essais supprimés"
    )
