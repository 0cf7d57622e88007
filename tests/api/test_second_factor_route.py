"""POST /api/verification: the second factor marks the session and may trust this browser."""

from dataclasses import dataclass

import pyotp
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    LoginSession,
    OneTimeSecretPurpose,
    TrustedDevice,
)
from ocso_app.services import one_time, second_factor, throttle, trusted_devices
from ocso_app.services.crypto import encrypt_field, token_hash
from ocso_app.services.sessions import DEVICE_COOKIE, SESSION_COOKIE, resolve_principal, start_session
from tests.builders import make_company, make_employer, make_staff
from tests.support.attempts import age


@dataclass
class Login:
    account_id: int
    token: str

    @property
    def cookie(self) -> str:
        return f"{SESSION_COOKIE}={self.token}"


@pytest.fixture
def login() -> Login:
    """An employer who typed the right password on a new browser: second factor still to pass.
    The rows are committed, since the route opens its own database session."""
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        return Login(
            account_id=account.id, token=start_session(session, account=account, second_factor_done=False)
        )


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _email_code(login: Login, *, account_id: int | None = None) -> str:
    """A code e-mailed for ``login``'s session (to ``account_id``'s address, the login's account unless
    said)."""
    with db_session() as session:
        return one_time.issue(
            session,
            account_id=login.account_id if account_id is None else account_id,
            purpose=OneTimeSecretPurpose.EMAIL_CODE,
            short_code=True,
            login_session_id=session.scalar(  # ended or not
                select(LoginSession.id).where(LoginSession.token_hash == token_hash(login.token))
            ),
        )


def _session_done(login: Login) -> bool:
    with db_session() as session:
        return resolve_principal(session, cookie_header=login.cookie).second_factor_done


def _new_session_token(response) -> str:
    """The session cookie the route set: the session's new token once the second factor passed."""
    return response.cookies[SESSION_COOKIE]


def _post(client: TestClient, login: Login, **form: str):
    return client.post(
        "/api/verification",
        data=form,
        headers={"cookie": login.cookie, "origin": "http://localhost:3000"},
        follow_redirects=False,
    )


def test_right_email_code_passes_the_second_factor(client, login):
    code = _email_code(login)
    response = _post(client, login, method="email", code=code)
    assert response.status_code == 303
    # A temporary password is not at stake here: the account's password is its own, so home comes next.
    assert response.headers["location"] == routes.EMPLOYER_HOME
    assert _session_done(Login(login.account_id, _new_session_token(response)))
    assert DEVICE_COOKIE not in response.headers.get("set-cookie", "")


def test_wrong_code_goes_back_to_the_verification_page(client, login):
    code = _email_code(login)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = _post(client, login, method="email", code=wrong, trust="on")
    assert response.status_code == 303
    assert response.headers["location"] == routes.EMPLOYER_VERIFY + "?erreur=1"
    assert not _session_done(login)
    assert "set-cookie" not in response.headers


def test_trusting_the_browser_sets_an_httponly_device_cookie(client, login):
    code = _email_code(login)
    response = _post(client, login, method="email", code=code, trust="on")
    assert response.status_code == 303 and _session_done(
        Login(login.account_id, _new_session_token(response))
    )
    [set_cookie] = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{DEVICE_COOKIE}=")]
    assert "httponly" in set_cookie.lower() and "samesite=lax" in set_cookie.lower()
    assert "Path=/" in set_cookie and "Max-Age=15552000" in set_cookie
    token = set_cookie.split(";", 1)[0].split("=", 1)[1]
    with db_session() as session:
        assert trusted_devices.is_trusted(session, account_id=login.account_id, token=token)


def test_authenticator_app_code_passes_the_second_factor(client, login):
    secret = pyotp.random_base32()
    with db_session() as session:
        session.get(Account, login.account_id).totp_secret_enc = encrypt_field(secret)
    response = _post(client, login, method="totp", code=pyotp.TOTP(secret).now())
    assert response.status_code == 303 and response.headers["location"] == routes.EMPLOYER_HOME
    assert _session_done(Login(login.account_id, _new_session_token(response)))


