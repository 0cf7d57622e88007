"""An employer user's choice of the e-mails of OCSO's deposits (indemnités journalières, bordereaux,
documents): on by default, changed by the user themself (audited with them), turned off by the one-click link
of a signed token bound to one account and one purpose: a tampered, expired, other-purpose or other-kind
token is refused in French with nothing written. Security and account e-mails never depend on the choice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from ocso_app import routes
from ocso_app.models import Account, AccountKind, AuditEvent, EmployerProfile, Interface
from ocso_app.services import deposit_emails, employer_accounts, passwords_flow, signed_links
from ocso_app.services.audit import Actor
from ocso_app.services.employer_account import change_phone
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.mail import _PENDING
from ocso_app.services.sessions import Principal
from tests.builders import PASSWORD, make_company, make_employer, make_member_account, make_staff


def _audits(db, account_id: int) -> list[tuple[str, int | None, str | None]]:
    query = select(AuditEvent.action, AuditEvent.account_id, AuditEvent.ip_address).where(
        AuditEvent.account_id == account_id
    )
    return [tuple(row) for row in db.execute(query)]


def _token(account_id: int) -> str:
    link = deposit_emails.unsubscribe_url(account_id)
    return parse_qs(urlsplit(link).query)[deposit_emails.TOKEN_PARAMETER][0]


def _visitor() -> Actor:
    return Actor(None, interface=Interface.MOBILE, ip_address="198.51.100.4")


def test_every_employer_user_gets_the_e_mails_until_they_say_otherwise(db):
    account = make_employer(db, principal_of=(make_company(db),))
    assert account.deposit_emails is True
    assert deposit_emails.enabled(db, account_id=account.id)


def test_the_user_turns_them_off_then_on_each_change_audited_with_them_and_a_repeat_writes_nothing(db):
    account = make_employer(db, principal_of=(make_company(db),))
    actor = Actor(account.id, interface=Interface.WEB, ip_address="203.0.113.9")
    deposit_emails.set_enabled(db, actor, enabled=False)
    deposit_emails.set_enabled(db, actor, enabled=False)
    assert not deposit_emails.enabled(db, account_id=account.id)
    deposit_emails.set_enabled(db, actor, enabled=True)
    assert deposit_emails.enabled(db, account_id=account.id)
    assert _audits(db, account.id) == [
        ("E-mails des dépôts d'OCSO désactivés", account.id, "203.0.113.9"),
        ("E-mails des dépôts d'OCSO activés", account.id, "203.0.113.9"),
    ]


@pytest.mark.parametrize("kind", ["member", "staff", "nobody"])
def test_only_an_employer_account_has_the_choice(db, kind):
    account_id = {
        "member": lambda: make_member_account(db).id,
        "staff": lambda: make_staff(db).id,
        "nobody": lambda: 987654321,
    }[kind]()
    with pytest.raises(AccessDenied):
        deposit_emails.set_enabled(db, Actor(account_id), enabled=False)
    assert _audits(db, account_id) == []


def test_the_link_turns_off_its_own_account_only_audited_as_it_and_a_second_click_writes_nothing(db):
    company = make_company(db)
    holder, colleague = make_employer(db, principal_of=(company,)), make_employer(db, principal_of=(company,))
    token = _token(holder.id)
    assert deposit_emails.account_of_link(db, token) == holder.id  # the page's question changes nothing
    assert holder.deposit_emails and _audits(db, holder.id) == []
    deposit_emails.turn_off_by_link(db, token=token, actor=_visitor())
    deposit_emails.turn_off_by_link(db, token=token, actor=_visitor())
    db.flush()
    db.expire_all()
    assert not holder.deposit_emails and colleague.deposit_emails
    assert _audits(db, holder.id) == [
        ("E-mails des dépôts d'OCSO désactivés (lien de l'e-mail)", holder.id, "198.51.100.4")
    ]
    assert _audits(db, colleague.id) == []


def _tampered(token: str) -> str:
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


@pytest.mark.parametrize(
    "forge",
    [
        "tampered",
        "expired",
        "other-purpose",
        "member-account",
        "missing-account",
        "empty",
        "junk",
        "foreign-key",
    ],
)
def test_a_bad_link_is_refused_in_french_and_nothing_is_written(db, forge):
    account = make_employer(db, principal_of=(make_company(db),))
    member = make_member_account(db)
    long_ago = datetime.now(UTC) - deposit_emails.LINK_LIFETIME - timedelta(minutes=1)
    token = {
        "tampered": lambda: _tampered(_token(account.id)),
        "expired": lambda: signed_links.sign(deposit_emails.PURPOSE, account.id, issued_at=long_ago),
        "other-purpose": lambda: signed_links.sign("password-reset", account.id),
        "member-account": lambda: signed_links.sign(deposit_emails.PURPOSE, member.id),
        "missing-account": lambda: signed_links.sign(deposit_emails.PURPOSE, 987654321),
        "empty": lambda: "",
        "junk": lambda: "gAAAAA²<script>",
        "foreign-key": lambda: _signed_with_another_key(account.id),
    }[forge]()
    for attempt in (
        lambda: deposit_emails.account_of_link(db, token),
        lambda: deposit_emails.turn_off_by_link(db, token=token, actor=_visitor()),
    ):
        with pytest.raises(OcsoError) as refused:
            attempt()
        assert refused.value.message == deposit_emails.BAD_LINK
        assert "Ce lien n'est pas valable ou a expiré : rien n'a été modifié." in refused.value.message
    db.flush()
    db.expire_all()
    assert account.deposit_emails
    assert _audits(db, account.id) == [] and _audits(db, member.id) == []


def _signed_with_another_key(account_id: int) -> str:
    """A well-formed token for this purpose and account, made by someone without the portal's key."""
    import base64
    import json

    from cryptography.fernet import Fernet

    payload = json.dumps({"p": deposit_emails.PURPOSE, "a": account_id}).encode()
    return Fernet(base64.urlsafe_b64encode(b"k" * 32)).encrypt(payload).decode()


