"""Apporteurs d'affaires in the Espace OCSO: a new introducer gets an account (identifier AP + 6 digits, a
temporary password e-mailed with it after the commit); a company joins a portfolio by its client number with
its commission, once, and leaves it; each change audited; every refusal writes nothing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AccountKind,
    AuditEvent,
    BusinessIntroducer,
    LoginSession,
    OneTimeSecretPurpose,
    OutboxMessage,
    PortfolioEntry,
    StaffRole,
)
from ocso_app.services import introducer_admin as admin
from ocso_app.services import one_time, outbox
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.introducers import portfolio
from ocso_app.services.login import authenticate
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.services.two_factor import mask_email
from tests.builders import PASSWORD, make_company, make_employer, make_introducer, make_staff
from tests.builders.members import new_email
from tests.support.mailbox import body_text

ACTOR = Actor(account_id=None)
TODAY = date(2026, 12, 6)


def _counts(session) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(table))
        for table in (BusinessIntroducer, Account, PortfolioEntry, AuditEvent)
    )


def test_a_new_introducer_gets_an_account_whose_password_is_e_mailed_with_the_identifier(mailbox):
    email = new_email()
    with db_session() as session:
        message = admin.create_introducer(
            session, actor=ACTOR, name="Cabinet  Lemoine ", orias="07 123 456", email=email.upper(), phone=""
        )
        introducer = session.scalar(select(BusinessIntroducer).where(BusinessIntroducer.email == email))
        account = session.scalar(select(Account).where(Account.introducer_id == introducer.id))
        identifier = introducer.identifier
        assert (introducer.name, introducer.orias_number) == ("Cabinet Lemoine", "07123456")
        assert re.fullmatch(r"AP\d{6}", identifier) and identifier in message
        assert account.kind == AccountKind.INTRODUCER and account.login == identifier
        assert account.password_is_temporary
    text = body_text(mailbox.wait_for(email)[-1])
    assert f"Votre identifiant : {identifier}" in text and "Espace Apporteurs d'affaires" in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "raison sociale"),
        ({"name": "Cabinet\x00Test"}, "raison sociale"),  # a NUL: PostgreSQL refused the introducer's row
        ({"orias": "1234"}, "8 chiffres"),
        ({"orias": "１２３４５６７８"}, "8 chiffres"),  # full-width digits were stored as typed
        ({"phone": "٠٦١٢٣٤٥٦٧٨"}, "10 chiffres"),
        ({"email": "pas-une-adresse"}, "adresse e-mail"),
        ({"phone": "12"}, "10 chiffres"),
    ],
)
def test_a_wrong_field_creates_nothing(db, fields, message):
    before = _counts(db)
    values = {"name": "Cabinet Test", "orias": "", "email": new_email(), "phone": ""} | fields
    with pytest.raises(OcsoError, match=message):
        admin.create_introducer(db, actor=ACTOR, **values)
    assert _counts(db) == before


def test_an_address_already_used_by_an_introducer_is_refused(db):
    email = new_email()
    admin.create_introducer(db, actor=ACTOR, name="Premier", orias="", email=email, phone="")
    before = _counts(db)
    with pytest.raises(OcsoError, match="déjà cette adresse"):
        admin.create_introducer(db, actor=ACTOR, name="Second", orias="", email=email, phone="")
    assert _counts(db) == before


def test_a_new_introducer_cannot_take_an_address_another_account_logs_in_with(db):
    """The creation looked at the introducers' accounts only: an employer's or a collaborator's login address
    (or an introducer row's without an account) became a new introducer's too, which the change of address
    refuses. One rule for both: an address is one account's."""
    employer, staff = make_employer(db), make_staff(db, role=StaffRole.ADMIN)
    bare = BusinessIntroducer(identifier="AP8000003", name="Cabinet Sans Compte", email=new_email())
    db.add(bare)
    db.flush()
    for taken, refusal in (
        (employer.email.upper(), admin.EMAIL_IN_USE),
        (f" {staff.email} ", admin.EMAIL_IN_USE),
        (bare.email, admin.EMAIL_TAKEN),
    ):
        before = _counts(db)
        with pytest.raises(OcsoError) as refused:
            admin.create_introducer(db, actor=ACTOR, name="Cabinet Test", orias="", email=taken, phone="")
        assert refused.value.message == refusal, taken
        assert _counts(db) == before


def test_a_company_joins_a_portfolio_once_with_its_commission_and_leaves_it(db):
    admin.create_introducer(
        db, actor=ACTOR, name="Cabinet Portefeuille", orias="", email=new_email(), phone=""
    )
    introducer = db.scalar(
        select(BusinessIntroducer).where(BusinessIntroducer.name == "Cabinet Portefeuille")
    )
    company = make_company(db, name="CONSERVERIES DE L'OUEST")
    for number, commission, message in (
        ("C000000000", "2", "Aucune entreprise"),
        (company.client_number, "101", "de 0 à 100"),
        (company.client_number, "2,555", "de 0 à 100"),
        (company.client_number, "beaucoup", "de 0 à 100"),
    ):
        before = _counts(db)
        with pytest.raises(OcsoError, match=message):
            admin.add_company(
                db,
                actor=ACTOR,
                introducer_id=introducer.id,
                client_number=number,
                commission=commission,
                today=TODAY,
            )
        assert _counts(db) == before

    added = admin.add_company(
        db,
        actor=ACTOR,
        introducer_id=introducer.id,
        client_number=company.client_number.lower(),
        commission="2,5 %",
        today=TODAY,
    )
    assert added == "CONSERVERIES DE L'OUEST est ajoutée au portefeuille de Cabinet Portefeuille."
    entry = db.scalar(select(PortfolioEntry).where(PortfolioEntry.introducer_id == introducer.id))
    assert (entry.company_id, entry.since, entry.commission_percent) == (company.id, TODAY, Decimal("2.50"))
    assert [c.name for c in portfolio(db, introducer_id=introducer.id, today=TODAY)] == [
        "CONSERVERIES DE L'OUEST"
    ]
    [line] = [i for i in admin.introducers(db) if i.introducer_id == introducer.id]
    # « 2,5 % » held together by a no-break space, as every percentage the portal shows: with a plain one,
    # the list's line « … commission 2,5 % » could break before the sign
    assert [(c.company, c.commission) for c in line.companies] == [("CONSERVERIES DE L'OUEST", "2,5\u00a0%")]
    with pytest.raises(OcsoError, match="déjà dans le portefeuille"):
        admin.add_company(
            db,
            actor=ACTOR,
            introducer_id=introducer.id,
            client_number=company.client_number,
            commission="1",
            today=TODAY,
        )

    versions = select(Account.rights_version).where(Account.introducer_id == introducer.id)
    before_removal = db.scalars(versions).all()
    assert "est retirée" in admin.remove_company(db, actor=ACTOR, entry_id=entry.id)
    assert portfolio(db, introducer_id=introducer.id, today=TODAY) == []
    # the introducer's open tabs are emptied at their next event (state.base binds them to the version)
    assert [v - 1 for v in db.scalars(versions).all()] == before_removal != []
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company.id)).all()
    assert len(actions) == 2 and "commission 2,5\u00a0%" in actions[0]
    with pytest.raises(OcsoError):
        admin.remove_company(db, actor=ACTOR, entry_id=entry.id)


