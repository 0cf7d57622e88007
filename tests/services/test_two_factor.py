"""The employer's second factor: e-mailed and SMS codes, authenticator app (TOTP)."""

import json
import re
from base64 import b64decode
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest
from sqlalchemy import select

from ocso_app import config
from ocso_app.models import AccountKind, AuditEvent, Interface
from ocso_app.services import second_factor, throttle, two_factor
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import PASSWORD, make_company, make_employer, make_staff
from tests.support.attempts import age, attempts
from tests.support.mailbox import body_text

LOGIN = 1  # the login session the codes are sent for (a code passes only the session it was sent for)


@pytest.fixture
def employer(db):
    return make_employer(db, principal_of=(make_company(db),), phone="0612345678")


def _mailed_code(mailbox, email: str, count: int = 1) -> str:
    return re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email, count)[count - 1])).group(1)


def _events(db, account_id):
    query = select(AuditEvent.action).where(
        AuditEvent.account_id == account_id, AuditEvent.event_type == two_factor.EVENT_TYPE
    )
    return list(db.scalars(query))


def test_email_code_works_once(db, mailbox, employer):
    where = two_factor.send_email_code(db, employer, login_session_id=LOGIN)
    assert where.endswith("@" + employer.email.split("@")[1]) and employer.email not in where
    code = _mailed_code(mailbox, employer.email)
    assert two_factor.verify_code(db, employer.id, "email", code, login_session_id=LOGIN)
    assert not two_factor.verify_code(db, employer.id, "email", code, login_session_id=LOGIN)
    assert _events(db, employer.id) == [
        "Envoi d'un code par e-mail",
        "Code e-mail accepté",
        "Échec du code e-mail",
    ]


def test_a_new_code_replaces_the_previous_one(db, mailbox, employer):
    two_factor.send_email_code(db, employer, login_session_id=LOGIN)
    first = second = _mailed_code(mailbox, employer.email, 1)
    sent = 1
    while second == first:  # two random codes may match (one chance in a million): ask again
        two_factor.send_email_code(db, employer, login_session_id=LOGIN)
        sent += 1
        second = _mailed_code(mailbox, employer.email, sent)
    assert not two_factor.verify_code(db, employer.id, "email", first, login_session_id=LOGIN)
    assert two_factor.verify_code(db, employer.id, "email", second, login_session_id=LOGIN)


def test_wrong_code_five_times_burns_it(db, mailbox, employer):
    two_factor.send_email_code(db, employer, login_session_id=LOGIN)
    code = _mailed_code(mailbox, employer.email)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert not two_factor.verify_code(db, employer.id, "email", wrong, login_session_id=LOGIN)
    assert not two_factor.verify_code(db, employer.id, "email", code, login_session_id=LOGIN)


def test_an_email_code_is_not_an_sms_code(db, mailbox, employer):
    two_factor.send_email_code(db, employer, login_session_id=LOGIN)
    code = _mailed_code(mailbox, employer.email)
    assert not two_factor.verify_code(db, employer.id, "sms", code, login_session_id=LOGIN)
    assert not two_factor.verify_code(db, employer.id, "autre", code, login_session_id=LOGIN)


def test_sms_code_goes_through_the_gateway(db, employer):
    sink = config.settings().sms_sink
    before = set(sink.glob("*.json")) if sink.exists() else set()
    where = two_factor.send_sms_code(db, employer, login_session_id=LOGIN)
    assert where == "06 ** ** ** 78"
    (new_file,) = set(sink.glob("*.json")) - before
    message = json.loads(new_file.read_text())
    assert message["to"] == "0612345678"
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
    assert two_factor.verify_code(db, employer.id, "sms", code, login_session_id=LOGIN)
    assert "Envoi d'un code par SMS" in _events(db, employer.id)


def test_phone_is_masked():
    assert two_factor.mask_phone("06 12 34 56 78") == "06 ** ** ** 78"


def test_totp_enrolment_stores_the_secret_encrypted(db, employer):
    secret = two_factor.new_totp_secret()
    assert not two_factor.confirm_totp(db, employer, secret, "12345")
    assert employer.totp_secret_enc is None
    enrolment_code = pyotp.TOTP(secret).now()
    assert two_factor.confirm_totp(db, employer, secret, enrolment_code)
    assert employer.totp_secret_enc and secret not in employer.totp_secret_enc
    assert decrypt_field(employer.totp_secret_enc) == secret
    assert not two_factor.verify_totp(db, employer, enrolment_code)  # the enrolment code served once
    assert "Activation de l'application d'authentification" in _events(db, employer.id)


def test_totp_is_refused_after_five_failures(db, employer):
    secret = two_factor.new_totp_secret()
    assert two_factor.confirm_totp(db, employer, secret, pyotp.TOTP(secret).now())
    for _ in range(5):
        assert not two_factor.verify_totp(db, employer, "abcdef")
    db.flush()
    assert not two_factor.verify_totp(db, employer, pyotp.TOTP(secret).now())


