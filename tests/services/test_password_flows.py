"""Forgotten password and reset link, change of password (registration: ``test_registration``)."""

import re
import time
from datetime import timedelta

import pytest

from ocso_app.models import AccountKind, OneTimeSecret
from ocso_app.services import passwords_flow, throttle
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import PASSWORD, make_member_account, new_email
from tests.support.attempts import attempts
from tests.support.mailbox import body_text


def _reset_link(db, mailbox, account):
    passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login=account.login)
    text = body_text(mailbox.wait_for(account.email)[-1])
    return re.search(r"jeton=(\S+)", text).group(1)


def test_reset_link_works_once_and_unlocks(db, mailbox):
    account = make_member_account(db)
    account.locked_at = account.created_at
    secret = _reset_link(db, mailbox, account)
    passwords_flow.reset_password(
        db, secret=secret, new_password="Nouveau-Passe-77", confirmation="Nouveau-Passe-77"
    )
    assert account.locked_at is None
    assert (
        authenticate(db, kind=AccountKind.MEMBER, login=account.login, password="Nouveau-Passe-77") is account
    )
    with pytest.raises(OcsoError) as second_use:
        passwords_flow.reset_password(
            db, secret=secret, new_password="Encore-Passe-78", confirmation="Encore-Passe-78"
        )
    assert second_use.value.message == passwords_flow.RESET_LINK_INVALID


def test_reset_link_expires_and_a_new_one_revokes_the_old(db, mailbox):
    account = make_member_account(db)
    first = _reset_link(db, mailbox, account)
    second = _reset_link(db, mailbox, account)
    assert not passwords_flow.reset_link_is_valid(db, secret=first)
    assert passwords_flow.reset_link_is_valid(db, secret=second)
    for row in db.query(OneTimeSecret).filter_by(account_id=account.id):
        row.expires_at -= timedelta(hours=2)
    db.flush()
    assert not passwords_flow.reset_link_is_valid(db, secret=second)


def test_forgotten_password_answers_the_same_for_unknown_accounts(db, mailbox):
    account = make_member_account(db)
    known = passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login=account.login)
    unknown = passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login="000001")
    assert known == unknown == passwords_flow.RESET_SENT


def test_change_password_needs_the_current_one_and_follows_the_rules(db):
    account = make_member_account(db)
    token = start_session(db, account=account, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    with pytest.raises(OcsoError) as wrong:
        passwords_flow.change_password(
            db, principal=principal, current_password="x", new_password="Abcdefg12", confirmation="Abcdefg12"
        )
    assert wrong.value.message == passwords_flow.WRONG_CURRENT_PASSWORD
    for weak in ("court1A", "sansmajuscule1", "SansChiffre", "Azerty123"):
        with pytest.raises(OcsoError):
            passwords_flow.change_password(
                db, principal=principal, current_password=PASSWORD, new_password=weak, confirmation=weak
            )
    passwords_flow.change_password(
        db,
        principal=principal,
        current_password=PASSWORD,
        new_password="Tout-Neuf-2027",
        confirmation="Tout-Neuf-2027",
    )
    assert (
        authenticate(db, kind=AccountKind.MEMBER, login=account.login, password="Tout-Neuf-2027") is account
    )


def test_reset_requests_are_bounded_per_account(db, mailbox):
    """Issue 10, finding 8: ten requests in a row sent ten e-mails."""
    account = make_member_account(db)
    answers = {
        passwords_flow.request_reset(
            db, kind=AccountKind.MEMBER, login=account.login, ip_address=f"10.9.0.{i}"
        )
        for i in range(10)
    }
    assert answers == {passwords_flow.RESET_SENT}
    time.sleep(0.5)
    assert len(mailbox.to(account.email)) == throttle.RESET_LOGIN.limit


def test_reset_requests_are_bounded_per_client(db, mailbox):
    for _ in range(throttle.RESET_CLIENT.limit):
        passwords_flow.request_reset(db, kind=AccountKind.EMPLOYER, login=new_email(), ip_address="10.8.0.1")
    account = make_member_account(db)
    answer = passwords_flow.request_reset(
        db, kind=AccountKind.MEMBER, login=account.login, ip_address="10.8.0.1"
    )
    assert answer == passwords_flow.RESET_SENT
    time.sleep(0.5)
    assert mailbox.to(account.email) == []
    passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login=account.login, ip_address="10.8.0.2")
    assert len(mailbox.wait_for(account.email)) == 1


def test_unknown_logins_are_counted_like_known_ones(db):
    """The count does not depend on whether the account exists, so it reveals nothing either."""
    for _ in range(2):
        passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login="000002")
    assert attempts(db, throttle.RESET_LOGIN, "member:000002") == 2
