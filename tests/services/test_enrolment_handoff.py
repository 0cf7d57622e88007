"""Activating an authenticator app at the second-factor step (a websocket event) marks no session: it gives
a 60-second hand-off (``LOGIN_HANDOFF``) that only this account's login session can spend, once, at the HTTP
route that gives the session its new token (``second_factor.complete_enrolment``)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from ocso_app.models import AuditEvent, Interface, OneTimeSecret, OneTimeSecretPurpose
from ocso_app.models.base import utcnow
from ocso_app.services import one_time, second_factor, spaces, two_factor
from ocso_app.services.crypto import new_token, token_hash
from ocso_app.services.sessions import SESSION_COOKIE, Principal, resolve_principal, start_session
from tests.builders import make_company, make_employer, make_staff
from tests.support.mailbox import body_text

HANDOFF = OneTimeSecretPurpose.LOGIN_HANDOFF


@pytest.fixture
def employer(db):
    return make_employer(db, principal_of=(make_company(db),))


def _pending(db, account) -> tuple[str, Principal]:
    token = start_session(db, account=account, second_factor_done=False)
    return token, resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")


def _principal(db, token: str) -> Principal | None:
    return resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")


def _enrol(db, mailbox, account, principal: Principal, sent: int = 1) -> str | None:
    """Scan the QR code, type the app's code and the e-mailed one: what ``finish_enrolment`` returns."""
    enrolment = second_factor.start_enrolment(db, principal=principal, interface=Interface.WEB)
    mailed = mailbox.wait_for(account.email, sent)[sent - 1]
    email_code = re.search(r"\b(\d{6})\b", body_text(mailed)).group(1)
    return second_factor.finish_enrolment(
        db,
        principal=principal,
        secret=enrolment.secret,
        totp_code=pyotp.TOTP(enrolment.secret).now(),
        email_code=email_code,
        interface=Interface.WEB,
    )


def _complete(db, principal: Principal, handoff: str):
    return second_factor.complete_enrolment(db, principal=principal, handoff=handoff, interface=Interface.WEB)


def test_activating_the_app_marks_no_session_and_gives_a_hand_off(db, mailbox, employer):
    token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    assert isinstance(handoff, str) and len(handoff) >= 32
    assert not _principal(db, token).second_factor_done  # nothing passed over the websocket
    assert two_factor.has_totp(employer)  # the app is activated, audited as before
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == employer.id))
    assert "Activation de l'application d'authentification" in list(actions)
    mine = OneTimeSecret.account_id == employer.id, OneTimeSecret.purpose == HANDOFF
    row = db.scalar(select(OneTimeSecret).where(*mine))
    assert row is not None and row.secret_hash != token_hash(handoff)  # stored hashed, bound to the session
    assert row.expires_at - row.created_at == timedelta(seconds=60)


def test_wrong_codes_give_no_hand_off(db, mailbox, employer):
    token, principal = _pending(db, employer)
    enrolment = second_factor.start_enrolment(db, principal=principal, interface=Interface.WEB)
    mailbox.wait_for(employer.email, 1)
    assert (
        second_factor.finish_enrolment(
            db,
            principal=principal,
            secret=enrolment.secret,
            totp_code=pyotp.TOTP(enrolment.secret).now(),
            email_code="000000",
            interface=Interface.WEB,
        )
        is None
    )
    mine = OneTimeSecret.account_id == employer.id, OneTimeSecret.purpose == HANDOFF
    assert db.scalar(select(OneTimeSecret.id).where(*mine)) is None
    assert not _principal(db, token).second_factor_done


def test_the_hand_off_passes_its_session_once_under_a_new_token(db, mailbox, employer):
    token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    verified = _complete(db, principal, handoff)
    assert verified is not None and verified.session_token != token and verified.device_token is None
    assert verified.destination == spaces.after_login(_principal(db, verified.session_token), "")
    assert _principal(db, verified.session_token).second_factor_done
    assert _principal(db, token) is None  # the password step's token opens nothing any more
    assert _complete(db, principal, handoff) is None  # single use
    renewed = _principal(db, verified.session_token)
    assert _complete(db, renewed, handoff) is None


def test_a_staff_members_hand_off_leads_to_the_staff_space(db, mailbox):
    staff = make_staff(db)
    token, principal = _pending(db, staff)
    verified = _complete(db, principal, _enrol(db, mailbox, staff, principal))
    assert verified is not None and _principal(db, verified.session_token).second_factor_done
    assert _principal(db, token) is None


def test_another_session_of_the_account_cannot_spend_the_hand_off(db, mailbox, employer):
    """Whoever has the password opens their own session (owing its second factor) and obtains the holder's
    hand-off: it is worth nothing in that session, which stays where it was."""
    token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    other_token, other = _pending(db, employer)
    assert _complete(db, other, handoff) is None
    assert not _principal(db, other_token).second_factor_done
    assert not _principal(db, token).second_factor_done
    assert _complete(db, principal, handoff) is not None  # still the holder's, in the holder's session


def test_another_accounts_session_cannot_spend_the_hand_off(db, mailbox, employer):
    token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    stranger = make_employer(db, principal_of=(make_company(db),))
    stranger_token, other = _pending(db, stranger)
    assert _complete(db, other, handoff) is None
    assert not _principal(db, stranger_token).second_factor_done
    # Even a caller naming the holder's session with another account (the account check itself) is refused.
    assert _complete(db, replace(other, session_id=principal.session_id), handoff) is None
    assert not _principal(db, token).second_factor_done


def test_an_unknown_hand_off_passes_nothing(db, mailbox, employer):
    token, principal = _pending(db, employer)
    _enrol(db, mailbox, employer, principal)
    for guess in ("", "x", new_token()):
        assert _complete(db, principal, guess) is None
    assert not _principal(db, token).second_factor_done


def test_the_hand_off_expires_after_sixty_seconds(db, mailbox, employer, monkeypatch):
    token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    later = utcnow() + timedelta(seconds=61)
    monkeypatch.setattr(one_time, "utcnow", lambda: later)
    assert _complete(db, principal, handoff) is None
    assert not _principal(db, token).second_factor_done


def test_the_hand_off_still_passes_within_its_sixty_seconds(db, mailbox, employer, monkeypatch):
    _token, principal = _pending(db, employer)
    handoff = _enrol(db, mailbox, employer, principal)
    later = utcnow() + timedelta(seconds=55)
    monkeypatch.setattr(one_time, "utcnow", lambda: later)
    assert _complete(db, principal, handoff) is not None
