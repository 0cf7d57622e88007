"""The e-mails that tell of a change leave through the outbox of its transaction: a new document (to a
member, to a company's users), a démarche's confirmation and OCSO's notices on it. Nothing reaches SMTP
before the commit, a rollback sends nothing, and a message the relay refuses stays to be retried (a relay
down for a minute lost them for good when they were sent straight after the commit)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ocso_app.models import OutboxMessage, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services import audit, outbox, publishing, requests
from ocso_app.services.mail import _PENDING
from ocso_app.services.outbox_sender import Sender
from ocso_app.services.requests import desk
from tests.builders import (
    make_company,
    make_employer,
    make_member_account,
    make_pdf,
    make_staff,
    staff_caller,
)


class _Relay:
    """Refuses every message while ``refusing``, then records what it accepts."""

    def __init__(self) -> None:
        self.refusing = True
        self.accepted: list[outbox.Outgoing] = []

    def __call__(self, message: outbox.Outgoing) -> None:
        if self.refusing:
            raise OSError("SMTP refused the message (451)")
        self.accepted.append(message)


def _queued(db: Session, before: int = 0) -> list:
    return list(db.info.get(_PENDING, []))[before:]


def leaves_after_commit_and_is_retried(db: Session, mailbox, address: str, subject: str) -> str:
    """The one message to ``address`` waits in the transaction's outbox (nothing at SMTP); the relay refusing
    it leaves its row to a later try, which sends it as it was. Returns its text."""
    [pending] = [message for message in _queued(db) if message.to == address]
    assert pending.subject == subject and mailbox.to(address) == []
    db.flush()
    held = pending.held()
    assert held is not None

    @contextmanager
    def same_transaction() -> Iterator[Session]:
        with db.begin_nested():
            yield db

    relay = _Relay()
    sender = Sender(transport=relay, sessions=same_transaction)
    now = utcnow()
    assert not sender.deliver(held, now=now)  # the relay is down
    db.expire_all()
    row = db.get(OutboxMessage, held.id)
    assert row is not None and row.attempts == 1 and row.failed_at is None
    relay.refusing = False
    sender.sweep(now=now + outbox.retry_delay(1) + timedelta(seconds=1))
    assert [(m.to, m.subject, m.text) for m in relay.accepted] == [(address, subject, pending.text)]
    db.expire_all()
    assert db.get(OutboxMessage, held.id) is None
    assert mailbox.to(address) == []
    return pending.text


def rolls_back_to_nothing(db: Session, mailbox, address: str) -> None:
    db.rollback()
    assert not db.info.get(_PENDING) and mailbox.to(address) == []


def _actor(db) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def test_a_new_document_for_a_member_is_announced_from_the_outbox(db, mailbox):
    account = make_member_account(db)
    published = publishing.publish_to_member(
        db, actor=_actor(db), member_number=account.login, category="courrier", title="Courrier du 12/03",
        content=make_pdf(),
    )  # fmt: skip
    assert publishing.notify_member(db, published, "Courrier du 12/03")
    text = leaves_after_commit_and_is_retried(
        db, mailbox, account.email, "OCSO : un nouveau document vous attend"
    )
    assert "« Courrier du 12/03 »" in text and "MES DOCUMENTS" in text
    rolls_back_to_nothing(db, mailbox, account.email)


def test_a_new_document_for_a_company_is_announced_from_the_outbox(db, mailbox):
    company = make_company(db)
    boss = make_employer(db, principal_of=(company,))
    published = publishing.publish_to_company(
        db, actor=_actor(db), client_number=company.client_number, category="garanties",
        title="Garanties 2027", content=make_pdf(),
    )  # fmt: skip
    assert publishing.notify_company(db, published, "Garanties 2027") == 1
    text = leaves_after_commit_and_is_retried(
        db, mailbox, boss.email, "OCSO : un nouveau document pour votre entreprise"
    )
    assert "« Garanties 2027 »" in text and company.name in text
    [pending] = _queued(db)
    assert pending.footer and pending.headers  # how to stop them, as before
    rolls_back_to_nothing(db, mailbox, boss.email)


def _question(db, account, nonce="page-1"):
    return requests.submit(
        db,
        submitter=requests.Submitter(account_id=account.id, member_id=account.member_id, nonce=nonce),
        form=requests.form_for(requests.QUESTION, {"topic": "La télétransmission", "message": "Active ?"}),
        today=date(2026, 11, 22),
    )


def test_a_demarche_is_confirmed_from_the_outbox_once(db, mailbox):
    account = make_member_account(db)
    submitted = _question(db, account)
    assert _question(db, account).request_id == submitted.request_id  # a replay: confirmed once
    text = leaves_after_commit_and_is_retried(
        db, mailbox, account.email, "OCSO : votre démarche est bien envoyée"
    )
    assert f"« La télétransmission » (n° {submitted.request_id})" in text and "MES DÉMARCHES" in text
    rolls_back_to_nothing(db, mailbox, account.email)


def test_ocso_s_answer_on_a_demarche_is_told_from_the_outbox(db, mailbox):
    account = make_member_account(db)
    agent = staff_caller(make_staff(db, role=StaffRole.PRESTATIONS))
    request_id = _question(db, account).request_id
    before = len(_queued(db))
    desk.reply(db, caller=agent, request_id=request_id, body="Oui, elle est active.")
    [notice] = _queued(db, before)
    assert notice.to == account.email and mailbox.to(account.email) == []
    assert "a reçu une réponse d'OCSO" in notice.text and "elle est active" not in notice.text
    desk.reply(db, caller=agent, request_id=request_id, body="Oui, elle est active.")  # a double click
    desk.change_status(db, caller=agent, request_id=request_id, status="traitee")
    [_, closing] = _queued(db, before)
    assert closing.subject == f"OCSO : votre démarche n° {request_id}" and "est traitée" in closing.text
    rolls_back_to_nothing(db, mailbox, account.email)


def test_a_closing_notice_is_retried_when_the_relay_refuses_it(db, mailbox):
    account = make_member_account(db)
    agent = staff_caller(make_staff(db, role=StaffRole.PRESTATIONS))
    request_id = _question(db, account).request_id
    db.info[_PENDING] = []  # the confirmation aside
    desk.change_status(db, caller=agent, request_id=request_id, status="refusee", reason="Hors contrat")
    text = leaves_after_commit_and_is_retried(
        db, mailbox, account.email, f"OCSO : votre démarche n° {request_id}"
    )
    assert "est refusée" in text and "Hors contrat" not in text
