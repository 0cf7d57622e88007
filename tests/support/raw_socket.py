"""A raw Reflex websocket client (Engine.IO/Socket.IO text frames): calls any event handler by name, with any
arguments, any client token and any cookie — what an attacker's script can do without our pages."""

from __future__ import annotations

import functools
import json
import time
import uuid
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

NAMESPACE = "/_event"
PROBE = "sonde-fin-evenement-"
BACKGROUND_ANSWER = 5.0


class RawReflexSocket:
    """One connection; ``received`` keeps every frame the server sent."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        cookie: str | None = None,
        origin: str | None = None,
        timeout: float = 15.0,
    ) -> None:
        self.token = token or str(uuid.uuid4())
        parts = urlsplit(base_url)
        headers = {"Cookie": cookie} if cookie else None
        self.received: list[str] = []
        self.timeout = timeout
        self.closed = False
        self.ws: ClientConnection = connect(
            f"ws://{parts.netloc}{NAMESPACE}/?token={self.token}&EIO=4&transport=websocket",
            additional_headers=headers,
            origin=origin or f"{parts.scheme}://{parts.netloc}",
            legacy=True,  # closed by close(), not by a with block
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
                self.closed = True
                return
            if frame == "2":
                self.ws.send("3")
                continue
            self.received.append(frame)
            if done(frame):
                return

    def call(self, handler: str, payload: dict | None = None, *, path: str = "/") -> list[str]:
        """Send one event; return the frames the server sent for it and for the events it queued.

        Reflex marks no end of an event, but one tab's events run one after the other: a probe sent after
        the event is answered after everything the event sent. A probe is Reflex's own no-op event, sent
        from a URL of its own so that its answer (the new URL) is recognised. Rounds of probes follow until
        one brings nothing else, which also covers the events the handler queued. A background handler runs
        beside the tab's queue: its first answer is awaited (``BACKGROUND_ANSWER`` seconds at most), then
        probes again."""
        start = len(self.received)
        self._send(handler, payload or {}, path)
        while self._probe(path):
            pass
        if _runs_in_background(handler) and not self._answered_since(start):
            self._read_until(lambda frame: PROBE not in frame, timeout=BACKGROUND_ANSWER)
            while self._probe(path):
                pass
        return [frame for frame in self.received[start:] if PROBE not in frame]

    def _answered_since(self, start: int) -> bool:
        return any(PROBE not in frame for frame in self.received[start:])

    def _send(self, handler: str, payload: dict, path: str, as_path: str | None = None) -> None:
        router_data = {"pathname": path, "asPath": as_path or path}
        event = {"name": handler, "payload": payload, "router_data": router_data}
        try:
            self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event]))
        except ConnectionClosed:
            self.closed = True

    def _probe(self, path: str) -> bool:
        """One probe round; whether frames other than the probe's answer arrived meanwhile."""
        mark = f"{PROBE}{uuid.uuid4().hex}"
        start = len(self.received)
        self._send(_no_op(), {"vars": {}}, path, f"{path}{'&' if '?' in path else '?'}{mark}")
        self._read_until(lambda frame: mark in frame, timeout=self.timeout)
        frames = self.received[start:]
        if self.closed:
            return False
        if not any(mark in frame for frame in frames):
            raise TimeoutError(f"the server did not answer within {self.timeout} s")
        return any(PROBE not in frame for frame in frames)

    def close(self) -> None:
        self.ws.close()


@functools.cache
def _no_op() -> str:
    """Reflex's own event that changes nothing: ``update_vars_internal`` with no vars."""
    from reflex.state import UpdateVarsInternalState

    return handler_name(UpdateVarsInternalState, "update_vars_internal")


@functools.cache
def _background_handlers() -> frozenset[str]:
    """The wire names of the app's background handlers (found by walking the state classes, which needs no
    Reflex context: the tests call from their own threads)."""
    from reflex.state import State

    found: set[str] = set()
    pending: list[type] = [State]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for name, value in vars(cls).items():
            if getattr(value, "is_background", False):
                found.add(f"{cls.get_full_name()}.{name}")
    return frozenset(found)


def _runs_in_background(handler: str) -> bool:
    return handler in _background_handlers()


def handler_name(state: type, method: str) -> str:
    """The wire name of ``state.method``."""
    return f"{state.get_full_name()}.{method}"
