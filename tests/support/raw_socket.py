"""A raw Reflex websocket client (Engine.IO/Socket.IO text frames): calls any event handler by name, with any
arguments, any client token and any cookie — what an attacker's script can do without our pages."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

NAMESPACE = "/_event"


class RawReflexSocket:
    """One connection; ``received`` keeps every frame the server sent."""

    def __init__(
        self, base_url: str, *, token: str | None = None, cookie: str | None = None, origin: str | None = None
    ) -> None:
        self.token = token or str(uuid.uuid4())
        parts = urlsplit(base_url)
        headers = {"Cookie": cookie} if cookie else None
        self.received: list[str] = []
        self.ws: ClientConnection = connect(
            f"ws://{parts.netloc}{NAMESPACE}/?token={self.token}&EIO=4&transport=websocket",
            additional_headers=headers,
            origin=origin or f"{parts.scheme}://{parts.netloc}",
        )
        self._read_until(lambda frame: frame.startswith("0"))
        self.ws.send(f"40{NAMESPACE},{{}}")
        self._read_until(lambda frame: frame.startswith(f"40{NAMESPACE}"))

    def _read_until(self, done, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                frame = self.ws.recv(timeout=max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                return
            except ConnectionClosed:
                return
            if frame == "2":
                self.ws.send("3")
                continue
            self.received.append(frame)
            if done(frame):
                return

    def call(
        self, handler: str, payload: dict | None = None, *, path: str = "/", wait: float = 2.0
    ) -> list[str]:
        """Send one event; return the frames received while waiting (``wait`` seconds of quiet at most)."""
        start = len(self.received)
        event = {"name": handler, "payload": payload or {}, "router_data": {"pathname": path, "asPath": path}}
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event]))
        self._read_until(lambda _frame: False, timeout=wait)
        return self.received[start:]

    def close(self) -> None:
        self.ws.close()


def handler_name(state: type, method: str) -> str:
    """The wire name of ``state.method``."""
    return f"{state.get_full_name()}.{method}"
