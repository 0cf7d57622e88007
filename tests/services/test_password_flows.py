"""Forgotten password and reset link, change of password (registration: ``test_registration``)."""

import re
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest

from ocso_app.db import _session_factory, db_session
from ocso_app.models import Account, AccountKind, OneTimeSecret, OneTimeSecretPurpose, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services import member_access, one_time, passwords_flow, throttle
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate, lock_account
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import PASSWORD, make_member_account, make_staff, new_email
from tests.support.attempts import attempts
from tests.support.mailbox import body_text


@dataclass(frozen=True)
class Committed:
    """A member account committed for real: the reset link leaves only after the request's commit."""

    id: int
    login: str
    email: str


def _committed_account(**changes) -> Committed:
    with db_session() as session:
        account = make_member_account(session)
        for name, value in changes.items():
            setattr(account, name, value)
        return Committed(account.id, account.login, account.email)


def _request(login: str, kind: AccountKind = AccountKind.MEMBER, ip: str | None = None) -> str:
    with db_session() as session:
        return passwords_flow.request_reset(session, kind=kind, login=login, ip_address=ip)


def _reset_link(mailbox, account: Committed, count: int = 1) -> str:
    _request(account.login)
    text = body_text(mailbox.wait_for(account.email, count)[count - 1])
    return re.search(r"jeton=(\S+)", text).group(1)


def _reset(secret: str, password: str) -> None:
    with db_session() as session:
        passwords_flow.reset_password(session, secret=secret, new_password=password, confirmation=password)


def test_reset_link_works_once_and_unlocks(mailbox):
    account = _committed_account(locked_at=utcnow())
    secret = _reset_link(mailbox, account)
    _reset(secret, "Nouveau-Passe-77")
    with db_session() as session:
        assert session.get(Account, account.id).locked_at is None
        logged_in = authenticate(
            session, kind=AccountKind.MEMBER, login=account.login, password="Nouveau-Passe-77"
        )
        assert logged_in is not None and logged_in.id == account.id
    with pytest.raises(OcsoError) as second_use:
        _reset(secret, "Encore-Passe-78")
    assert second_use.value.message == passwords_flow.RESET_LINK_INVALID


def test_reset_link_expires_and_a_new_one_revokes_the_old(mailbox):
    account = _committed_account()
    first = _reset_link(mailbox, account)
    second = _reset_link(mailbox, account, count=2)
    with db_session() as session:
        assert not passwords_flow.reset_link_is_valid(session, secret=first)
        assert passwords_flow.reset_link_is_valid(session, secret=second)
        for row in session.query(OneTimeSecret).filter_by(account_id=account.id):
            row.expires_at -= timedelta(hours=2)
        session.flush()
        assert not passwords_flow.reset_link_is_valid(session, secret=second)


def test_forgotten_password_answers_the_same_for_unknown_accounts(mailbox):
    account = _committed_account()
    known = _request(account.login)
    unknown = _request("000001")
    assert known == unknown == passwords_flow.RESET_SENT


def test_the_link_leaves_after_the_answer(held_mail, mailbox):
    """The message leaves after the answer: with a mail server that hangs, an existing account's answer
    still comes back at once (as an unknown one's does), so its timing does not tell which accounts exist."""
    account = _committed_account()
    assert _request(account.login) == passwords_flow.RESET_SENT
    assert held_mail.held(1)  # answered, and the message is still waiting to leave
    held_mail.release()
    assert mailbox.wait_for(account.email)


def test_a_rolled_back_request_sends_nothing(mailbox):
    account = _committed_account()
    with _session_factory()() as session:
        passwords_flow.request_reset(session, kind=AccountKind.MEMBER, login=account.login)
        session.rollback()
        session.commit()  # a later commit of the same session must not send what was rolled back
    time.sleep(0.5)
    assert mailbox.to(account.email) == []


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


