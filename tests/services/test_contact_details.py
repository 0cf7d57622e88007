"""Mes informations: the e-mail address changes only through the link sent to the new address (the old one
told, nothing changed before), the postal address changes at once; bad input writes nothing."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AccountKind,
    AuditEvent,
    Interface,
    Member,
    OneTimeSecret,
    OneTimeSecretPurpose,
)
from ocso_app.models.base import utcnow
from ocso_app.services import contact_details, login, member_access, one_time, passwords_flow, throttle
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.passwords import verify_password
from ocso_app.services.sessions import SESSION_COOKIE, Principal, resolve_principal, start_session
from tests.builders import PASSWORD, make_member_account, new_email
from tests.support.mailbox import body_text


def _actor(account: Account) -> Actor:
    return Actor(account.id, account.member_id)


def _counts(session, account: Account) -> tuple[int, int]:
    secrets = session.scalar(select(func.count()).where(OneTimeSecret.account_id == account.id))
    audits = session.scalar(select(func.count()).where(AuditEvent.account_id == account.id))
    return secrets, audits


def test_the_email_changes_only_when_the_link_sent_to_the_new_address_is_opened(mailbox):
    with db_session() as session:
        account = make_member_account(session)
        old, actor = account.email, _actor(account)
    new = new_email()
    with db_session() as session:
        answer = contact_details.request_email_change(
            session, actor, current_password=PASSWORD, new_email=new.upper()
        )
    assert answer.sent and new in answer.message
    link_mail = mailbox.wait_for(new)[0]
    notice = mailbox.wait_for(old)[0]
    assert "ne prendra effet" in body_text(notice) and new not in body_text(notice)  # masked
    with db_session() as session:  # nothing changed before the link
        assert session.get(Account, actor.account_id).email == old
        assert session.get(Member, actor.member_id).email == old
    secret = re.search(r"jeton=(\S+)", body_text(link_mail)).group(1)
    with db_session() as session:
        assert contact_details.pending_email_change(session, secret=secret) == new
        applied = contact_details.confirm_email_change(
            session, secret=secret, interface=Interface.WEB, ip_address="203.0.113.9"
        )
    assert applied == new
    with db_session() as session:
        assert session.get(Account, actor.account_id).email == new
        assert session.get(Member, actor.member_id).email == new
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.member_id == actor.member_id))
        assert any("Adresse e-mail modifiée" in action for action in actions)
    with pytest.raises(OcsoError) as second_use, db_session() as session:
        contact_details.confirm_email_change(session, secret=secret, interface=Interface.WEB, ip_address=None)
    assert second_use.value.message == contact_details.LINK_INVALID


def test_an_expired_link_changes_nothing(db, monkeypatch):
    monkeypatch.setattr(one_time, "new_token", lambda: "jeton-de-test-expire")
    account = make_member_account(db)
    old = account.email
    contact_details.request_email_change(
        db, _actor(account), current_password=PASSWORD, new_email=new_email()
    )
    secret_row = db.scalar(select(OneTimeSecret).where(OneTimeSecret.account_id == account.id))
    assert secret_row.secret_hash != "jeton-de-test-expire"  # stored hashed
    secret_row.expires_at -= timedelta(hours=25)
    db.flush()
    assert contact_details.pending_email_change(db, secret="jeton-de-test-expire") is None
    assert contact_details.pending_email_change(db, secret="") is None
    with pytest.raises(OcsoError):
        contact_details.confirm_email_change(
            db, secret="jeton-de-test-expire", interface=Interface.WEB, ip_address=None
        )
    assert db.get(Account, account.id).email == old


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("pas-une-adresse", contact_details.BAD_EMAIL),
        ("a@b.fr, c@d.fr", contact_details.BAD_EMAIL),
        ("x@exemple.fr\nBcc: y@z.fr", contact_details.BAD_EMAIL),
    ],
)
def test_a_malformed_address_is_refused_in_french_and_writes_nothing(db, typed, message):
    account = make_member_account(db)
    before = _counts(db, account)
    with pytest.raises(OcsoError) as refused:
        contact_details.request_email_change(db, _actor(account), current_password=PASSWORD, new_email=typed)
    assert refused.value.message == message
    assert _counts(db, account) == before


def test_the_same_address_is_refused(db):
    account = make_member_account(db)
    with pytest.raises(OcsoError) as refused:
        contact_details.request_email_change(
            db, _actor(account), current_password=PASSWORD, new_email=account.email.upper()
        )
    assert refused.value.message == contact_details.SAME_EMAIL


def test_a_wrong_password_sends_nothing_and_issues_no_link(db, mailbox):
    account = make_member_account(db)
    new = new_email()
    answer = contact_details.request_email_change(
        db, _actor(account), current_password="Mauvais-1", new_email=new
    )
    assert not answer.sent and answer.message == contact_details.WRONG_PASSWORD
    assert db.scalar(select(func.count()).where(OneTimeSecret.account_id == account.id)) == 0
    assert db.get(Account, account.id).email == account.email
    assert mailbox.to(new) == []


def test_email_change_requests_are_bounded_per_account(db):
    account = make_member_account(db)
    actor = _actor(account)
    for _ in range(throttle.EMAIL_CHANGE.limit or 0):
        contact_details.request_email_change(db, actor, current_password="Mauvais-1", new_email=new_email())
    answer = contact_details.request_email_change(db, actor, current_password=PASSWORD, new_email=new_email())
    assert not answer.sent and answer.message == contact_details.TOO_MANY_REQUESTS
    assert db.scalar(select(func.count()).where(OneTimeSecret.account_id == account.id)) == 0


def test_the_postal_address_changes_at_once_and_is_audited(db):
    account = make_member_account(db)
    contact_details.change_postal_address(
        db, _actor(account), line="  3 rue du  Colombier ", postal_code="64 000", city="Ouchamps"
    )
    member = db.get(Member, account.member_id)
    assert (member.address_line, member.postal_code, member.city) == (
        "3 rue du Colombier",
        "64000",
        "OUCHAMPS",
    )
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account.id)).all()
    assert "Modification de l'adresse postale" in actions


@pytest.mark.parametrize(
    ("line", "postal_code", "city", "message"),
    [
        ("", "33700", "MERIGNAC", contact_details.BAD_ADDRESS_LINE),
        ("3 rue X", "3370", "MERIGNAC", contact_details.BAD_POSTAL_CODE),
        ("3 rue X", "ABCDE", "MERIGNAC", contact_details.BAD_POSTAL_CODE),
        ("3 rue X", "00000", "PARIS", contact_details.BAD_POSTAL_CODE),
        ("3 rue X", "33 70", "MERIGNAC", contact_details.BAD_POSTAL_CODE),
        ("3 rue X", "33700", "", contact_details.BAD_CITY),
        ("3 rue X", "33700", "M3RIGNAC", contact_details.BAD_CITY),
        ("3 rue X\x00", "33700", "MERIGNAC", contact_details.BAD_ADDRESS_LINE),
    ],
)
def test_a_bad_postal_address_is_refused_in_french_and_writes_nothing(db, line, postal_code, city, message):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    before = (member.address_line, member.postal_code, member.city, _counts(db, account))
    with pytest.raises(OcsoError) as refused:
        contact_details.change_postal_address(
            db, _actor(account), line=line, postal_code=postal_code, city=city
        )
    assert refused.value.message == message
    db.refresh(member)
    assert (member.address_line, member.postal_code, member.city, _counts(db, account)) == before


def _pending_link(session, account: Account, monkeypatch, token: str) -> None:
    """Somebody who knows the member's password asks for their address to become their own."""
    monkeypatch.setattr(one_time, "new_token", lambda: token)
    answer = contact_details.request_email_change(
        session, _actor(account), current_password=PASSWORD, new_email=new_email()
    )
    assert answer.sent
    monkeypatch.undo()


