"""``ocso_app.socket_rooms``: the portal's Socket.IO server uses the indexed manager; it holds exactly what
python-socketio's own manager holds after the same connections, rooms and disconnections; and a disconnection
no longer looks into the other tabs' rooms."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from socketio import AsyncManager, AsyncServer

import ocso_app.ocso_app as portal
from ocso_app.socket_rooms import IndexedManager, index_rooms
from tests.support.loops import run_coroutine

NAMESPACE = "/_event"


def _server(indexed: bool) -> AsyncServer:
    server = AsyncServer(async_mode="asgi")
    if indexed:
        index_rooms(server)
    ids = itertools.count()
    server.eio.generate_id = lambda: f"sid{next(ids)}"  # the same sids on both servers
    server.manager.initialize()
    server.manager_initialized = True
    return server


def _held(manager: AsyncManager) -> dict[str, Any]:
    return {
        "rooms": {ns: {room: dict(who) for room, who in held.items()} for ns, held in manager.rooms.items()},
        "callbacks": {sid: sorted(acks) for sid, acks in manager.callbacks.items()},
        "pending_connect": manager.pending_connect,
        "pending_disconnect": manager.pending_disconnect,
    }


async def _replay(manager: AsyncManager, steps: list[tuple[str, int, str]]) -> None:
    """Connections, rooms entered and left, rooms closed and disconnections, as a worker sees them."""
    eio_of: dict[int, str] = {}
    sid_of: dict[int, str] = {}
    for action, client, room in steps:
        sid = sid_of.get(client)
        if action == "connect" and sid is None:
            eio_of[client] = f"eio{client}"
            sid_of[client] = await manager.connect(eio_of[client], NAMESPACE)
        elif action == "pre_connect" and sid is None:  # refused or still authenticating
            sid_of[client] = await manager.pre_connect(f"eio{client}", NAMESPACE)
        elif action == "enter" and sid is not None:
            await manager.enter_room(sid, NAMESPACE, room)
        elif action == "leave" and sid is not None:
            await manager.leave_room(sid, NAMESPACE, room)
        elif action == "close":
            await manager.close_room(room, NAMESPACE)
        elif action == "callback" and sid is not None:
            manager._generate_ack_id(sid, lambda *_: None)
        elif action == "disconnect" and sid is not None:
            if client % 2:
                manager.pre_disconnect(sid, NAMESPACE)
            await manager.disconnect(sid, NAMESPACE)
            del sid_of[client]


def _steps(seed: int) -> list[tuple[str, int, str]]:
    draw = random.Random(seed)
    others = ["pre_connect", "enter", "enter", "leave", "close", "callback", "disconnect"]
    actions = ["connect"] * 4 + others * 2
    return [(draw.choice(actions), draw.randrange(12), draw.choice("abc")) for _ in range(300)]


def test_the_portals_socket_server_indexes_its_rooms():
    assert isinstance(portal.app.sio.manager, IndexedManager)
    assert portal.app.sio.manager.server is portal.app.sio


@pytest.mark.parametrize("seed", range(20))
def test_it_holds_what_python_socketios_manager_holds_after_the_same_steps(seed: int):
    steps = _steps(seed)
    plain, indexed = _server(indexed=False).manager, _server(indexed=True).manager
    run_coroutine(_replay(plain, steps))
    run_coroutine(_replay(indexed, steps))
    assert _held(indexed) == _held(plain)
    in_rooms = {
        (ns, sid): {room for room, who in rooms.items() if sid in who}
        for ns, rooms in indexed.rooms.items()
        for who in rooms.values()
        for sid in who
    }
    assert indexed.rooms_of == in_rooms  # the index is exactly the rooms' content


class _NotToBeSearched(dict):
    def __contains__(self, sid: object) -> bool:
        raise AssertionError("a disconnection looked into another tab's room")


@pytest.mark.parametrize("indexed", [True, False])
def test_a_disconnection_leaves_its_own_rooms_without_searching_the_others(indexed: bool):
    manager = _server(indexed).manager

    async def connect_all() -> list[str]:
        return [await manager.connect(f"eio{n}", NAMESPACE) for n in range(50)]

    sids = run_coroutine(connect_all())
    leaving, others = sids[0], sids[1:]
    for sid in others:
        manager.rooms[NAMESPACE][sid] = _NotToBeSearched(manager.rooms[NAMESPACE][sid])
    if indexed:
        run_coroutine(manager.disconnect(leaving, NAMESPACE))
        assert leaving not in manager.rooms[NAMESPACE] and leaving not in manager.rooms[NAMESPACE][None]
        assert all(manager.is_connected(sid, NAMESPACE) for sid in others)
    else:  # python-socketio's own looks into every room: what this module is for
        with pytest.raises(AssertionError, match="another tab's room"):
            run_coroutine(manager.disconnect(leaving, NAMESPACE))


def test_the_manager_cannot_change_once_clients_are_connected():
    server = AsyncServer(async_mode="asgi")
    server.manager.initialize()
    server.manager_initialized = True
    with pytest.raises(RuntimeError):
        index_rooms(server)