def test_reset_requests_are_bounded_per_account(mailbox):
    """Issue 10, finding 8: ten requests in a row sent ten e-mails."""
    account = _committed_account()
    answers = {_request(account.login, ip=f"10.9.0.{i}") for i in range(10)}
    assert answers == {passwords_flow.RESET_SENT}
    mailbox.wait_for(account.email, throttle.RESET_LOGIN.limit)
    time.sleep(1)
    assert len(mailbox.to(account.email)) == throttle.RESET_LOGIN.limit


def test_reset_requests_are_bounded_per_client(mailbox):
    for _ in range(throttle.RESET_CLIENT.limit):
        _request(new_email(), kind=AccountKind.EMPLOYER, ip="10.8.0.1")
    account = _committed_account()
    assert _request(account.login, ip="10.8.0.1") == passwords_flow.RESET_SENT
    time.sleep(1)
    assert mailbox.to(account.email) == []
    _request(account.login, ip="10.8.0.2")
    assert len(mailbox.wait_for(account.email)) == 1


def test_unknown_logins_are_counted_like_known_ones(db):
    """The count does not depend on whether the account exists, so it reveals nothing either."""
    for _ in range(2):
        passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login="000002")
    assert attempts(db, throttle.RESET_LOGIN, "member:000002") == 2


def test_a_client_over_its_bound_leaves_no_row_per_junk_login(db):
    for _ in range(throttle.RESET_CLIENT.limit):
        passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login="000004", ip_address="10.7.0.1")
    passwords_flow.request_reset(db, kind=AccountKind.MEMBER, login="000005", ip_address="10.7.0.1")
    assert attempts(db, throttle.RESET_LOGIN, "member:000005") == 0


def test_a_reset_link_ends_when_the_password_is_changed_another_way(db):
    """A « Mot de passe oublié » link asked by whoever read the mailbox for an hour (or by the holder, who
    then remembered the password and changed it) kept working after the change: it set a password of the
    asker's choice, unlocked the account and ended the holder's sessions, within the hour. A change, a first
    real password or a letter's password now ends it."""
    account = make_member_account(db)
    link = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    token = start_session(db, account=account, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    passwords_flow.change_password(
        db,
        principal=principal,
        current_password=PASSWORD,
        new_password="Tout-Neuf-2027",
        confirmation="Tout-Neuf-2027",
    )
    assert not passwords_flow.reset_link_is_valid(db, secret=link)
    with pytest.raises(OcsoError) as refused:
        passwords_flow.reset_password(
            db, secret=link, new_password="Pirate-Passe-99", confirmation="Pirate-Passe-99"
        )
    assert refused.value.message == passwords_flow.RESET_LINK_INVALID
    assert (
        authenticate(db, kind=AccountKind.MEMBER, login=account.login, password="Tout-Neuf-2027") is account
    )


def test_a_reset_link_ends_when_the_temporary_password_is_replaced(db):
    account = make_member_account(db)
    account.password_is_temporary = True
    link = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    token = start_session(db, account=account, second_factor_done=True)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    passwords_flow.replace_temporary_password(
        db, principal=principal, new_password="Tout-Neuf-2027", confirmation="Tout-Neuf-2027"
    )
    assert not passwords_flow.reset_link_is_valid(db, secret=link)


def test_a_reset_link_ends_when_a_letter_replaces_the_password(db):
    account = make_member_account(db)
    link = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    agent = make_staff(db, role=StaffRole.ADMIN)
    member_access.new_password_letter(db, member_id=account.member_id, actor=Actor(agent.id), now=utcnow())
    assert not passwords_flow.reset_link_is_valid(db, secret=link)


def test_a_lock_keeps_the_reset_link_that_lifts_it(db):
    """The lock's message sends the holder to « Mot de passe oublié »: a link already on its way (asked
    while still trying passwords) must still work."""
    account = make_member_account(db)
    link = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    lock_account(db, account)
    assert passwords_flow.reset_link_is_valid(db, secret=link)
    passwords_flow.reset_password(
        db, secret=link, new_password="Tout-Neuf-2027", confirmation="Tout-Neuf-2027"
    )
    assert account.locked_at is None