def test_qr_code_is_an_svg_data_uri_of_the_provisioning_uri():
    secret = two_factor.new_totp_secret()
    uri = two_factor.provisioning_qr_svg(secret, "rh@example.fr")
    assert uri.startswith("data:image/svg+xml")
    payload = uri.split(",", 1)[1]
    svg = b64decode(payload).decode() if ";base64" in uri.split(",", 1)[0] else unquote(payload)
    assert "<svg" in svg
    assert "otpauth://totp/OCSO:rh%40example.fr" in two_factor.provisioning_uri(secret, "rh@example.fr")


def test_an_authenticator_code_cannot_be_replayed(db):
    account = make_employer(db, principal_of=(make_company(db),))
    secret = two_factor.new_totp_secret()
    account.totp_secret_enc = encrypt_field(secret)
    code = pyotp.TOTP(secret).now()
    assert two_factor.verify_totp(db, account, code)
    assert not two_factor.verify_totp(db, account, code)


# Issue 10, finding 5: wrong codes are counted per account, across codes, kinds of code and new codes.


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _send_and_read(db, mailbox, account, sent: int) -> str:
    two_factor.send_email_code(db, account, login_session_id=LOGIN)
    return _mailed_code(mailbox, account.email, sent)


def test_asking_for_new_codes_does_not_give_new_tries(db, mailbox, employer):
    """Today's attack: 4 wrong tries per code, then ask for a new code, forever."""
    for sent in range(1, 4):
        code = _send_and_read(db, mailbox, employer, sent)
        for _ in range(4):
            assert not two_factor.verify_code(db, employer.id, "email", _wrong(code), login_session_id=LOGIN)
            age(db, throttle.SECOND_FACTOR, str(employer.id))
    assert employer.locked_at is not None  # 10 wrong codes in all: the account is locked
    code = _send_and_read(db, mailbox, employer, 4)
    assert not two_factor.verify_code(
        db, employer.id, "email", code, login_session_id=LOGIN
    )  # even the right code
    assert two_factor.TOO_MANY_TRIES in _events(db, employer.id)


def test_after_five_wrong_codes_even_a_fresh_right_code_must_wait(db, mailbox, employer):
    code = _send_and_read(db, mailbox, employer, 1)
    for _ in range(3):
        assert not two_factor.verify_code(db, employer.id, "email", _wrong(code), login_session_id=LOGIN)
    code = _send_and_read(db, mailbox, employer, 2)
    for _ in range(2):
        assert not two_factor.verify_code(db, employer.id, "email", _wrong(code), login_session_id=LOGIN)
    code = _send_and_read(db, mailbox, employer, 3)
    assert not two_factor.verify_code(
        db, employer.id, "email", code, login_session_id=LOGIN
    )  # within the delay: not even checked
    code = _send_and_read(db, mailbox, employer, 4)
    age(db, throttle.SECOND_FACTOR, str(employer.id), timedelta(minutes=2))
    assert two_factor.verify_code(db, employer.id, "email", code, login_session_id=LOGIN)
    assert attempts(db, throttle.SECOND_FACTOR, str(employer.id)) == 0  # a success clears the count


def test_app_sms_and_email_failures_share_one_count(db, mailbox, employer):
    secret = two_factor.new_totp_secret()
    employer.totp_secret_enc = encrypt_field(secret)
    for _ in range(3):
        assert not two_factor.verify_totp(db, employer, "abcdef")
    code = _send_and_read(db, mailbox, employer, 1)
    for _ in range(2):
        assert not two_factor.verify_code(db, employer.id, "email", _wrong(code), login_session_id=LOGIN)
    assert attempts(db, throttle.SECOND_FACTOR, str(employer.id)) == 5
    assert not two_factor.verify_totp(db, employer, pyotp.TOTP(secret).now())  # the delay holds for the app


def test_a_successful_password_login_does_not_reset_the_count_of_wrong_codes(db, mailbox):
    account = make_employer(db, principal_of=(make_company(db),), password=PASSWORD)
    code = _send_and_read(db, mailbox, account, 1)
    for _ in range(4):
        assert not two_factor.verify_code(db, account.id, "email", _wrong(code), login_session_id=LOGIN)
    assert authenticate(db, kind=AccountKind.EMPLOYER, login=account.login, password=PASSWORD) is account
    assert attempts(db, throttle.SECOND_FACTOR, str(account.id)) == 4