def test_a_company_already_in_another_introducers_portfolio_is_refused(db):
    """A client number typed for the wrong introducer put the company in a second portfolio: its new
    introducer saw another introducer's client (contracts, headcounts, bordereaux, démarches), silently.
    A company is in one portfolio: the administrator takes it out of the first to move it."""
    for name in ("Cabinet Premier", "Cabinet Second"):
        admin.create_introducer(db, actor=ACTOR, name=name, orias="", email=new_email(), phone="")
    first, second = (
        db.scalar(select(BusinessIntroducer).where(BusinessIntroducer.name == name))
        for name in ("Cabinet Premier", "Cabinet Second")
    )
    company = make_company(db, name="CLIENT DU PREMIER")
    admin.add_company(
        db,
        actor=ACTOR,
        introducer_id=first.id,
        client_number=company.client_number,
        commission="2",
        today=TODAY,
    )
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        admin.add_company(
            db,
            actor=ACTOR,
            introducer_id=second.id,
            client_number=company.client_number,
            commission="2",
            today=TODAY,
        )
    assert refused.value.message == (
        f"Cette entreprise est dans le portefeuille de Cabinet Premier ({first.identifier}) : retirez-la "
        "d'abord de ce portefeuille pour la confier à un autre apporteur."
    )
    assert _counts(db) == before
    assert portfolio(db, introducer_id=second.id, today=TODAY) == []


