"""An employer user's own mobile number (the second factor's SMS): the password asked again, the number
checked, the change audited and told to the account's e-mail address; any refusal writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, AuditEvent, Interface
from ocso_app.services.employer_account import change_phone
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from tests.builders import PASSWORD, make_company, make_employer, make_member_account
from tests.support.mailbox import body_text


def _principal(account: Account) -> Principal:
    return Principal(account_id=account.id, kind=account.kind, display_name="RH", session_id=0)


def _audits(session, account_id: int) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account_id)))


@pytest.mark.parametrize(
    ("password", "phone", "message", "audited"),
    [
        ("mauvais-mot-de-passe", "07 11 22 33 44", "actuel est incorrect", ["Mot de passe actuel erroné"]),
        (PASSWORD, "12 34", "10 chiffres", []),
    ],
)
def test_a_wrong_password_or_number_changes_nothing(db, password, phone, message, audited):
    """Nothing changes; a wrong password is only counted and audited as a failure (see test_recheck)."""
    account = make_employer(db, principal_of=(make_company(db),))
    with pytest.raises(OcsoError, match=message):
        change_phone(
            db, principal=_principal(account), current_password=password, phone=phone, interface=Interface.WEB
        )
    assert account.phone == "0612345678" and _audits(db, account.id) == audited


def test_a_member_account_cannot_use_it(db):
    account = make_member_account(db)
    with pytest.raises(OcsoError):
        change_phone(
            db,
            principal=_principal(account),
            current_password=PASSWORD,
            phone="0711223344",
            interface=Interface.WEB,
        )


def test_the_new_number_is_kept_audited_and_told_by_e_mail(mailbox):
    with db_session() as session:
        account = make_employer(session, principal_of=(make_company(session),))
        shown = change_phone(
            session,
            principal=_principal(account),
            current_password=PASSWORD,
            phone="07.11.22.33.44",
            interface=Interface.WEB,
        )
        account_id, email = account.id, account.email
    assert shown == "07 11 22 33 44"
    with db_session() as session:
        assert session.get(Account, account_id).phone == "0711223344"
        assert _audits(session, account_id) == [
            "Modification du numéro de téléphone (codes de connexion par SMS)"
        ]
        assert session.get(Account, account_id).kind == AccountKind.EMPLOYER
    notice = body_text(mailbox.wait_for(email)[-1])
    assert "07 ** ** ** 44" in notice and "0711223344" not in notice and "support@ocso.fr" in notice
