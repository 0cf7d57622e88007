"""Single use under concurrency: the same code, link or authenticator code sent twice at the same instant (two
tabs, a replaying attacker racing the holder, a double submit) is accepted once.

Each test runs the second request in its own transaction, committed, right after the first one has read the
row and before it writes (``meanwhile``): what two workers do when their requests overlap, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyotp
from sqlalchemy import event, select

from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AccountKind,
    Interface,
    LoginSession,
    OneTimeSecret,
    OneTimeSecretPurpose,
)
from ocso_app.services import one_time, passwords_flow, second_factor, sessions, two_factor
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import make_company, make_employer, make_member_account

EMAIL_CODE = OneTimeSecretPurpose.EMAIL_CODE
LOGIN = 1  # the login session the codes are sent for


@contextmanager
def meanwhile(entity: type, other_request: Callable[[], object]) -> Iterator[list[object]]:
    """Run ``other_request`` once, the first time a row of ``entity`` is loaded in this block (the first
    request has read it and not written yet); its outcome is appended to the yielded list."""
    outcomes: list[object] = []

    def on_load(_target, _context) -> None:
        if not outcomes:
            outcomes.append(None)  # the other request loads the row too: run it once
            outcomes[0] = other_request()

    event.listen(entity, "load", on_load)
    try:
        yield outcomes
    finally:
        event.remove(entity, "load", on_load)


@dataclass(frozen=True)
class Employer:
    id: int
    login: str


def _employer(totp_secret: str | None = None) -> Employer:
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        if totp_secret:
            account.totp_secret_enc = encrypt_field(totp_secret)
        return Employer(account.id, account.login)


def _issue(account_id: int) -> str:
    with db_session() as session:
        return one_time.issue(
            session, account_id=account_id, purpose=EMAIL_CODE, short_code=True, login_session_id=LOGIN
        )


def _verify(account_id: int, code: str) -> bool:
    with db_session() as session:
        return two_factor.verify_code(session, account_id, "email", code, login_session_id=LOGIN)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_an_emailed_code_sent_twice_at_once_passes_once():
    """Both requests read the code unused; each then marked it used and passed: one e-mailed code opened
    two sessions (the holder's and a replaying attacker's)."""
    employer = _employer()
    code = _issue(employer.id)
    with meanwhile(OneTimeSecret, lambda: _verify(employer.id, code)) as other:
        first = _verify(employer.id, code)
    assert sorted([first, *other]) == [False, True]


def test_wrong_codes_sent_at_once_are_all_counted_against_the_code():
    """Five wrong tries burn a code: two at once counted as one (each wrote its own « attempts + 1 » read
    before the other's), so the right code still passed after five wrong ones."""
    employer = _employer()
    code = _issue(employer.id)
    for _ in range(3):
        with db_session() as session:
            assert not one_time.consume_code(
                session, account_id=employer.id, code=_wrong(code), purpose=EMAIL_CODE, login_session_id=LOGIN
            )

    def wrong_guess() -> bool:
        with db_session() as session:
            return one_time.consume_code(
                session, account_id=employer.id, code=_wrong(code), purpose=EMAIL_CODE, login_session_id=LOGIN
            )

    with meanwhile(OneTimeSecret, wrong_guess):
        assert not wrong_guess()
    with db_session() as session:
        assert not one_time.consume_code(
            session, account_id=employer.id, code=code, purpose=EMAIL_CODE, login_session_id=LOGIN
        )


def test_an_authenticator_code_sent_twice_at_once_passes_once():
    """The replay check (a step after the last one accepted) read the account, then wrote: two requests with
    the same code both saw the old step and both passed."""
    secret = pyotp.random_base32()
    employer = _employer(totp_secret=secret)
    code = pyotp.TOTP(secret).now()

    def verify() -> bool:
        with db_session() as session:
            return two_factor.verify_totp(session, session.get(Account, employer.id), code)

    with meanwhile(Account, verify) as other:
        first = verify()
    assert sorted([first, *other]) == [False, True]


def test_a_reset_link_used_twice_at_once_sets_one_password():
    """Both requests found the link unused and set their password; the later one's commit won, while the
    other person was told their password was set. Now the second is refused and writes nothing."""
    with db_session() as session:
        account = make_member_account(session)
        account_id, login = account.id, account.login
        link = one_time.issue(session, account_id=account_id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)

    def reset(password: str) -> str | None:
        try:
            with db_session() as session:
                passwords_flow.reset_password(
                    session, secret=link, new_password=password, confirmation=password
                )
        except OcsoError as refused:
            assert refused.message == passwords_flow.RESET_LINK_INVALID
            return None
        return password

    with meanwhile(OneTimeSecret, lambda: reset("Second-Passe-22")) as other:
        first = reset("Premier-Passe-11")
    outcomes = [first, *other]
    set_passwords = [password for password in outcomes if password is not None]
    assert len(set_passwords) == 1, outcomes
    with db_session() as session:
        for password in ("Premier-Passe-11", "Second-Passe-22"):
            logged_in = authenticate(session, kind=AccountKind.MEMBER, login=login, password=password)
            assert (logged_in is not None) == (password in set_passwords)


def test_an_apps_activation_hand_off_sent_twice_at_once_passes_once():
    """The « Continuer » form posted twice at the same instant (a double submit): one renewal of the session,
    one new token."""
    employer = _employer()
    with db_session() as session:
        account = session.get(Account, employer.id)
        token = start_session(session, account=account, second_factor_done=False)
    cookie = f"{SESSION_COOKIE}={token}"
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookie)
        handoff = one_time.issue(
            session,
            account_id=employer.id,
            purpose=OneTimeSecretPurpose.LOGIN_HANDOFF,
            login_session_id=principal.session_id,
        )

    def complete() -> str | None:
        with db_session() as session:
            verified = second_factor.complete_enrolment(
                session, principal=principal, handoff=handoff, interface=Interface.WEB
            )
            return verified.session_token if verified else None

    with meanwhile(OneTimeSecret, complete) as other:
        first = complete()
    assert [first, *other].count(None) == 1
    with db_session() as session:
        assert resolve_principal(session, cookie_header=cookie) is None
        renewed = [t for t in (first, *other) if t is not None]
        assert resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={renewed[0]}").second_factor_done


