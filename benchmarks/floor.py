"""The floor of the load benchmark: a bare python-socketio server doing nothing, served like the portal's
backend (granian, ASGI, one worker). On the same path and namespace as Reflex (``/_event``), it answers
each ``event`` with one small ``event`` frame, so the benchmark drives it with the very client code it uses
for the portal.

    .venv/bin/python -m benchmarks.floor --port 8765
"""

from __future__ import annotations

import argparse
from typing import Any

import socketio

NAMESPACE = "/_event"

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")
app = socketio.ASGIApp(sio, socketio_path="_event")


@sio.on("event", namespace=NAMESPACE)  # type: ignore[untyped-decorator]
async def on_event(sid: str, data: Any) -> None:
    """One small reply, shaped like a Reflex state update."""
    count = data.get("payload", {}).get("n", 0) if isinstance(data, dict) else 0
    await sio.emit("event", {"delta": {"floor": {"n": count}}, "events": []}, to=sid, namespace=NAMESPACE)


@sio.on("connect", namespace=NAMESPACE)  # type: ignore[untyped-decorator]
async def on_connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
    """Accept every connection."""


def main() -> None:
    from granian.constants import Interfaces
    from granian.server import Server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    Server(
        target="benchmarks.floor:app",
        address="127.0.0.1",
        port=args.port,
        interface=Interfaces.ASGI,
        workers=1,
    ).serve()


if __name__ == "__main__":
    main()
