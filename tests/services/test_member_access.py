"""A member's access as the staff's file shows it, and the letter with a temporary password: it replaces the
password, unlocks the account, ends its sessions, is audited without the password and told by e-mail; the
password printed opens the account, once, to be changed at the first login."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, AuditEvent, LoginSession, Member
from ocso_app.models.base import utcnow
from ocso_app.services import member_access, throttle
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate, lock_account
from ocso_app.services.sessions import start_session
from tests.builders import PASSWORD, make_member, make_member_account
from tests.support.attempts import attempts
from tests.support.mailbox import body_text

AGENT = Actor(account_id=None)


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\u00a0", " ")


def test_the_file_tells_the_state_of_the_account(db):
    now = utcnow()
    member = make_member(db)
    assert member_access.member_access(db, member_id=member.id, now=now).status == member_access.NO_ACCOUNT
    account = make_member_account(db)
    shown = member_access.member_access(db, member_id=account.member_id, now=now)
    assert (shown.status, shown.login, shown.last_login) == ("Actif", account.login, "Jamais")
    start_session(db, account=account, second_factor_done=True)
    lock_account(db, account, now=now)
    shown = member_access.member_access(db, member_id=account.member_id, now=now)
    assert shown.status.startswith("Verrouillé depuis le ") and shown.last_login != "Jamais"


def test_no_member_gives_nothing_and_no_account_a_french_refusal(db):
    assert member_access.new_password_letter(db, member_id=987654321, actor=AGENT, now=utcnow()) is None
    member = make_member(db)
    with pytest.raises(OcsoError, match="pas encore de compte"):
        member_access.new_password_letter(db, member_id=member.id, actor=AGENT, now=utcnow())


def test_the_letter_unlocks_the_account_with_a_temporary_password_to_change(mailbox):
    now = utcnow()
    with db_session() as session:
        account = make_member_account(session)
        start_session(session, account=account, second_factor_done=True)
        for _ in range(10):
            throttle.count(session, throttle.PASSWORD, str(account.id))
        lock_account(session, account, now=now)
        account_id, member_id, login, email = account.id, account.member_id, account.login, account.email
        letter = member_access.new_password_letter(session, member_id=member_id, actor=AGENT, now=now)
    text = _text(letter.pdf)
    password = re.search(
        r"Mot de passe provisoire\s+([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})", text
    ).group(1)
    assert login in text and "/assure/connexion" in text
    assert not set(password) & set("0O1lI")
    with db_session() as session:  # addressed to the member as they are (it said « Madame, Monsieur »)
        civility = session.get(Member, member_id).civility
    assert f"{'Madame' if civility == 'Mme' else 'Monsieur'}, comme convenu" in text
    assert "Madame, Monsieur" not in text
    with db_session() as session:
        account = session.get(Account, account_id)
        assert account.locked_at is None and account.password_is_temporary
        assert timedelta(days=14) < account.password_expires_at.replace(tzinfo=now.tzinfo) - now
        assert attempts(session, throttle.PASSWORD, str(account_id)) == 0
        live = select(LoginSession).where(
            LoginSession.account_id == account_id, LoginSession.revoked_at.is_(None)
        )
        assert session.scalars(live).all() == []
        assert authenticate(session, kind=AccountKind.MEMBER, login=login, password=PASSWORD) is None
        assert authenticate(session, kind=AccountKind.MEMBER, login=login, password=password) is account
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.member_id == member_id)).all()
        assert (
            "Mot de passe provisoire envoyé par courrier par OCSO (à changer à la première connexion)"
            in actions
        )
        assert not any(password in action for action in actions)
    notice = body_text(mailbox.wait_for(email)[-1])
    assert "par courrier un mot de passe provisoire" in notice and password not in notice


def test_a_letter_password_meets_the_members_rule_without_doubtful_characters():
    for _ in range(50):
        password = member_access.letter_password()
        assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", password)
        assert re.search(r"[A-Z]", password) and re.search(r"\d", password)
        assert not set(password) & set("0O1lI")
