"""A mail server that hangs until the test lets it go: proves that a message leaves after the answer (the
answer comes back while the message is held), without timing anything."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

HOLD = 10.0  # seconds a message waits at most; a send that waited this long was inside the answer


class HeldMail:
    """Replaces ``mail.send_mail``: each message waits for ``release()`` before it really leaves."""

    def __init__(self, real_send: Callable[..., Any]) -> None:
        self._real_send = real_send
        self._gate = threading.Event()
        self._lock = threading.Lock()
        self.waiting = 0  # messages held right now
        self.overdue = 0  # messages that waited the whole HOLD: the caller was waiting for them

    def send(self, **message: Any) -> None:
        with self._lock:
            self.waiting += 1
        released = self._gate.wait(HOLD)
        with self._lock:
            self.waiting -= 1
            self.overdue += not released
        self._real_send(**message)

    def held(self, count: int, within: float = 5.0) -> bool:
        """Whether ``count`` messages are being held (they leave from a thread that may not have started)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            with self._lock:
                if self.waiting == count and not self.overdue:
                    return True
            time.sleep(0.01)
        return False

    def release(self) -> None:
        self._gate.set()