def _introducer_with_a_session(db):
    """An introducer with a company in their portfolio, their password set, and a live session."""
    company = make_company(db, name="CLIENT DE L'APPORTEUR SORTANT")
    introducer = make_introducer(db, companies=(company,), password=PASSWORD)
    account = db.scalar(select(Account).where(Account.introducer_id == introducer.id))
    token = start_session(db, account=account, second_factor_done=True)
    return introducer, account, token


def _login(db, introducer):
    return authenticate(db, kind=AccountKind.INTRODUCER, login=introducer.identifier, password=PASSWORD)


def test_a_deactivated_introducer_cannot_log_in_loses_their_sessions_and_keeps_their_portfolio(db):
    """An introducer whose contract with OCSO ended kept logging in and seeing their clients: deactivated,
    their account is refused at the login (the same answer as a wrong password), every session they have
    open ends now, and their portfolio stays as it was, so that reactivating gives it back."""
    staff = make_staff(db, role=StaffRole.ADMIN)
    actor = Actor(staff.id, ip_address="198.51.100.7")
    introducer, account, token = _introducer_with_a_session(db)
    cookie = f"{SESSION_COOKIE}={token}"
    assert resolve_principal(db, cookie_header=cookie) is not None
    [line] = [i for i in admin.introducers(db) if i.introducer_id == introducer.id]
    assert line.is_active

    message = admin.deactivate_introducer(db, actor=actor, introducer_id=introducer.id)
    assert message == admin.DEACTIVATED.format(name=introducer.name, identifier=introducer.identifier)
    assert not account.is_active
    live = select(func.count()).where(
        LoginSession.account_id == account.id, LoginSession.revoked_at.is_(None)
    )
    assert db.scalar(live) == 0
    assert resolve_principal(db, cookie_header=cookie) is None
    assert _login(db, introducer) is None
    assert [c.name for c in portfolio(db, introducer_id=introducer.id, today=TODAY)] == [
        "CLIENT DE L'APPORTEUR SORTANT"
    ]
    [line] = [i for i in admin.introducers(db) if i.introducer_id == introducer.id]
    assert not line.is_active and [c.company for c in line.companies] == ["CLIENT DE L'APPORTEUR SORTANT"]
    rows = db.execute(
        select(AuditEvent.account_id, AuditEvent.action).where(AuditEvent.event_type == admin.EVENT_TYPE)
    ).all()
    assert (staff.id, f"Désactivation de l'apporteur {introducer.name} ({introducer.identifier})") in rows

    message = admin.reactivate_introducer(db, actor=actor, introducer_id=introducer.id)
    assert message == admin.REACTIVATED.format(name=introducer.name, identifier=introducer.identifier)
    assert account.is_active and _login(db, introducer) is not None
    assert resolve_principal(db, cookie_header=cookie) is None  # the ended sessions stay ended
    assert [c.name for c in portfolio(db, introducer_id=introducer.id, today=TODAY)] == [
        "CLIENT DE L'APPORTEUR SORTANT"
    ]
    actions = db.scalars(
        select(AuditEvent.action).where(AuditEvent.account_id == staff.id).order_by(AuditEvent.id)
    ).all()
    assert actions[-1] == f"Réactivation de l'apporteur {introducer.name} ({introducer.identifier})"