def test_the_lock_ends_the_session_that_owed_its_second_factor(db, mailbox, employer):
    token = start_session(db, account=employer, second_factor_done=False)
    cookie = f"{SESSION_COOKIE}={token}"
    principal = resolve_principal(db, cookie_header=cookie)
    for _ in range(10):
        second_factor.verify(
            db,
            principal=principal,
            method="email",
            code="000000",
            trust_device=False,
            user_agent=None,
            interface=Interface.WEB,
        )
        age(db, throttle.SECOND_FACTOR, str(employer.id))
    assert employer.locked_at is not None
    assert resolve_principal(db, cookie_header=cookie) is None
    assert authenticate(db, kind=AccountKind.EMPLOYER, login=employer.login, password=PASSWORD) is None


def test_staff_cannot_brute_force_the_enrolment_code_by_restarting_enrolment(db, mailbox):
    """Staff enrol their authenticator with an e-mailed code: restarting the enrolment gives no new tries."""
    staff = make_staff(db)
    token = start_session(db, account=staff, second_factor_done=False)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    for sent in range(1, 11):
        enrolment = second_factor.start_enrolment(db, principal=principal, interface=Interface.WEB)
        code = _mailed_code(mailbox, staff.email, sent)
        totp_code = pyotp.TOTP(enrolment.secret).now()
        assert not second_factor.finish_enrolment(
            db,
            principal=principal,
            secret=enrolment.secret,
            totp_code=totp_code,
            email_code=_wrong(code),
            interface=Interface.WEB,
        )
        age(db, throttle.SECOND_FACTOR, str(staff.id))
    assert staff.locked_at is not None and staff.totp_secret_enc is None


CODES_AN_HOUR = 10  # ``throttle.CODE_SENDING``


def _sms_sent(sink) -> int:
    return len(list(sink.glob("*.json"))) if sink.exists() else 0


def test_codes_sent_to_one_account_are_bounded_whatever_the_channel(db, mailbox, employer):
    """A session that owes its second factor (the password is known) asked for codes in a loop: e-mails and
    SMS to the account holder, each SMS paid by OCSO. At most 10 an hour per account,
    e-mail, SMS and enrolment codes together; past it nothing leaves, the refusal is audited, and the
    next window sends again."""
    sink = config.settings().sms_sink
    sms_before = _sms_sent(sink)
    token = start_session(db, account=employer, second_factor_done=False)
    principal = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    limit = CODES_AN_HOUR
    for sent in range(limit):
        method = "sms" if sent % 2 else "email"
        second_factor.send_code(db, principal=principal, method=method, interface=Interface.WEB)
    emails = len(mailbox.wait_for(employer.email, (limit + 1) // 2))
    for method in ("email", "sms"):
        with pytest.raises(OcsoError) as refused:
            second_factor.send_code(db, principal=principal, method=method, interface=Interface.WEB)
        assert refused.value.message == two_factor.TOO_MANY_CODES
    with pytest.raises(OcsoError) as refused:  # an enrolment's e-mailed code counts too
        second_factor.start_enrolment(db, principal=principal, interface=Interface.WEB)
    assert refused.value.message == two_factor.TOO_MANY_CODES
    assert len(mailbox.to(employer.email)) == emails == (limit + 1) // 2
    assert _sms_sent(sink) - sms_before == limit // 2
    assert two_factor.TOO_MANY_CODES in _events(db, employer.id)
    assert throttle.CODE_SENDING.limit == CODES_AN_HOUR
    age(db, throttle.CODE_SENDING, str(employer.id), timedelta(hours=1))
    second_factor.send_code(db, principal=principal, method="email", interface=Interface.WEB)
    assert len(mailbox.wait_for(employer.email, emails + 1)) == emails + 1


def test_another_accounts_codes_do_not_count(db, mailbox, employer):
    other = make_employer(db, principal_of=(make_company(db),))
    for _ in range(CODES_AN_HOUR):
        two_factor.send_email_code(db, other, login_session_id=LOGIN)
    two_factor.send_email_code(db, employer, login_session_id=LOGIN)
    assert len(mailbox.wait_for(employer.email, 1)) == 1


def test_a_code_passes_only_the_login_it_was_sent_for(db, mailbox, employer):
    """Somebody who knows the password logs in beside the holder: the code e-mailed for the holder's login
    (read over a shoulder, in a forwarded e-mail) passed any login of the account, theirs included. It
    now passes only the login session it was sent for; the other login's try counts as a wrong one."""
    mine, theirs = (
        resolve_principal(
            db,
            cookie_header=f"{SESSION_COOKIE}={start_session(db, account=employer, second_factor_done=False)}",
        )
        for _ in range(2)
    )
    second_factor.send_code(db, principal=mine, method="email", interface=Interface.WEB)
    code = _mailed_code(mailbox, employer.email)

    def verify(principal):
        return second_factor.verify(
            db,
            principal=principal,
            method="email",
            code=code,
            trust_device=False,
            user_agent=None,
            interface=Interface.WEB,
        )

    assert verify(theirs) is None
    assert verify(mine) is not None
    assert _events(db, employer.id)[-2:] == ["Échec du code e-mail", "Code e-mail accepté"]
