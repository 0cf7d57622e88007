"""Sending the mail outbox from background threads of each worker, never from the user's answer.

Two ways a row leaves. After a commit, ``hand_over`` gives the rows that transaction wrote (held by this
process, their content still in memory) to ``THREADS`` sender threads: the user's answer neither waits for
SMTP nor lets its timing tell whether a message left. And ``start`` runs a sweep at once (what a stopped
process left, once its lease ran out) and again every ``POLL`` seconds (refused messages whose delay is
over), in a thread of its own. Each message is deleted once the relay accepted it; a refusal puts it back
with a growing delay (``outbox.refused``). Logs name rows by id: never a recipient, a subject or a body.

A worker that stops after the relay accepted a message but before its row is deleted sends it again later:
a message may leave twice then, never zero times.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ocso_app.models.base import utcnow
from ocso_app.services import outbox

log = logging.getLogger(__name__)

THREADS = 2
# seconds between two sweeps of a worker (the browser tests' portal sweeps every 2 s, not to wait 30)
POLL = float(os.environ.get("OCSO_OUTBOX_POLL_SECONDS", "30"))
BATCH = 100  # rows a sweep lists at a time
STOP_GRACE = 10.0  # seconds a stopping process gives its sender threads

Transport = Callable[[outbox.Outgoing], None]
Sessions = Callable[[], AbstractContextManager[Session]]


class Sender:
    """The threads of one process that send its outbox rows; ``transport`` sends one message (raises when
    the relay refuses it), ``sessions`` opens a unit of work on the portal's database that commits at its
    end (for the sweeps; a hand-over names the database its rows were written to)."""

    def __init__(self, *, transport: Transport, sessions: Sessions) -> None:
        self._transport = transport
        self._sessions = sessions
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[outbox.Held, Sessions]] = queue.Queue()
        self._threads_pid: int | None = None  # the process whose sender threads run (a fork has none)
        self._timer_pid: int | None = None
        self._stopping = threading.Event()

    def hand_over(self, rows: Iterable[outbox.Held], *, sessions: Sessions) -> None:
        """Send these rows, just committed by this process through ``sessions``' database, from the sender
        threads."""
        self._start_threads()
        for row in rows:
            self._queue.put((row, sessions))

    def deliver(
        self, row: outbox.Held, *, sessions: Sessions | None = None, now: datetime | None = None
    ) -> bool:
        """Send one row this process holds (held again first if its lease runs short), then delete it;
        refused, it waits for its next try. Whether the relay accepted it."""
        sessions = sessions or self._sessions
        now = now or utcnow()
        if row.until - now < outbox.RENEW_WITHIN:
            with sessions() as session:
                if outbox.renew(session, row.id, now=now) is None:
                    return False  # another worker took it when the lease ran out
        try:
            self._transport(row.message)
        except Exception as error:  # whatever stops this try, the message must stay for the next one
            with sessions() as session:
                attempts = outbox.refused(session, row.id, now=now)
            given_up = attempts >= outbox.MAX_ATTEMPTS
            log.log(
                logging.ERROR if given_up else logging.WARNING,
                "outbox mail %s not sent (%s, attempt %s)%s",
                row.id,
                type(error).__name__,
                attempts,
                ": given up" if given_up else "",
            )
            return False
        with sessions() as session:
            outbox.sent(session, row.id)
        return True

    def sweep(self, *, now: datetime | None = None) -> int:
        """Send every due row nobody holds, each taken by a conditional update first; how many left. Each
        row's lease starts when it is reached (``now`` fixes the clock, for tests): a long sweep's last rows
        are not left with a lease already run out."""
        count = 0
        while True:
            with self._sessions() as session:
                ids = outbox.due(session, now=now or utcnow(), limit=BATCH)
            taken = 0
            for row_id in ids:
                moment = now or utcnow()
                with self._sessions() as session:
                    row = outbox.take(session, row_id, now=moment)
                if row is not None:
                    taken += 1
                    count += self.deliver(row, now=moment)
            if len(ids) < BATCH or not taken:
                return count

    def start(self) -> None:
        """Sweep now, then every ``POLL`` seconds, in a thread of this process (once per process)."""
        with self._lock:
            if self._timer_pid == os.getpid():
                return
            self._timer_pid = os.getpid()
            self._stopping = threading.Event()
            stopping = self._stopping
        threading.Thread(
            target=self._sweep_every_poll, args=(stopping,), name="ocso-mail-sweep", daemon=True
        ).start()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The sweeps for as long as a worker serves (a lifespan task of the app); at its end, the sender
        threads get ``STOP_GRACE`` seconds to send what they hold."""
        self.start()
        try:
            yield
        finally:
            await asyncio.to_thread(self.stop, STOP_GRACE)

    def stop(self, timeout: float) -> None:
        """Stop sweeping, and give the sender threads up to ``timeout`` seconds to send what they hold (what
        is left stays in the outbox for the next sweep)."""
        with self._lock:
            self._stopping.set()
            self._timer_pid = None
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the sender threads to finish what was handed over; whether
        they did."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def _start_threads(self) -> None:
        with self._lock:
            if self._threads_pid == os.getpid():
                return
            self._threads_pid = os.getpid()
            self._queue = queue.Queue()
            # A command (``cli daily``) ends with messages in hand: they leave before the process does.
            atexit.register(self.wait_idle, STOP_GRACE)
            for number in range(THREADS):
                threading.Thread(
                    target=self._send_handed_over, name=f"ocso-mail-{number}", daemon=True
                ).start()

    def _send_handed_over(self) -> None:
        while True:
            row, sessions = self._queue.get()
            try:
                self.deliver(row, sessions=sessions)
            except SQLAlchemyError as error:
                log.warning("outbox mail %s left to the sweep (%s)", row.id, type(error).__name__)
            finally:
                self._queue.task_done()

    def _sweep_every_poll(self, stopping: threading.Event) -> None:
        while True:
            try:
                self.sweep()
            except SQLAlchemyError as error:
                log.warning("outbox sweep interrupted (%s)", type(error).__name__)
            if stopping.wait(POLL):
                return
