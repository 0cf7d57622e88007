"""Socket.IO's book of connected tabs, indexed by tab: a page load costs the same whether the worker serves
ten tabs or ten thousand.

python-socketio's manager (``AsyncManager``, 5.18) finds the rooms a disconnecting client leaves by copying
the namespace's rooms and looking into every one of them. Reflex puts each connected tab in a room of its own,
so each page load (the previous page's socket closes) walked every tab the worker serves: a connect and a
disconnect took 24 µs with 200 tabs open, 170 µs with 2,000 and 0.7 ms with 10,000; 10 µs with this
manager, whatever the number of tabs (``python -m benchmarks.socket_rooms``). ``IndexedManager`` keeps beside
each client the rooms it is in, and leaves just those.

Everything else is python-socketio's own; ``tests/app/test_socket_rooms.py`` replays the same connections,
rooms and disconnections on both managers and compares what they hold, so an upgrade of python-socketio
(pinned in ``pyproject.toml``) that changes the manager fails there first.
"""

from __future__ import annotations

from typing import Any

from socketio import AsyncManager, AsyncServer


class IndexedManager(AsyncManager):
    """``AsyncManager`` whose disconnect leaves the client's own rooms instead of searching every room."""

    def __init__(self) -> None:
        super().__init__()
        self.rooms_of: dict[tuple[str, str], set[Any]] = {}  # (namespace, sid) -> its rooms

    def basic_enter_room(self, sid: str, namespace: str, room: Any, eio_sid: str | None = None) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self.rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)
        rooms = self.rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self.rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid: str, namespace: str, **kwargs: Any) -> None:
        """``AsyncManager.basic_disconnect``, the rooms left found in the index."""
        if namespace not in self.rooms:
            return
        for room in list(self.rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if sid in pending.get(namespace, ()):
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]


def index_rooms(server: AsyncServer) -> None:
    """Give ``server`` an ``IndexedManager`` (before its first connection: it has no client yet)."""
    if server.manager_initialized or server.manager.rooms:
        raise RuntimeError("the Socket.IO server already has clients: its manager cannot change")
    manager = IndexedManager()
    manager.set_server(server)
    server.manager = manager