def test_deactivating_an_unknown_or_already_deactivated_introducer_writes_nothing(db):
    actor = Actor(make_staff(db, role=StaffRole.ADMIN).id)
    introducer, _account, _ = _introducer_with_a_session(db)

    def written() -> tuple:
        return (
            _counts(db),
            db.scalar(select(func.count()).where(LoginSession.revoked_at.is_(None))),
            tuple(db.scalars(select(Account.is_active).where(Account.kind == AccountKind.INTRODUCER))),
        )

    before = written()
    for change in (admin.deactivate_introducer, admin.reactivate_introducer):
        with pytest.raises(OcsoError) as refused:
            change(db, actor=actor, introducer_id=10**9)
        assert refused.value.message == "Cet apporteur d'affaires n'existe pas."
        assert written() == before
    # already active: said so, nothing written
    assert admin.reactivate_introducer(db, actor=actor, introducer_id=introducer.id) == (
        f"L'apporteur {introducer.name} ({introducer.identifier}) est déjà actif."
    )
    assert written() == before
    admin.deactivate_introducer(db, actor=actor, introducer_id=introducer.id)
    before = written()
    assert admin.deactivate_introducer(db, actor=actor, introducer_id=introducer.id) == (
        f"L'apporteur {introducer.name} ({introducer.identifier}) est déjà désactivé."
    )
    assert written() == before


def test_an_introducer_without_an_account_is_not_reactivated(db):
    """No account to let in again (an introducer row written by hand): said so, nothing written."""
    bare = BusinessIntroducer(identifier="AP8000001", name="Cabinet Sans Compte", email=new_email())
    db.add(bare)
    db.flush()
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        admin.reactivate_introducer(db, actor=ACTOR, introducer_id=bare.id)
    assert refused.value.message == admin.NO_ACCOUNT
    assert _counts(db) == before


def test_one_portfolio_per_company_is_held_by_the_database(db):
    """The check in ``add_company`` alone let two administrators, at the same instant, put one company in
    two portfolios: both found it free. ``portfolio_entries.company_id`` is unique in the database."""
    from sqlalchemy import inspect

    indexes = inspect(db.connection()).get_indexes("portfolio_entries")
    assert [ix["column_names"] for ix in indexes if ix["unique"]].count(["company_id"]) == 1


@pytest.mark.parametrize("meanwhile_by", ["another", "the same"])
def test_a_company_added_meanwhile_by_another_administrator_is_refused_in_french(
    db, monkeypatch, meanwhile_by
):
    """Both administrators found the company in no portfolio; the other one's entry is written after this
    one's check, before its write: the database refuses it, told as the check tells it, nothing written."""
    for name in ("Cabinet Premier", "Cabinet Second"):
        admin.create_introducer(db, actor=ACTOR, name=name, orias="", email=new_email(), phone="")
    first, second = (
        db.scalar(select(BusinessIntroducer).where(BusinessIntroducer.name == name))
        for name in ("Cabinet Premier", "Cabinet Second")
    )
    holder = first if meanwhile_by == "another" else second
    company = make_company(db, name="CLIENT DISPUTÉ")
    found_free = admin._holder

    def other_administrator_meanwhile(session, company_id):
        free = found_free(session, company_id)
        monkeypatch.setattr(admin, "_holder", found_free)  # the other one writes once, after this check
        session.add(
            PortfolioEntry(
                introducer_id=holder.id, company_id=company_id, since=TODAY, commission_percent=Decimal("1")
            )
        )
        session.flush()
        return free

    monkeypatch.setattr(admin, "_holder", other_administrator_meanwhile)
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        admin.add_company(
            db,
            actor=ACTOR,
            introducer_id=second.id,
            client_number=company.client_number,
            commission="2",
            today=TODAY,
        )
    assert refused.value.message == (
        f"Cette entreprise est dans le portefeuille de Cabinet Premier ({first.identifier}) : retirez-la "
        "d'abord de ce portefeuille pour la confier à un autre apporteur."
        if meanwhile_by == "another"
        else "Cette entreprise est déjà dans le portefeuille de cet apporteur."
    )
    entries = db.execute(
        select(PortfolioEntry.introducer_id, PortfolioEntry.commission_percent).where(
            PortfolioEntry.company_id == company.id
        )
    ).all()
    assert entries == [(holder.id, Decimal("1"))]
    assert _counts(db) == (before[0], before[1], before[2] + 1, before[3])  # the other's entry, no audit row


