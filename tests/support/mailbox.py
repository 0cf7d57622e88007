"""A real SMTP server on loopback (aiosmtpd) that keeps the messages it receives for the tests to read."""

from __future__ import annotations

import email
import email.policy
import email.utils
import socket
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server received, parsed."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, _server, _session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages sent to ``address`` (the whole address, case aside: ``a@x.fr`` is not ``la@x.fr``)."""
        wanted = address.strip().lower()
        return [
            m
            for m in self.messages
            if wanted in {found.lower() for _, found in email.utils.getaddresses([str(m["To"])])}
        ]

    def wait_for(self, address: str, count: int = 1, timeout: float = 15.0) -> list[EmailMessage]:
        """Wait until ``address`` has received ``count`` messages, then return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{address} received {len(self.to(address))} message(s), expected {count}")

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()


def body_text(message: EmailMessage) -> str:
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def start_mailbox() -> Mailbox:
    """Start the SMTP server on a free loopback port."""
    box = Mailbox(port=free_port())
    box.controller = Controller(box, hostname="127.0.0.1", port=box.port)
    box.controller.start()
    return box
