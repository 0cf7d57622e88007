"""The first real password after a temporary one (« Personnalisez votre mot de passe »): the websocket event
that chooses it marks no session (an event cannot give the session the new token this step takes, an
HttpOnly cookie); it gives a hand-off that only this login session can spend, once, at the « Continuer »
form's route (``passwords_flow.complete_new_password``), which renews the session's token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from ocso_app.models import (
    AccountKind,
    AuditEvent,
    Interface,
    LoginSession,
    OneTimeSecret,
    OneTimeSecretPurpose,
)
from ocso_app.models.base import utcnow
from ocso_app.services import passwords_flow, second_factor
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.passwords import MEMBER_PASSWORD_RULE
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from tests.builders import make_member_account

NEW = "Tout-Neuf-2027"


def _first_login(db, account=None):
    """A member who logged in with their temporary password: the session must choose the real one."""
    account = account or make_member_account(db)
    account.password_is_temporary = True
    cookie = f"{SESSION_COOKIE}={start_session(db, account=account, second_factor_done=True)}"
    return account, cookie, resolve_principal(db, cookie_header=cookie)


def _choose(db, principal, password: str = NEW, confirmation: str | None = None) -> str:
    return passwords_flow.replace_temporary_password(
        db, principal=principal, new_password=password, confirmation=confirmation or password
    )


def test_choosing_the_password_marks_no_session_and_gives_a_hand_off(db):
    """Before, the event marked the session in place (``must_change_password=False``): a session planted in
    the holder's browser at this step was fully logged in for its planter once the holder chose a password."""
    account, cookie, principal = _first_login(db)
    handoff = _choose(db, principal)
    assert isinstance(handoff, str) and len(handoff) >= 40
    assert resolve_principal(db, cookie_header=cookie).must_change_password  # nothing marked
    assert authenticate(db, kind=AccountKind.MEMBER, login=account.login, password=NEW) is account
    assert not account.password_is_temporary
    stored = db.scalars(select(OneTimeSecret.secret_hash).where(OneTimeSecret.account_id == account.id)).all()
    assert handoff not in stored  # kept hashed


def test_the_hand_off_renews_the_session_once(db):
    _account, cookie, principal = _first_login(db)
    handoff = _choose(db, principal)
    token = passwords_flow.complete_new_password(db, principal=principal, handoff=handoff)
    assert token is not None
    renewed = resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}")
    assert renewed.fully_authenticated and renewed.account_id == principal.account_id
    assert resolve_principal(db, cookie_header=cookie) is None  # the temporary step's token opens nothing
    again = passwords_flow.complete_new_password(db, principal=renewed, handoff=handoff)
    assert again is None


def test_the_renewed_session_keeps_the_logins_absolute_expiry(db):
    _account, _cookie, principal = _first_login(db)
    token = passwords_flow.complete_new_password(db, principal=principal, handoff=_choose(db, principal))
    rows = db.scalars(select(LoginSession).where(LoginSession.account_id == principal.account_id)).all()
    old = next(row for row in rows if row.id == principal.session_id)
    new = next(row for row in rows if row.id != principal.session_id)
    assert token and new.expires_at == old.expires_at and not new.must_change_password


def test_another_session_of_the_account_cannot_spend_the_hand_off(db):
    account, _cookie, principal = _first_login(db)
    other = resolve_principal(
        db, cookie_header=f"{SESSION_COOKIE}={start_session(db, account=account, second_factor_done=True)}"
    )
    handoff = _choose(db, principal)  # ends the other sessions: the planter's own one included
    assert passwords_flow.complete_new_password(db, principal=other, handoff=handoff) is None
    assert passwords_flow.complete_new_password(db, principal=principal, handoff=handoff) is not None


def test_another_accounts_session_cannot_spend_the_hand_off(db):
    _account, _cookie, principal = _first_login(db)
    _stranger, _stranger_cookie, stranger = _first_login(db)
    handoff = _choose(db, principal)
    assert passwords_flow.complete_new_password(db, principal=stranger, handoff=handoff) is None
    assert passwords_flow.complete_new_password(db, principal=principal, handoff=handoff) is not None


def test_a_refused_hand_off_ends_the_half_logged_in_session(db):
    """Unknown, used or expired: nothing passes, and the session at the temporary password step ends (its
    holder logs in again, with the password they chose if they did)."""
    _account, cookie, principal = _first_login(db)
    _choose(db, principal)
    assert passwords_flow.complete_new_password(db, principal=principal, handoff="x" * 43) is None
    assert resolve_principal(db, cookie_header=cookie) is None


def test_the_hand_off_expires(db):
    _account, _cookie, principal = _first_login(db)
    handoff = _choose(db, principal)
    db.execute(
        update(OneTimeSecret)
        .where(OneTimeSecret.account_id == principal.account_id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    assert passwords_flow.complete_new_password(db, principal=principal, handoff=handoff) is None


def test_the_app_activations_route_does_not_take_a_password_hand_off(db):
    """A purpose of its own: the « Continuer » of an authenticator app's activation passes nothing with it."""
    _account, cookie, principal = _first_login(db)
    handoff = _choose(db, principal)
    row = db.scalar(select(OneTimeSecret).where(OneTimeSecret.account_id == principal.account_id))
    assert row.purpose == OneTimeSecretPurpose.PASSWORD_HANDOFF
    enrolment = second_factor.complete_enrolment(
        db, principal=principal, handoff=handoff, interface=Interface.WEB
    )
    assert enrolment is None and resolve_principal(db, cookie_header=cookie).must_change_password


def test_a_refused_password_gives_no_hand_off_and_changes_nothing(db):
    account, _cookie, principal = _first_login(db)
    with pytest.raises(OcsoError) as refused:
        _choose(db, principal, "faible")
    assert refused.value.message == MEMBER_PASSWORD_RULE
    with pytest.raises(OcsoError) as differ:
        _choose(db, principal, NEW, "Autre-Chose-2027")
    assert differ.value.message == passwords_flow.PASSWORDS_DIFFER
    assert account.password_is_temporary
    assert db.scalar(select(OneTimeSecret.id).where(OneTimeSecret.account_id == account.id)) is None


def test_the_password_is_chosen_once_and_audited(db):
    account, _cookie, principal = _first_login(db)
    _choose(db, principal)
    with pytest.raises(OcsoError) as refused:  # the same session, before « Continuer »: already chosen
        _choose(db, principal, "Encore-Autre-2028")
    assert refused.value.message == passwords_flow.NOTHING_TO_CHOOSE
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account.id)).all()
    assert actions.count("Mot de passe personnalisé (première connexion)") == 1