# « Modifier l'adresse e-mail » of an introducer


def _introducer_emails(db, introducer) -> tuple:
    return (
        db.scalar(select(BusinessIntroducer.email).where(BusinessIntroducer.id == introducer.id)),
        tuple(db.scalars(select(Account.email).where(Account.introducer_id == introducer.id))),
    )


def _everything_written(db) -> tuple:
    return (
        _counts(db),
        db.scalar(select(func.count()).select_from(OutboxMessage)),
        db.scalar(select(func.count()).where(LoginSession.revoked_at.is_(None))),
        tuple(
            db.execute(
                select(BusinessIntroducer.id, BusinessIntroducer.email).order_by(BusinessIntroducer.id)
            )
        ),
        tuple(db.execute(select(Account.id, Account.email).order_by(Account.id))),
    )


def _queued(db) -> list[outbox.Outgoing]:
    return [
        outbox.unseal(sealed)
        for sealed in db.scalars(select(OutboxMessage.sealed).order_by(OutboxMessage.id))
    ]


def test_an_administrator_changes_an_introducers_e_mail_their_sessions_end_and_both_addresses_are_told(db):
    """The address is the introducer's login identifier's way back (« Obtenir votre identifiant », « Mot de
    passe oublié »): changed by an administrator, normalised as at the creation, on their row and account;
    every session they have open ends, a reset link sent to the old address no longer works, the old and
    the new address each get a notice (no password, no link), and the change is audited by its author."""
    staff = make_staff(db, role=StaffRole.ADMIN)
    actor = Actor(staff.id, ip_address="198.51.100.8")
    introducer, account, token = _introducer_with_a_session(db)
    old = introducer.email
    reset = one_time.issue(db, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    mails_before = len(_queued(db))
    new = new_email()

    message = admin.change_introducer_email(
        db, actor=actor, introducer_id=introducer.id, email=f"  {new.upper()} "
    )

    assert message == admin.EMAIL_CHANGED.format(
        name=introducer.name, identifier=introducer.identifier, email=new
    )
    assert _introducer_emails(db, introducer) == (new, (new,))
    assert resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}") is None
    assert (
        db.scalar(
            select(func.count()).where(
                LoginSession.account_id == account.id, LoginSession.revoked_at.is_(None)
            )
        )
        == 0
    )
    assert one_time.peek_row(db, secret=reset, purpose=OneTimeSecretPurpose.PASSWORD_RESET) is None
    assert _login(db, introducer) is not None  # same identifier, same password
    [line] = [i for i in admin.introducers(db) if i.introducer_id == introducer.id]
    assert line.email == new
    mails = _queued(db)[mails_before:]
    assert sorted(m.to for m in mails) == sorted([old, new])
    for mail in mails:
        assert mail.subject == admin.CHANGED_SUBJECT
        assert PASSWORD not in mail.text and "jeton" not in mail.text and "http" not in mail.text
    [to_old] = [m for m in mails if m.to == old]
    # the old mailbox may no longer be the introducer's alone: it reads the new address masked
    assert mask_email(new) in to_old.text and new not in to_old.text
    rows = db.execute(
        select(AuditEvent.account_id, AuditEvent.action, AuditEvent.ip_address).where(
            AuditEvent.event_type == admin.EVENT_TYPE
        )
    ).all()
    assert (
        staff.id,
        f"Adresse e-mail de l'apporteur {introducer.name} ({introducer.identifier}) modifiée : {old} "
        f"remplacée par {new}",
        "198.51.100.8",
    ) in rows


