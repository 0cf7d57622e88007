"""What a browser says to a Reflex 0.10 backend, spoken with asyncio (``websockets``) so that hundreds of
members run in one process: logging in over HTTP, the Engine.IO/Socket.IO text frames on ``/_event``, and
the replies of one event.

Checked against Chromium's own frames (Playwright ``page.on("websocket")``): a page load opens a websocket
with ``?token=<uuid4>&EIO=4&transport=websocket`` and the subprotocol ``<reflex version>``, and its
Socket.IO CONNECT packet (``40/_event,{auth}``) carries the hydrate event ``State.hydrate_and_load`` with the
compiled ``initialStateHashes`` and the ``state_schema``; a link is a client-side navigation that sends
``OnLoadInternalState.on_load_internal`` with the new ``router_data``; a handler call is
``42/_event,["event",{"name","payload","router_data"}]``, a form's values as ``__reflex_form_data__`` pairs.
The server answers with ``42/_event,["event",{"delta","events"}]`` frames and has no "final" flag: a page
load or navigation is over when the root state's ``is_hydrated`` turns true (Reflex sets it after the page's
``on_load`` chain), another event after the number of frames it gave when run alone (see ``load``).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import websockets
from websockets.typing import Origin, Subprotocol

NAMESPACE = "/_event"
EVENT_PREFIX = f"42{NAMESPACE},"
REPLY_TIMEOUT = 120.0


class ProtocolError(RuntimeError):
    """The server closed the connection, refused it, or said something a browser would not expect."""


def log_in(base_url: str, *, space: str, login: str, password: str, login_path: str) -> str:
    """POST the login form as a browser does (same origin, no redirect followed); the ``Cookie`` header
    the browser would send afterwards. The password only travels in this request's body."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "localhost", parts.port, timeout=30)
    body = urlencode({"login": login, "password": password, "suite": ""})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"{parts.scheme}://{parts.netloc}",
        "Referer": f"{base_url}{login_path}",
    }
    try:
        connection.request("POST", f"/api/login/{space}", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        location = response.getheader("location") or ""
        cookies = SimpleCookie()
        for header in response.headers.get_all("set-cookie") or []:
            cookies.load(header)
    finally:
        connection.close()
    if response.status != 303 or not cookies or "erreur" in location:
        raise ProtocolError(f"login {login!r} refused (HTTP {response.status})")
    return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())


@dataclass(frozen=True)
class FrontendBuild:
    """What the compiled frontend sends in its first hydrate: the per-state hashes of its initial state and
    its state schema (read from ``.web/utils/context.jsx``; empty when absent, then the server sends the
    whole state as on a reconnect)."""

    hashes: list[str] = field(default_factory=list)
    state_schema: str | None = None

    @classmethod
    def read(cls, web_dir: Path) -> FrontendBuild:
        path = web_dir / "utils" / "context.jsx"
        if not path.exists():
            return cls()
        text = path.read_text()
        hashes = re.search(r"export const initialStateHashes = (\[.*?\])", text)
        schema = re.search(r'export const stateSchema = "([^"]*)"', text)
        return cls(json.loads(hashes.group(1)) if hashes else [], schema.group(1) if schema else None)


def router_data(path: str) -> dict[str, str]:
    """The ``router_data`` the frontend adds to an event (``withRouterData``) for a location."""
    return {"pathname": path, "asPath": path}


def reflex_event(name: str, payload: dict[str, Any] | None, path: str) -> dict[str, Any]:
    """An event as the frontend builds it (``ReflexEvent``): no ``payload`` key when it is empty."""
    event: dict[str, Any] = {"name": name}
    if payload:
        event["payload"] = payload
    event["router_data"] = router_data(path)
    return event


def form_payload(field_name: str, values: list[tuple[str, str]]) -> dict[str, Any]:
    """An ``on_submit`` form as the frontend encodes it (``encodeFormDataArgs``)."""
    return {field_name: {"__reflex_form_data__": [list(pair) for pair in values]}}


@dataclass
class Update:
    """One ``event`` frame from the server: its delta, the events it asks the frontend to run, its size."""

    delta: dict[str, dict[str, Any]]
    events: list[dict[str, Any]]
    size: int


def parse_frame(frame: str) -> Update | None:
    """A Socket.IO ``event`` frame of ``/_event``, or ``None`` for anything else."""
    if not frame.startswith(EVENT_PREFIX):
        return None
    message = json.loads(frame[len(EVENT_PREFIX) :])
    if not message or message[0] != "event":
        return None
    body = message[1] if len(message) > 1 and isinstance(message[1], dict) else {}
    return Update(body.get("delta") or {}, body.get("events") or [], len(frame.encode()))


