"""Mes informations: each beneficiary's télétransmission (NOEMIE) status with what to do, and the opt-in
e-mail on a new payment (off by default; ``notify_new_payment`` checks it)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import AuditEvent, Beneficiary, BeneficiaryQuality, Member, Statement, Teletransmission
from ocso_app.models.statement import PayeeKind
from ocso_app.services import payment_notices, teletransmission
from ocso_app.services.audit import Actor
from tests.builders import make_member_account
from tests.support.mailbox import body_text


def test_each_beneficiary_has_a_status_and_the_inactive_ones_say_what_to_do(db):
    account = make_member_account(db)
    db.add(
        Beneficiary(
            member_id=account.member_id,
            rank="EA",
            quality=BeneficiaryQuality.CHILD,
            first_name="JULIEN",
            last_name="DUBOIS",
            birth_date=date(2018, 5, 5),
            adhesion_date=date(2021, 1, 23),
            teletransmission=Teletransmission.INACTIVE,
        )
    )
    db.flush()
    rows = teletransmission.teletransmission_rows(db, member_id=account.member_id)
    assert [row.rank for row in rows] == ["AS", "EA"]
    assert rows[0].active and rows[0].status == "Active"  # the default
    assert not rows[1].active and rows[1].status == "Non active"
    assert "attestation de droits" in rows[1].advice and "Mes démarches" in rows[1].advice


def _statement(member_id: int) -> Statement:
    return Statement(
        member_id=member_id,
        number="T-1",
        paid_on=date(2026, 11, 30),
        payee_kind=PayeeKind.MEMBER,
        payee_name="M. DUBOIS",
        total_paid=Decimal("16.18"),
    )


def test_the_payment_email_is_off_by_default_and_sends_nothing(db):
    account = make_member_account(db)
    assert not payment_notices.payment_email_enabled(db, member_id=account.member_id)
    assert not payment_notices.notify_new_payment(db, account.member_id, _statement(account.member_id))


def test_a_member_who_opted_in_is_told_of_a_new_payment_without_health_details(mailbox):
    with db_session() as session:
        account = make_member_account(session)
        actor, address = Actor(account.id, account.member_id), account.email
        payment_notices.set_payment_email(session, actor, enabled=True)
    with db_session() as session:
        assert payment_notices.payment_email_enabled(session, member_id=actor.member_id)
        assert payment_notices.notify_new_payment(session, actor.member_id, _statement(actor.member_id))
    text = body_text(mailbox.wait_for(address)[0])
    assert "16,18\u00a0€" in text and "30/11/2026" in text and "Mes remboursements" in text
    with db_session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.member_id == actor.member_id))
        assert "E-mail à chaque remboursement activé" in list(actions)
        payment_notices.set_payment_email(session, actor, enabled=False)
        assert not session.get(Member, actor.member_id).payment_email