def test_the_new_address_is_mailed_once_the_change_commits(mailbox):
    with db_session() as session:
        introducer = make_introducer(session)
        introducer_id, old = introducer.id, introducer.email
    new = new_email()
    with db_session() as session:
        admin.change_introducer_email(session, actor=ACTOR, introducer_id=introducer_id, email=new)
    for address in (old, new):
        [mail] = mailbox.wait_for(address)
        assert mail["Subject"] == admin.CHANGED_SUBJECT
        assert "Espace Apporteurs" in body_text(mail)


def test_a_refused_e_mail_change_writes_nothing_and_sends_nothing(db):
    staff = make_staff(db, role=StaffRole.ADMIN)
    employer = make_employer(db)
    introducer, _account, _token = _introducer_with_a_session(db)
    other = make_introducer(db)
    actor = Actor(staff.id)
    cases = [
        (introducer.id, "pas-une-adresse", admin.BAD_EMAIL),
        (introducer.id, "contact@cabinet@example.fr", admin.BAD_EMAIL),
        (introducer.id, "", admin.BAD_EMAIL),
        (introducer.id, f" {introducer.email.upper()} ", admin.SAME_EMAIL),
        (introducer.id, other.email.upper(), admin.EMAIL_TAKEN),
        (introducer.id, employer.email, admin.EMAIL_IN_USE),
        (introducer.id, staff.email.upper(), admin.EMAIL_IN_USE),
        (10**9, new_email(), admin.UNKNOWN_INTRODUCER),
    ]
    for introducer_id, typed, refusal in cases:
        before = _everything_written(db)
        with pytest.raises(OcsoError) as refused:
            admin.change_introducer_email(db, actor=actor, introducer_id=introducer_id, email=typed)
        assert refused.value.message == refusal, typed
        assert _everything_written(db) == before, typed


def test_an_address_of_an_introducer_without_an_account_is_taken_too(db):
    """An introducer row written without an account (by hand) still holds its address."""
    bare = BusinessIntroducer(identifier="AP8000002", name="Cabinet Sans Compte", email=new_email())
    db.add(bare)
    introducer = make_introducer(db)
    db.flush()
    before = _everything_written(db)
    with pytest.raises(OcsoError) as refused:
        admin.change_introducer_email(db, actor=ACTOR, introducer_id=introducer.id, email=bare.email)
    assert refused.value.message == admin.EMAIL_TAKEN
    assert _everything_written(db) == before


def test_no_company_is_added_to_a_deactivated_introducers_portfolio(db):
    """A deactivated introducer's contract with OCSO ended: a client added to their portfolio was a mistake
    nobody was told of (they no longer log in, but would find it at a reactivation, with its commission).
    Refused in French, nothing written; reactivated, the company is added."""
    actor = Actor(make_staff(db, role=StaffRole.ADMIN).id)
    introducer, _account, _token = _introducer_with_a_session(db)
    company = make_company(db, name="CLIENT POUR UN APPORTEUR SORTI")
    admin.deactivate_introducer(db, actor=actor, introducer_id=introducer.id)
    before = _counts(db)

    def add() -> str:
        return admin.add_company(
            db,
            actor=actor,
            introducer_id=introducer.id,
            client_number=company.client_number,
            commission="2",
            today=TODAY,
        )

    with pytest.raises(OcsoError) as refused:
        add()
    assert refused.value.message == (
        f"L'apporteur {introducer.name} ({introducer.identifier}) est désactivé : réactivez-le avant de lui "
        "confier une entreprise."
    )
    assert _counts(db) == before
    admin.reactivate_introducer(db, actor=actor, introducer_id=introducer.id)
    assert add() == f"CLIENT POUR UN APPORTEUR SORTI est ajoutée au portefeuille de {introducer.name}."
