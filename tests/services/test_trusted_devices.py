"""A trusted browser (the employer's « appareil de confiance ») as an attacker would try it: another account's
cookie, an expired one, a guessed one, and one kept after the password changed, was reset, replaced by a
letter, locked, or after the account was deactivated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ocso_app.models import Account, AccountKind, Interface, StaffRole, TrustedDevice
from ocso_app.models.base import utcnow
from ocso_app.services import (
    introducer_admin,
    login,
    member_access,
    one_time,
    passwords_flow,
    session_flow,
    staff_accounts,
    structure_admin,
    trusted_devices,
)
from ocso_app.services.audit import Actor
from ocso_app.services.crypto import token_hash
from ocso_app.services.login import LoginAttempt
from ocso_app.services.sessions import DEVICE_COOKIE, SESSION_COOKIE, resolve_principal, start_session
from tests.builders import (
    PASSWORD,
    make_company,
    make_employer,
    make_introducer,
    make_member_account,
    make_staff,
)

NEW_PASSWORD = "Nouveau-Passe-77!"


@pytest.fixture
def employer(db):
    return make_employer(db, principal_of=(make_company(db),))


def _trusted(db, account) -> str:
    return trusted_devices.trust(db, account_id=account.id, label="Firefox")


def _log_in(db, account, device_token: str | None):
    return session_flow.log_in(
        db,
        kind=account.kind,
        login=account.login,
        password=PASSWORD,
        wanted="",
        cookie_header=f"{DEVICE_COOKIE}={device_token}" if device_token else None,
        attempt=LoginAttempt(),
        user_agent="Firefox",
    )


def _owes_second_factor(db, token: str) -> bool:
    return not resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}").second_factor_done


def test_a_trusted_browser_skips_the_second_factor_of_its_own_account_only(db, employer):
    device = _trusted(db, employer)
    assert not _owes_second_factor(db, _log_in(db, employer, device).token)
    other = make_employer(db, principal_of=(make_company(db),))
    assert _owes_second_factor(db, _log_in(db, other, device).token)  # the cookie of another account
    assert _owes_second_factor(db, _log_in(db, employer, None).token)


def test_only_the_tokens_hash_is_stored_and_a_guess_trusts_nothing(db, employer):
    device = _trusted(db, employer)
    assert len(device) >= 43  # 256 bits, URL-safe base64
    stored = db.scalars(select(TrustedDevice.token_hash).where(TrustedDevice.account_id == employer.id)).all()
    assert stored == [token_hash(device)] and device not in stored
    for guess in ("", "0" * 43, device[:-1], device + "A"):
        assert not trusted_devices.is_trusted(db, account_id=employer.id, token=guess)


def test_a_trusted_browser_expires_after_180_days(db, employer):
    device = _trusted(db, employer)
    row = db.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == token_hash(device)))
    assert row.expires_at - row.created_at == timedelta(days=180)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=device)
    assert _owes_second_factor(db, _log_in(db, employer, device).token)


def test_changing_the_password_ends_the_trust_of_every_browser(db, employer):
    """A browser trusted by whoever had the password (and once the mailbox) kept skipping the second factor
    after the holder changed the password: with the new one learnt again, no code was asked."""
    device = _trusted(db, employer)
    token = start_session(db, account=employer, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    passwords_flow.change_password(
        db,
        principal=principal,
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirmation=NEW_PASSWORD,
    )
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=device)


def test_a_password_reset_ends_the_trust_of_every_browser(db, employer):
    device = _trusted(db, employer)
    secret = one_time.issue(db, account_id=employer.id, purpose=one_time.OneTimeSecretPurpose.PASSWORD_RESET)
    passwords_flow.reset_password(db, secret=secret, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=device)


def test_the_first_real_password_ends_the_trust_of_every_browser(db, employer):
    device = _trusted(db, employer)
    employer.password_is_temporary = True
    token = start_session(db, account=employer, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    passwords_flow.replace_temporary_password(
        db, principal=principal, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD
    )
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=device)


def test_a_lock_ends_the_trust_of_every_browser(db, employer):
    device = _trusted(db, employer)
    login.lock_account(db, employer)
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=device)


def test_a_password_letter_ends_the_trust_of_every_browser(db):
    member = make_member_account(db)
    device = _trusted(db, member)  # members owe no second factor; the row must go all the same
    agent = make_staff(db, role=StaffRole.ADMIN)
    member_access.new_password_letter(
        db, member_id=member.member_id, actor=Actor(agent.id, interface=Interface.WEB), now=utcnow()
    )
    assert not trusted_devices.is_trusted(db, account_id=member.id, token=device)


def test_deactivating_an_employer_user_ends_the_trust_of_their_browsers(db):
    """Deactivated, then reactivated months later: the browsers trusted before (a shared office computer)
    skipped the second factor again."""
    company = make_company(db)
    principal = make_employer(db, principal_of=(company,))
    user = make_employer(db, principal_of=(company,))
    device = _trusted(db, user)
    structure_admin.deactivate_user(db, actor=Actor(principal.id), account_id=user.id)
    structure_admin.reactivate_user(db, actor=Actor(principal.id), account_id=user.id)
    assert not trusted_devices.is_trusted(db, account_id=user.id, token=device)
    assert _owes_second_factor(db, _log_in(db, user, device).token)


def test_deactivating_a_staff_account_ends_the_trust_of_its_browsers(db):
    admin = make_staff(db, role=StaffRole.ADMIN)
    agent = make_staff(db)
    assert agent.kind == AccountKind.STAFF
    device = _trusted(db, agent)
    staff_accounts.deactivate(db, actor=Actor(admin.id), account_id=agent.id)
    assert not trusted_devices.is_trusted(db, account_id=agent.id, token=device)


def test_deactivating_an_introducer_ends_the_trust_of_their_browsers(db):
    admin = make_staff(db, role=StaffRole.ADMIN)
    introducer = make_introducer(db, companies=(make_company(db),))
    account = db.scalar(select(Account).where(Account.introducer_id == introducer.id))
    device = _trusted(db, account)  # introducers owe no second factor; the row must go all the same
    introducer_admin.deactivate_introducer(db, actor=Actor(admin.id), introducer_id=introducer.id)
    assert not trusted_devices.is_trusted(db, account_id=account.id, token=device)


def test_a_trusted_browser_never_spares_ocso_staff_their_authenticator(db):
    agent = make_staff(db)
    device = _trusted(db, agent)
    assert trusted_devices.is_trusted(db, account_id=agent.id, token=device)
    assert _owes_second_factor(db, _log_in(db, agent, device).token)


def test_an_account_keeps_its_most_recent_trusted_browsers_only(db, employer):
    """No cap before: every « Faire confiance à ce navigateur » added a row for 180 days. Now the oldest is
    forgotten when one more than ``MAX_PER_ACCOUNT`` is trusted; another account's are untouched."""
    other = make_employer(db, principal_of=(make_company(db),))
    theirs = _trusted(db, other)
    start = utcnow() - timedelta(days=30)
    tokens = []
    for day in range(trusted_devices.MAX_PER_ACCOUNT):
        tokens.append(_trusted(db, employer))
        db.flush()
        row = db.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == token_hash(tokens[-1])))
        row.created_at = start + timedelta(days=day)  # trusted on successive days
    db.flush()
    assert all(trusted_devices.is_trusted(db, account_id=employer.id, token=t) for t in tokens)
    newest = _trusted(db, employer)
    db.flush()
    assert not trusted_devices.is_trusted(db, account_id=employer.id, token=tokens[0])  # the oldest
    assert all(trusted_devices.is_trusted(db, account_id=employer.id, token=t) for t in (*tokens[1:], newest))
    count = db.scalars(select(TrustedDevice.id).where(TrustedDevice.account_id == employer.id)).all()
    assert len(count) == trusted_devices.MAX_PER_ACCOUNT
    assert trusted_devices.is_trusted(db, account_id=other.id, token=theirs)