class SocketClient:
    """One browser tab's websocket: reads frames in a task (answering Engine.IO pings) and hands the
    ``event`` updates to whoever waits for them."""

    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection
        self.updates: asyncio.Queue[Update | None] = asyncio.Queue()
        self.reader = asyncio.get_running_loop().create_task(self._read())
        self.connected = asyncio.get_running_loop().create_future()

    @classmethod
    async def open(
        cls,
        base_url: str,
        *,
        token: str,
        cookie: str | None,
        auth: dict[str, Any] | None,
        subprotocol: str | None,
    ) -> SocketClient:
        """Open the websocket, wait for the Engine.IO handshake, send the CONNECT packet (with ``auth``)."""
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        connection = await websockets.connect(
            f"{scheme}://{parts.netloc}{NAMESPACE}/?token={token}&EIO=4&transport=websocket",
            additional_headers={"Cookie": cookie} if cookie else None,
            origin=Origin(f"{parts.scheme}://{parts.netloc}"),
            subprotocols=[Subprotocol(subprotocol)] if subprotocol else None,
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )
        handshake = await asyncio.wait_for(connection.recv(), 60)
        if not isinstance(handshake, str) or not handshake.startswith("0"):
            raise ProtocolError("no Engine.IO handshake")
        client = cls(connection)
        await connection.send(f"40{NAMESPACE}," + json.dumps(auth or {}, separators=(",", ":")))
        await asyncio.wait_for(client.connected, 60)
        return client

    async def _read(self) -> None:
        try:
            async for frame in self.connection:
                if not isinstance(frame, str):
                    continue
                if frame == "2":
                    await self.connection.send("3")
                elif frame.startswith(f"40{NAMESPACE}"):
                    if not self.connected.done():
                        self.connected.set_result(None)
                elif frame.startswith(f"44{NAMESPACE}") and not self.connected.done():
                    self.connected.set_exception(ProtocolError(f"CONNECT refused: {frame[:200]}"))
                elif (update := parse_frame(frame)) is not None:
                    self.updates.put_nowait(update)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.updates.put_nowait(None)
            if not self.connected.done():
                self.connected.set_exception(ProtocolError("connection closed before CONNECT"))

    async def reconnect(self, auth: dict[str, Any]) -> None:
        """Leave the namespace and connect to it again with ``auth`` (a new page load's CONNECT packet),
        on the same websocket."""
        self.connected = asyncio.get_running_loop().create_future()
        await self.connection.send(f"41{NAMESPACE},")
        await self.connection.send(f"40{NAMESPACE}," + json.dumps(auth, separators=(",", ":")))
        await asyncio.wait_for(self.connected, REPLY_TIMEOUT)

    async def emit(self, event: dict[str, Any]) -> None:
        """Send one event as ``socket.emit("event", …)`` does."""
        await self.connection.send(EVENT_PREFIX + json.dumps(["event", event], separators=(",", ":")))

    async def next_update(self, timeout: float = REPLY_TIMEOUT) -> Update:
        """The next ``event`` frame from the server."""
        update = await asyncio.wait_for(self.updates.get(), timeout)
        if update is None:
            raise ProtocolError("the server closed the websocket")
        return update

    def drain(self) -> list[Update]:
        """Frames already received and not yet read (late replies), without waiting."""
        late = []
        while not self.updates.empty():
            update = self.updates.get_nowait()
            if update is None:
                raise ProtocolError("the server closed the websocket")
            late.append(update)
        return late

    async def close(self) -> None:
        self.reader.cancel()
        await self.connection.close()


@dataclass
class Reply:
    """Everything the server sent for one event: frames, bytes, the merged delta, the time of the last
    frame, and the frontend-only events it asked for (``_redirect``…)."""

    frames: int = 0
    size: int = 0
    delta: dict[str, dict[str, Any]] = field(default_factory=dict)
    frontend_events: list[dict[str, Any]] = field(default_factory=list)
    finished: float = 0.0

    def add(self, update: Update) -> None:
        self.frames += 1
        self.size += update.size
        self.finished = time.perf_counter()
        for state, changes in update.delta.items():
            self.delta.setdefault(state, {}).update(changes)


Done = Callable[[Reply, Update], bool]


def new_token() -> str:
    """A client token as the frontend makes one (a random UUID kept in sessionStorage)."""
    return str(uuid.uuid4())