def _taken_over(session, account: Account, token: str) -> bool:
    """Whether the link still makes the thief's address the account's (its reset links would go there)."""
    if contact_details.pending_email_change(session, secret=token) is not None:
        return True
    try:
        contact_details.confirm_email_change(session, secret=token, interface=Interface.WEB, ip_address=None)
    except OcsoError as refused:
        assert refused.message == contact_details.LINK_INVALID
        return False
    return True


def test_changing_the_password_cancels_an_email_change_asked_with_the_old_one(db, monkeypatch):
    """The old address's notice says: « si vous n'êtes pas à l'origine de cette demande, changez votre mot de
    passe ». The member does; the thief's link, which would give the thief the account back through « Mot de
    passe oublié », must no longer work."""
    account = make_member_account(db)
    old = account.email
    _pending_link(db, account, monkeypatch, "jeton-du-voleur-1")
    session_id = _member_session(db, account)
    passwords_flow.change_password(
        db,
        principal=_principal(db, account, session_id),
        current_password=PASSWORD,
        new_password="Nouveau-passe-2026",
        confirmation="Nouveau-passe-2026",
    )
    assert not _taken_over(db, account, "jeton-du-voleur-1")
    assert db.get(Account, account.id).email == old


def test_a_password_reset_cancels_an_email_change_asked_with_the_old_password(db, monkeypatch):
    account = make_member_account(db)
    old = account.email
    _pending_link(db, account, monkeypatch, "jeton-du-voleur-2")
    reset = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    passwords_flow.reset_password(
        db, secret=reset, new_password="Nouveau-passe-2026", confirmation="Nouveau-passe-2026"
    )
    assert not _taken_over(db, account, "jeton-du-voleur-2")
    assert db.get(Account, account.id).email == old


def test_a_password_sent_by_letter_cancels_a_pending_email_change(db, monkeypatch):
    account = make_member_account(db)
    old = account.email
    _pending_link(db, account, monkeypatch, "jeton-du-voleur-3")
    member_access.new_password_letter(db, member_id=account.member_id, actor=Actor(None), now=utcnow())
    assert not _taken_over(db, account, "jeton-du-voleur-3")
    assert db.get(Account, account.id).email == old