def test_two_codes_passing_the_same_session_at_once_renew_it_once():
    """An e-mailed code and an authenticator code, both right, posted at the same instant for one session
    owing its second factor: each request read the session live and revoked it by a plain assignment, so
    the one login session gave two new tokens (whoever planted it could race the holder with their own).
    The other request here passes with the app's code and commits between the first one's read of the
    session and its write; the first (its e-mailed code already spent) then renews nothing."""
    secret = pyotp.random_base32()
    employer = _employer(totp_secret=secret)
    with db_session() as session:
        token = start_session(session, account=session.get(Account, employer.id), second_factor_done=False)
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")

    def pass_with_the_app() -> str | None:
        with db_session() as session:
            verified = second_factor.verify(
                session,
                principal=principal,
                method="totp",
                code=pyotp.TOTP(secret).now(),
                trust_device=False,
                user_agent=None,
                interface=Interface.WEB,
            )
            return verified.session_token if verified else None

    def renew_after_the_emailed_code() -> str | None:
        with db_session() as session:
            return sessions.renew_session(session, session_id=principal.session_id, second_factor_done=True)

    with meanwhile(LoginSession, pass_with_the_app) as other:
        first = renew_after_the_emailed_code()
    tokens = [t for t in (first, *other) if t is not None]
    assert len(tokens) == 1, (first, other)
    with db_session() as session:
        live = session.scalars(
            select(LoginSession).where(
                LoginSession.account_id == employer.id, LoginSession.revoked_at.is_(None)
            )
        ).all()
        assert len(live) == 1
        assert resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={tokens[0]}").second_factor_done


def test_a_new_passwords_hand_off_sent_twice_at_once_passes_once():
    """The « Continuer » form after the first real password posted twice at the same instant: one renewal of
    the session, one new token."""
    with db_session() as session:
        account = make_member_account(session)
        passwords_flow.give_temporary_password(account)
        cookie = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookie)
        handoff = passwords_flow.replace_temporary_password(
            session, principal=principal, new_password="Tout-Neuf-2027", confirmation="Tout-Neuf-2027"
        )

    def complete() -> str | None:
        with db_session() as session:
            return passwords_flow.complete_new_password(session, principal=principal, handoff=handoff)

    with meanwhile(OneTimeSecret, complete) as other:
        first = complete()
    tokens = [t for t in (first, *other) if t is not None]
    assert len(tokens) == 1
    with db_session() as session:
        assert resolve_principal(session, cookie_header=cookie) is None
        assert resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={tokens[0]}").fully_authenticated
