"""The outbox's senders: a row is taken by one sender at a time (a conditional update), a lease that ran
out is taken again, a refused message waits longer and longer then is given up (kept, logged without its
content), and a sweep (at a worker's start, then periodically) sends what a stopped process left."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from ocso_app import cli
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, OutboxMessage
from ocso_app.models.base import utcnow
from ocso_app.services import mail, outbox, outbox_sender, undelivered_mail
from ocso_app.services.outbox_sender import Sender
from tests.builders import new_email
from tests.support.loops import run_coroutine

DEAD = "ancien-hote:4242:deadbeef"  # the name a stopped process left on its rows
SECRET_TEXT = "Mot de passe provisoire : Secret-Provisoire-91"


class Relay:
    """A transport that records what it accepts, or refuses everything while ``refusing``."""

    def __init__(self, *, refusing: bool = False) -> None:
        self.refusing = refusing
        self.accepted: list[outbox.Outgoing] = []
        self._lock = threading.Lock()

    def __call__(self, message: outbox.Outgoing) -> None:
        if self.refusing:
            raise OSError("SMTP refused the message (451)")
        with self._lock:
            self.accepted.append(message)

    def to(self, address: str) -> list[outbox.Outgoing]:
        return [message for message in self.accepted if message.to == address]


def _left(address: str, *, holder: str = DEAD, lease_ends: datetime | None = None) -> int:
    """A committed row, as a process that stopped after its commit leaves it (its lease over by default)."""
    with db_session() as session:
        row, _ = outbox.enqueue(session, outbox.Outgoing(address, "Objet", SECRET_TEXT), now=utcnow())
        row.claimed_by, row.claimed_until = holder, lease_ends or utcnow() - timedelta(seconds=1)
        session.flush()
        return row.id


def _row(row_id: int) -> OutboxMessage | None:
    with db_session() as session:
        return session.get(OutboxMessage, row_id)


def test_the_sweep_sends_what_a_stopped_process_left_and_deletes_it(mailbox):
    addresses = [new_email() for _ in range(3)]
    ids = [_left(address) for address in addresses]
    Sender(transport=mail._send_message, sessions=db_session).sweep()  # a new process, no hand-over
    for address in addresses:
        assert [message["To"] for message in mailbox.wait_for(address)] == [address]
    assert all(_row(row_id) is None for row_id in ids)


def test_a_row_another_worker_holds_is_left_to_it_until_its_lease_runs_out():
    address = new_email()
    lease_ends = utcnow() + outbox.LEASE
    row_id = _left(address, holder="autre-worker:7:cafe", lease_ends=lease_ends)
    relay = Relay()
    sender = Sender(transport=relay, sessions=db_session)
    sender.sweep()
    assert relay.to(address) == [] and _row(row_id) is not None
    sender.sweep(now=lease_ends + timedelta(seconds=1))  # that worker died mid-send: its row is retried
    assert len(relay.to(address)) == 1 and _row(row_id) is None


def test_two_workers_sweeping_at_once_send_each_message_once():
    addresses = [new_email() for _ in range(12)]
    for address in addresses:
        _left(address)
    relays = [Relay(), Relay()]
    start = threading.Barrier(2)

    def sweep(relay: Relay) -> None:
        start.wait()
        Sender(transport=relay, sessions=db_session).sweep()

    workers = [threading.Thread(target=sweep, args=(relay,)) for relay in relays]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    for address in addresses:
        assert sum(len(relay.to(address)) for relay in relays) == 1


def test_a_taken_row_cannot_be_taken_again_while_its_lease_runs():
    row_id = _left(new_email())
    now = utcnow()
    with db_session() as session:
        assert outbox.take(session, row_id, now=now) is not None
    with db_session() as session:
        assert outbox.take(session, row_id, now=now) is None
        assert outbox.take(session, row_id, now=now + outbox.LEASE + timedelta(seconds=1)) is not None


def test_a_held_row_is_claimed_again_before_sending_when_its_lease_runs_short():
    mine, taken = new_email(), new_email()
    now = utcnow()
    short = now + outbox.RENEW_WITHIN / 2
    relay = Relay()
    sender = Sender(transport=relay, sessions=db_session)
    mine_id = _left(mine, holder=outbox.claimant(), lease_ends=short)
    assert sender.deliver(outbox.Held(mine_id, outbox.Outgoing(mine, "Objet", "x"), short), now=now)
    taken_id = _left(taken, holder="autre-worker:7:cafe", lease_ends=now + outbox.LEASE)
    assert not sender.deliver(outbox.Held(taken_id, outbox.Outgoing(taken, "Objet", "x"), short), now=now)
    assert len(relay.to(mine)) == 1 and relay.to(taken) == []
    assert _row(mine_id) is None and _row(taken_id) is not None


def test_a_refused_message_stays_then_leaves_at_a_later_sweep_once_its_delay_is_over():
    address = new_email()
    row_id = _left(address)
    relay = Relay(refusing=True)
    sender = Sender(transport=relay, sessions=db_session)
    now = utcnow()
    sender.sweep(now=now)
    row = _row(row_id)
    assert row is not None and row.attempts == 1 and row.claimed_by is None and row.failed_at is None
    relay.refusing = False
    sender.sweep(now=now + outbox.retry_delay(1) - timedelta(seconds=1))  # not due yet
    assert relay.to(address) == []
    sender.sweep(now=now + outbox.retry_delay(1) + timedelta(seconds=1))
    assert len(relay.to(address)) == 1 and _row(row_id) is None


def test_a_message_refused_every_time_is_given_up_kept_and_logged_without_its_content(caplog):
    address = new_email()
    row_id = _left(address)
    sender = Sender(transport=Relay(refusing=True), sessions=db_session)
    now = utcnow()
    with caplog.at_level(logging.DEBUG):
        for attempt in range(1, outbox.MAX_ATTEMPTS + 2):
            sender.sweep(now=now)
            now += outbox.retry_delay(attempt) + timedelta(seconds=1)
    row = _row(row_id)
    assert row is not None and row.attempts == outbox.MAX_ATTEMPTS and row.failed_at is not None
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8)] == [60, 120, 240, 3600, 3600]
    with db_session() as session:
        assert row_id not in outbox.due(session, now=now + timedelta(days=30), limit=10_000)
    assert f"outbox mail {row_id} not sent (OSError, attempt {outbox.MAX_ATTEMPTS}): given up" in caplog.text
    for secret in (address, "Objet", SECRET_TEXT, "Secret-Provisoire-91"):
        assert secret not in caplog.text


def test_the_command_line_puts_given_up_messages_back_and_the_next_sweep_sends_them(capsys):
    address = new_email()
    row_id = _left(address)
    with db_session() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(attempts=outbox.MAX_ATTEMPTS, failed_at=utcnow(), claimed_by=None, claimed_until=None)
        )
    relay = Relay()
    sender = Sender(transport=relay, sessions=db_session)
    sender.sweep()
    assert relay.to(address) == []
    assert cli.main(["retry-mail"]) == 0
    assert "remis en envoi : ils partent dans la minute." in capsys.readouterr().out
    sender.sweep()
    assert len(relay.to(address)) == 1 and _row(row_id) is None


def _retries_audited() -> list[tuple[int | None, str]]:
    with db_session() as session:
        rows = session.execute(
            select(AuditEvent.account_id, AuditEvent.action)
            .where(AuditEvent.event_type == undelivered_mail.EVENT_TYPE)
            .order_by(AuditEvent.id)
        )
        return [tuple(row) for row in rows]


def test_the_command_line_sending_given_up_messages_again_is_audited_and_says_when_none_waits(capsys):
    """As from the administrators' Accueil (``undelivered_mail.send_again``), with no account behind a
    shell; with none waiting, nothing is written."""
    row_id = _left(new_email())
    with db_session() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(attempts=outbox.MAX_ATTEMPTS, failed_at=utcnow(), claimed_by=None, claimed_until=None)
        )
        given_up = session.scalar(select(func.count()).where(OutboxMessage.failed_at.is_not(None)))
    before = _retries_audited()
    assert cli.main(["retry-mail"]) == 0
    plural = "s" if given_up > 1 else ""
    assert _retries_audited() == [*before, (None, f"{given_up} e-mail{plural} remis en envoi")]
    capsys.readouterr()
    assert cli.main(["retry-mail"]) == 0
    assert undelivered_mail.NOTHING_TO_SEND in capsys.readouterr().out
    assert len(_retries_audited()) == len(before) + 1


def test_a_worker_sweeps_at_its_start_then_retries_on_its_own(monkeypatch):
    """The app's lifespan task: what a stopped process left leaves at once, and a refused message leaves
    when its delay is over, without any user action."""
    monkeypatch.setattr(outbox_sender, "POLL", 0.05)
    left, refused = new_email(), new_email()
    relay = Relay()
    sender = Sender(transport=relay, sessions=db_session)

    def wait_for(address: str) -> bool:
        deadline = time.monotonic() + 10
        while not relay.to(address) and time.monotonic() < deadline:
            time.sleep(0.02)
        return bool(relay.to(address))

    async def serve() -> None:
        async with sender.running():
            assert await asyncio.to_thread(wait_for, left)
            refused_id = _left(refused)
            relay.refusing = True
            await asyncio.to_thread(wait_for_attempt, refused_id)
            relay.refusing = False
            with db_session() as session:  # its delay is over
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == refused_id)
                    .values(next_attempt_at=utcnow())
                )
            assert await asyncio.to_thread(wait_for, refused)

    def wait_for_attempt(row_id: int) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            row = _row(row_id)
            if row is not None and row.attempts:
                return
            time.sleep(0.02)
        pytest.fail("the refused message was never tried")

    _left(left)
    run_coroutine(serve())  # not asyncio.run: the browser tests leave a loop running
    assert len(relay.to(left)) == 1 and len(relay.to(refused)) == 1