def test_no_session_cookie_goes_home(client):
    response = client.post(
        "/api/verification", data={"method": "email", "code": "123456"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_a_foreign_origin_is_refused(client, login):
    code = _email_code(login)
    response = client.post(
        "/api/verification",
        data={"method": "email", "code": code},
        headers={"cookie": login.cookie, "origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert not _session_done(login)


def test_new_codes_through_the_route_give_no_new_tries_and_the_account_locks(client, login):
    """Issue 10, finding 5, through the real route (its transaction must keep the failures): four wrong
    tries per code, a new code each time, as the attack did."""
    for _ in range(3):
        code = _email_code(login)
        for _ in range(4):
            _post(client, login, method="email", code=f"{(int(code) + 1) % 10**6:06d}")
            with db_session() as session:
                age(session, throttle.SECOND_FACTOR, str(login.account_id))
    code = _email_code(login)
    response = _post(client, login, method="email", code=code)
    assert response.headers["location"] != routes.EMPLOYER_HOME  # the right code comes too late
    with db_session() as session:
        assert session.get(Account, login.account_id).locked_at is not None
        assert resolve_principal(session, cookie_header=login.cookie) is None  # the session ended


def test_passing_the_second_factor_renews_the_session_token(client, login):
    """The token given at the password step stays worth only that step: the session that passes the second
    factor gets a new one, and the old one opens nothing afterwards."""
    code = _email_code(login)
    response = _post(client, login, method="email", code=code)
    assert response.headers["location"] == routes.EMPLOYER_HOME
    renewed = Login(login.account_id, _new_session_token(response))
    assert renewed.token != login.token
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie
    assert _session_done(renewed)
    with db_session() as session:
        assert resolve_principal(session, cookie_header=login.cookie) is None


def test_a_session_planted_in_the_holders_browser_is_not_the_one_the_second_factor_passes(client, login):
    """Session fixation across the second factor: whoever knows the password logs in (a session owing its
    second factor) and plants that cookie in the holder's browser (a sibling site's cookie, a shared
    computer); the holder, shown the verification page, types the code they receive. Before, that very
    token became fully logged in, and its planter with it."""
    planted = login  # the attacker kept a copy of this token
    code = _email_code(planted)
    response = _post(client, planted, method="email", code=code)  # the holder's browser
    assert response.status_code == 303
    with db_session() as session:
        assert resolve_principal(session, cookie_header=planted.cookie) is None
    assert _session_done(Login(planted.account_id, _new_session_token(response)))


def test_the_renewed_session_keeps_the_logins_absolute_expiry(client, login):
    with db_session() as session:
        before = session.scalar(
            select(LoginSession).where(LoginSession.token_hash == token_hash(login.token))
        )
        expires_at = before.expires_at
    code = _email_code(login)
    token = _new_session_token(_post(client, login, method="email", code=code))
    with db_session() as session:
        after = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
        assert after.expires_at == expires_at and after.account_id == login.account_id


def test_an_email_code_of_another_account_does_not_pass(client, login):
    with db_session() as session:
        other = make_employer(session, principal_of=(make_company(session),)).id
    code = _email_code(login, account_id=other)
    response = _post(client, login, method="email", code=code)
    assert response.headers["location"] == routes.EMPLOYER_VERIFY + "?erreur=1"
    assert not _session_done(login)


def test_a_code_sent_for_another_login_of_the_account_does_not_pass(client, login):
    """Whoever knows the password logs in beside the holder and reads the code the holder was sent: it
    passes only the login it was sent for."""
    with db_session() as session:
        account = session.get(Account, login.account_id)
        holders = Login(login.account_id, start_session(session, account=account, second_factor_done=False))
    response = _post(client, login, method="email", code=_email_code(holders))
    assert response.headers["location"] == routes.EMPLOYER_VERIFY + "?erreur=1"
    assert not _session_done(login)


def test_staff_trust_no_browser_even_when_the_form_asks(client):
    """OCSO staff pass the authenticator app at every login: a trusted browser would never be read, so the
    route neither writes one nor sets its cookie, whatever the form sends (before: a row and a cookie)."""
    secret = pyotp.random_base32()
    with db_session() as session:
        account = make_staff(session)
        account.totp_secret_enc = encrypt_field(secret)
        staff = Login(
            account_id=account.id, token=start_session(session, account=account, second_factor_done=False)
        )
    response = _post(client, staff, method="totp", code=pyotp.TOTP(secret).now(), trust="on")
    assert response.status_code == 303 and response.headers["location"].startswith("/ocso")
    assert DEVICE_COOKIE not in response.cookies
    with db_session() as session:
        renewed = f"{SESSION_COOKIE}={_new_session_token(response)}"
        assert resolve_principal(session, cookie_header=renewed).second_factor_done
        assert (
            session.scalar(select(TrustedDevice.id).where(TrustedDevice.account_id == staff.account_id))
            is None
        )


def test_a_session_still_owing_its_first_password_trusts_no_browser_even_when_the_form_asks(client):
    """At a first login the next step replaces the temporary password, which forgets every trusted browser:
    one trusted now would be forgotten a minute later. So the route trusts none (before: a row and a cookie
    that the first password then killed, and a code asked at the next login despite the ticked box)."""
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        account.password_is_temporary = True
        first = Login(
            account_id=account.id, token=start_session(session, account=account, second_factor_done=False)
        )
    response = _post(client, first, method="email", code=_email_code(first), trust="on")
    assert response.status_code == 303
    assert DEVICE_COOKIE not in response.cookies
    with db_session() as session:
        renewed = resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={_new_session_token(response)}")
        assert renewed.second_factor_done and renewed.must_change_password
        assert (
            session.scalar(select(TrustedDevice.id).where(TrustedDevice.account_id == first.account_id))
            is None
        )


def test_the_trust_checkbox_is_offered_only_where_a_trusted_browser_lasts():
    """``may_trust`` (the checkbox of the verification page): an employer with their own password, yes; an
    employer at their first login (temporary password still to replace), no; OCSO staff, no."""
    with db_session() as session:
        company = make_company(session)
        accounts = [make_employer(session, principal_of=(company,)) for _ in range(2)]
        accounts[1].password_is_temporary = True
        accounts.append(make_staff(session))
        tokens = [start_session(session, account=a, second_factor_done=False) for a in accounts]
    with db_session() as session:
        offered = [
            second_factor.options(
                session, principal=resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")
            ).may_trust
            for token in tokens
        ]
    assert offered == [True, False, False]
