"""A page opens in one event: its ``on_load`` handler runs inside Reflex's ``on_load_internal``.

On a navigation, and after the snapshot of a page load, the browser sends ``on_load_internal``. Reflex
answers it by queueing the page's ``on_load`` handler, then ``set_is_hydrated(True)``: three events, each
taking the tab's state lock, going through the middleware, and sending the browser a frame of its own (which
redraws the page after each). Every page of ``templates`` has exactly one ``on_load`` handler, so the
session middleware runs it here, within ``on_load_internal``: the handler is found in Reflex's registry and
run by Reflex's own ``process_event`` (the same payload preparation, the same delta, the same events it
returns, a redirect included), after the same session binding and guard as any private event, and the
page's ``is_hydrated`` turns true in that same delta. One event, one frame.

A page with several ``on_load`` handlers, or a background one, is left to Reflex's chain. When the handler
raises, what it changed and ``is_hydrated`` are still sent (Reflex's chain would have sent them with its
``set_is_hydrated``), then the error goes to Reflex's handler of backend errors. A newer navigation cancels
this event like it cancels Reflex's chain (``on_load_internal`` supersedes).
"""

from __future__ import annotations

import functools
from typing import Any

from reflex.state import OnLoadInternalState, StateUpdate
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import chain_updates, process_event
from reflex_base.registry import RegisteredEventHandler, RegistrationContext
from reflex_base.utils.format import format_event_handler


@functools.cache
def on_load_internal() -> str:
    """The wire name of Reflex's ``on_load_internal``."""
    return format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"])


def single_load(app: Any, root: Any, event: Event) -> Event | None:
    """For Reflex's ``on_load_internal``: the current page's ``on_load`` event when it is one foreground
    handler, which can run within it; ``None`` for any other event or page."""
    if event.name != on_load_internal():
        return None
    handlers = app.get_load_events(root.rx_router_url.path)
    loads = Event.from_event_type(handlers) if handlers else []
    if len(loads) != 1:
        return None
    registered = _registered(loads[0])
    return loads[0] if registered is not None and not registered.handler.is_background else None


def _registered(event: Event) -> RegisteredEventHandler | None:
    return RegistrationContext.get().event_handlers.get(event.name)


async def load_state(root: Any, load: Event) -> Any:
    """The state ``load`` runs on, fetched into the tree (in Redis mode, only the event's branch is)."""
    registered = _registered(load)
    assert registered is not None  # single_load checked it
    return await root.get_state(registered.states[0])


async def open_page(root: Any, load: Event) -> StateUpdate:
    """Run the page's ``load`` on its state, the page marked hydrated in the same delta; the empty update
    returned tells Reflex that ``on_load_internal`` is done (what it would have queued has run)."""
    registered = _registered(load)
    assert registered is not None  # single_load checked it
    state = await load_state(root, load)
    root.is_hydrated = True  # the browser set it false when it navigated; it waits for this
    try:
        await process_event(handler=registered.handler, payload=load.payload, state=state, root_state=root)
    except Exception:
        await chain_updates(None, handler_name=registered.handler.fn.__qualname__, root_state=root)
        raise
    return StateUpdate()