def test_a_token_is_read_back_only_for_its_purpose_and_within_its_age():
    token = signed_links.sign("one-purpose", 42)
    assert signed_links.read(token, purpose="one-purpose", max_age=timedelta(minutes=1)) == 42
    assert signed_links.read(token, purpose="another", max_age=timedelta(minutes=1)) is None
    old = signed_links.sign("one-purpose", 42, issued_at=datetime.now(UTC) - timedelta(hours=2))
    assert signed_links.read(old, purpose="one-purpose", max_age=timedelta(hours=1)) is None
    assert signed_links.read(old, purpose="one-purpose", max_age=timedelta(hours=3)) == 42


def test_the_stop_notice_names_the_page_and_carries_the_accounts_one_click_link(db):
    account = make_employer(db, principal_of=(make_company(db),))
    stop = deposit_emails.stop_notice(account.id)
    assert stop.footer.startswith("Vous recevez cet e-mail car ")
    assert "Pour ne plus les recevoir : décochez « Recevoir un e-mail quand OCSO dépose" in stop.footer
    assert "Administration des structures › Mon compte" in stop.footer
    assert routes.EMPLOYER_ADMINISTRATION in stop.footer
    assert stop.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = stop.headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")
    assert urlsplit(link).path == routes.API_DEPOSIT_EMAILS_OFF.path and link in stop.footer
    token = parse_qs(urlsplit(link).query)[deposit_emails.TOKEN_PARAMETER][0]
    assert deposit_emails.account_of_link(db, token) == account.id


def _principal(account: Account) -> Principal:
    return Principal(account_id=account.id, kind=AccountKind.EMPLOYER, display_name="RH", session_id=0)


def test_security_and_account_e_mails_still_reach_a_user_who_turned_them_off(db):
    company = make_company(db)
    quiet = make_employer(db, principal_of=(make_company(db),))
    boss = make_employer(db, principal_of=(company,))
    deposit_emails.set_enabled(db, Actor(quiet.id), enabled=False)
    before = len(db.info.get(_PENDING, []))

    passwords_flow.request_reset(db, kind=AccountKind.EMPLOYER, login=quiet.login, ip_address="192.0.2.1")
    web = Interface.WEB
    change_phone(
        db, principal=_principal(quiet), current_password=PASSWORD, phone="0711223344", interface=web
    )
    employer_accounts.invite_user(
        db, principal=_principal(boss), email=quiet.email, first_name="Ana", last_name="Bel",
        phone="0611223344", job_title="RH", grants={company.id: EmployerProfile.READ_ONLY},
    )  # fmt: skip

    queued = [message for message in db.info[_PENDING][before:] if message.to == quiet.email]
    assert [m.subject for m in queued] == [
        "Réinitialisation de votre mot de passe OCSO",
        "Le numéro de téléphone de votre Espace Employeur OCSO a été modifié",
        "Nouvel accès à votre Espace Employeur OCSO",
    ]
    assert all(not m.footer and not m.headers for m in queued)  # no way to stop those