def test_a_locked_account_cancels_a_pending_email_change(db, monkeypatch):
    account = make_member_account(db)
    _pending_link(db, account, monkeypatch, "jeton-du-voleur-4")
    login.lock_account(db, account)
    assert not _taken_over(db, account, "jeton-du-voleur-4")


def _member_session(db, account: Account) -> int:
    token = start_session(db, account=account, second_factor_done=True)
    return resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}").session_id


def _principal(db, account: Account, session_id: int):
    return Principal(account.id, AccountKind.MEMBER, "", session_id, member_id=account.member_id)


def test_a_reset_link_sent_to_the_old_address_ends_when_the_email_changes(db, monkeypatch):
    """The member moves to a new address because the old one is no longer theirs alone (a former employer's
    mailbox, a shared or compromised one): a « Mot de passe oublié » link already sent there must not open
    the account for the hour it would still last."""
    account = make_member_account(db)
    old_reset = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    monkeypatch.setattr(one_time, "new_token", lambda: "jeton-du-membre")
    new = new_email()
    assert contact_details.request_email_change(
        db, _actor(account), current_password=PASSWORD, new_email=new
    ).sent
    monkeypatch.undo()
    contact_details.confirm_email_change(
        db, secret="jeton-du-membre", interface=Interface.WEB, ip_address=None
    )
    assert db.get(Account, account.id).email == new
    assert not passwords_flow.reset_link_is_valid(db, secret=old_reset)
    with pytest.raises(OcsoError) as refused:
        passwords_flow.reset_password(
            db, secret=old_reset, new_password="Nouveau-passe-2026", confirmation="Nouveau-passe-2026"
        )
    assert refused.value.message == passwords_flow.RESET_LINK_INVALID
    assert verify_password(PASSWORD, db.get(Account, account.id).password_hash)  # unchanged


def test_a_city_that_capitals_lengthen_past_its_column_is_refused_in_french():
    """A commune is stored in capitals in a column of 80: « Weiß… » of 80 characters became 81."""
    city = "Weiß" + "e" * 76
    _, errors = contact_details.checked_postal_address("4 rue des Lilas", "33700", city)
    assert errors == {"city": contact_details.BAD_CITY}
    address, errors = contact_details.checked_postal_address("4 rue des Lilas", "33700", city[:-1])
    assert errors == {} and address.city == "WEISS" + "E" * 75


# --- « Mon numéro de téléphone » (the help's answer: « Votre adresse, votre téléphone et votre e-mail se
# modifient dans MES INFORMATIONS »; the staff read it in the member's file)


def _phone_actions(session, account: Account) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.account_id == account.id, AuditEvent.action.contains("téléphone")
            )
        )
    )


def test_the_member_sees_their_phone_number_in_french_groups(db):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    member.phone = "0556343666"
    db.flush()
    assert contact_details.member_phone(db, member_id=member.id) == "05 56 34 36 66"
    member.phone = None
    db.flush()
    assert contact_details.member_phone(db, member_id=member.id) == ""


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0612345678"])
def test_the_phone_number_changes_at_once_as_ten_digits_and_is_audited_without_the_number(db, typed):
    account = make_member_account(db)
    shown = contact_details.change_phone(db, _actor(account), phone=typed)
    member = db.get(Member, account.member_id)
    assert (member.phone, shown) == ("0612345678", "06 12 34 56 78")
    assert _phone_actions(db, account) == ["Modification du numéro de téléphone"]
    events = db.scalars(select(AuditEvent).where(AuditEvent.account_id == account.id)).all()
    assert all("0612345678" not in (e.action or "") for e in events)
    assert {e.event_type for e in events} == {contact_details.EVENT_TYPE}


def test_an_empty_phone_number_removes_it_and_is_audited(db):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    member.phone = "0556343666"
    db.flush()
    assert contact_details.change_phone(db, _actor(account), phone="  ") == ""
    db.flush()
    db.refresh(member)
    assert member.phone is None
    assert _phone_actions(db, account) == ["Suppression du numéro de téléphone"]


def test_the_same_phone_number_writes_nothing(db):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    member.phone = "0556343666"
    db.flush()
    before = _counts(db, account)
    assert contact_details.change_phone(db, _actor(account), phone="05 56 34 36 66") == "05 56 34 36 66"
    assert _counts(db, account) == before


@pytest.mark.parametrize(
    "typed", ["12345", "06 12 34 56 7", "0012345678", "06123456789", "06-12-34-56-7x", "0612\x0045678"]
)
def test_a_bad_phone_number_is_refused_in_french_and_writes_nothing(db, typed):
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    member.phone = "0556343666"
    db.flush()
    before = _counts(db, account)
    with pytest.raises(OcsoError) as refused:
        contact_details.change_phone(db, _actor(account), phone=typed)
    assert refused.value.message == contact_details.BAD_PHONE
    db.refresh(member)
    assert (member.phone, _counts(db, account)) == ("0556343666", before)


def test_a_member_changes_only_their_own_phone_number(db):
    mine, theirs = make_member_account(db), make_member_account(db)
    with pytest.raises(OcsoError):
        contact_details.change_phone(db, Actor(mine.id, theirs.member_id), phone="0612345678")
    assert db.get(Member, theirs.member_id).phone != "0612345678"
