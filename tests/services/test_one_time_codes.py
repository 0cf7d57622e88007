"""Single-use codes: a short code an account already had is drawn again instead of failing the login on
the unique hash."""

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
    assert one_time.consume_code(db, account_id=account.id, code=second, purpose=code)
