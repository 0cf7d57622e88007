"""Login: same answer for unknown and wrong, a growing delay after 5 failures, a lock at 10."""

from datetime import timedelta

from ocso_app.models import AccountKind, AuditEvent, LoginSession
from ocso_app.models.base import utcnow
from ocso_app.services import throttle
from ocso_app.services.login import LOCK_AFTER_FAILURES, authenticate, required_delay, unlock
from ocso_app.services.passwords import hash_password, verify_password
from ocso_app.services.passwords_flow import give_temporary_password
from ocso_app.services.sessions import start_session
from tests.builders import PASSWORD, make_member_account
from tests.support.attempts import age, attempts


def _login(db, login, password):
    return authenticate(db, kind=AccountKind.MEMBER, login=login, password=password)


def test_right_password_logs_in_with_the_six_first_characters(db):
    account = make_member_account(db)
    assert _login(db, account.login + "-extra", PASSWORD) is account


def test_unknown_account_and_wrong_password_both_fail_alike(db):
    account = make_member_account(db)
    assert _login(db, "000000", PASSWORD) is None
    assert _login(db, account.login, "Wrong-Password-1") is None


def test_a_login_typed_with_a_nul_fails_like_an_unknown_one(db):
    """PostgreSQL refuses a NUL in a query: the login answered « Une erreur inattendue » instead of the
    login's own refusal."""
    account = make_member_account(db)
    assert _login(db, account.login[:3] + "\x00" + account.login[3:], PASSWORD) is None
    assert authenticate(db, kind=AccountKind.EMPLOYER, login="rh\x00@example.org", password=PASSWORD) is None
    assert _login(db, account.login, PASSWORD) is account


def test_delay_after_five_failures_refuses_even_the_right_password(db):
    account = make_member_account(db)
    for _ in range(5):
        assert _login(db, account.login, "Wrong-Password-1") is None
    assert attempts(db, throttle.PASSWORD, str(account.id)) == 5
    assert _login(db, account.login, PASSWORD) is None  # still within the delay
    age(db, throttle.PASSWORD, str(account.id))
    assert _login(db, account.login, PASSWORD) is account
    assert attempts(db, throttle.PASSWORD, str(account.id)) == 0


def test_account_locks_after_ten_failures(db):
    account = make_member_account(db)
    live = start_session(db, account=account, second_factor_done=True)
    for _ in range(LOCK_AFTER_FAILURES):
        _login(db, account.login, "Wrong-Password-1")
        age(db, throttle.PASSWORD, str(account.id))
    assert account.locked_at is not None
    assert _login(db, account.login, PASSWORD) is None
    assert db.query(LoginSession).filter_by(account_id=account.id, revoked_at=None).count() == 0, live
    unlock(db, account)  # what a password reset does
    assert _login(db, account.login, PASSWORD) is account


def test_delays_grow_and_are_capped():
    assert required_delay(4) == timedelta(0)
    assert required_delay(5) < required_delay(6) < required_delay(7)
    assert required_delay(30) == timedelta(seconds=60)


def test_failed_login_is_audited_without_the_password(db):
    account = make_member_account(db)
    _login(db, account.login, "Secret-Typed-9")
    events = db.query(AuditEvent).filter_by(account_id=account.id).all()
    assert [e.action for e in events] == ["Échec de connexion"]
    assert all("Secret-Typed-9" not in e.action for e in events)


def test_password_longer_than_72_bytes_is_not_truncated():
    long_password = "A1" + "é" * 60 + "x"
    stored = hash_password(long_password, cost=4)
    assert verify_password(long_password, stored)
    assert not verify_password(long_password[:-1] + "y", stored)
    assert hash_password("x", cost=12).startswith("$2b$12$")


def test_new_hashes_use_cost_12_unless_the_environment_lowers_it(monkeypatch):
    monkeypatch.delenv("OCSO_BCRYPT_COST", raising=False)
    assert hash_password("x").startswith("$2b$12$")
    monkeypatch.setenv("OCSO_BCRYPT_COST", "2")  # never below bcrypt's minimum
    assert hash_password("x").startswith("$2b$04$")


def test_a_temporary_password_expires_and_a_newer_one_replaces_it(db):
    """The temporary password e-mailed (24 h) or posted: past its end it opens nothing, and a newer one
    makes the older one useless, whatever the mailbox still holds."""
    account = make_member_account(db)
    older = give_temporary_password(account)
    newer = give_temporary_password(account)
    assert _login(db, account.login, older) is None
    assert _login(db, account.login, newer) is account
    account.password_expires_at = utcnow() - timedelta(seconds=1)
    assert _login(db, account.login, newer) is None
