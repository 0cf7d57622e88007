"""Single-use codes: a short code an account already had is drawn again instead of failing the login on
the unique hash; a login hand-off is found only with the login session it was issued for."""

from __future__ import annotations

from ocso_app.models import OneTimeSecretPurpose
from ocso_app.services import one_time
from tests.builders import make_member_account


def test_a_short_code_the_account_already_had_is_drawn_again(db, monkeypatch):
    """Codes are unique per account by a unique hash: drawing one already used must not fail the login."""
    account = make_member_account(db)
    draws = iter([123456, 123456, 654321])
    monkeypatch.setattr(one_time.secrets, "randbelow", lambda _bound: next(draws))
    code = OneTimeSecretPurpose.EMAIL_CODE
    first = one_time.issue(db, account_id=account.id, purpose=code, short_code=True)
    second = one_time.issue(db, account_id=account.id, purpose=code, short_code=True)
    assert (first, second) == ("123456", "654321")
    assert one_time.consume_code(db, account_id=account.id, code=second, purpose=code, login_session_id=None)


def test_a_login_hand_off_is_found_only_with_the_login_session_it_was_issued_for(db):
    """Without its session's id, or with another's, the secret is unknown (and stays unspent); with it, it is
    spent once."""
    account = make_member_account(db)
    handoff = OneTimeSecretPurpose.LOGIN_HANDOFF
    secret = one_time.issue(db, account_id=account.id, purpose=handoff, login_session_id=41)
    assert one_time.consume_row(db, secret=secret, purpose=handoff) is None
    assert one_time.consume_row(db, secret=secret, purpose=handoff, login_session_id=42) is None
    row = one_time.consume_row(db, secret=secret, purpose=handoff, login_session_id=41)
    assert row is not None and row.account_id == account.id
    assert one_time.consume_row(db, secret=secret, purpose=handoff, login_session_id=41) is None
