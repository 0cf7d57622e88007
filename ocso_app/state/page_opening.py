"""A page opens in one event: its ``on_load`` handler runs within the event that opens it.

The browser opens a page with one of two events. A navigation sends ``on_load_internal``; a page load (a
typed URL, a reload, the redirect after logging in) sends ``hydrate_and_load``, which sends the tab's whole
state and then queues ``on_load_internal``. Reflex answers ``on_load_internal`` by queueing the page's
``on_load`` handler, then ``set_is_hydrated(True)``. So a navigation was three events and a page load four,
each taking the tab's state lock, going through the middleware (the guard's query included) and sending the
browser a frame of its own, which it redraws after; and a page load sent the page's data twice, in the
snapshot (as the tab last held it) and again from the load.

Every page of ``templates`` has exactly one ``on_load`` handler, so the session middleware runs it within
the opening event itself, after the same session binding and guard as any private event:

- a navigation: the handler runs with Reflex's own ``process_event`` (same payload preparation, same delta,
  same events returned, a redirect included), and ``is_hydrated`` turns true in that same delta;
- a page load: the handler runs first, then Reflex's own ``hydrate_and_load`` builds the snapshot, which now
  holds the page's fresh data, and the ``on_load_internal`` it queues (which would load the page again) is
  dropped; the snapshot goes with ``is_hydrated`` in the same frame, then what the load returned (a
  redirect) as the frontend's events. Reflex sends its snapshot not hydrated, then ``is_hydrated`` in a
  second frame, only so that the browser does not write back the defaults of vars it keeps itself
  (``rx.Cookie``, ``rx.LocalStorage``…); the portal has none, and would keep Reflex's two frames if it had.
  The snapshot leaves out the private states the page does not show (``page_view``).

A page with several ``on_load`` handlers, a background or generator one, and a page load bringing vars
kept in the browser (none today), which the load would have to see, are left to Reflex's chain. When the
load raises, the page is still sent (snapshot, ``is_hydrated``; Reflex's chain would have sent them), then
the error goes to Reflex's handler of backend errors. A newer navigation cancels a navigation's event as it
cancels Reflex's chain (``on_load_internal`` supersedes); a page load is never cancelled by a navigation, as
Reflex's own snapshot is not.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any

from reflex.state import OnLoadInternalState, State, StateUpdate
from reflex_base.constants import CompileVars
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.event.processor.base_state_processor import (
    _prepare_event_payload,
    chain_updates,
    process_event,
)
from reflex_base.registry import RegisteredEventHandler, RegistrationContext
from reflex_base.utils.format import format_event_handler

from ocso_app.state import hydration


@functools.cache
def on_load_internal() -> str:
    """The wire name of Reflex's ``on_load_internal`` (a navigation)."""
    return format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"])


@functools.cache
def hydrate_and_load() -> str:
    """The wire name of Reflex's ``hydrate_and_load`` (a page load)."""
    return format_event_handler(State.event_handlers[CompileVars.HYDRATE_AND_LOAD])


def single_load(app: Any, root: Any, event: Event) -> Event | None:
    """For an event that opens a page: the page's ``on_load`` event when it is one foreground handler that
    is not a generator, which can run within it; ``None`` for any other event or page."""
    if event.name not in (on_load_internal(), hydrate_and_load()):
        return None
    if (event.payload or {}).get("vars"):  # browser-kept vars, which a load must see: Reflex's order
        return None
    handlers = app.get_load_events(root.rx_router_url.path)
    loads = Event.from_event_type(handlers) if handlers else []
    if len(loads) != 1:
        return None
    registered = RegistrationContext.get().event_handlers.get(loads[0].name)
    if registered is None:  # a frontend event (``rx.redirect``…) as the page's load
        return None
    handler = registered.handler
    function = inspect.unwrap(handler.fn)
    generator = inspect.isgeneratorfunction(function) or inspect.isasyncgenfunction(function)
    return None if handler.is_background or generator else loads[0]


def _registered(event: Event) -> RegisteredEventHandler:
    """The handler of an event ``single_load`` accepted (or of the opening event itself)."""
    return RegistrationContext.get().event_handlers[event.name]


async def load_state(root: Any, load: Event) -> Any:
    """The state ``load`` runs on, fetched into the tree (in Redis mode, only the event's branch is)."""
    return await root.get_state(_registered(load).states[0])


async def open_page(
    root: Any, event: Event, load: Event, trim: Callable[[dict[str, Any]], None] | None = None
) -> StateUpdate:
    """Open the page of ``event`` (a navigation or a page load) with its ``load`` run within it; ``trim``
    takes out of a page load's snapshot what need not be sent (``page_view``). The empty update returned
    tells Reflex that the event is done (what it would have queued has run)."""
    if event.name == on_load_internal():
        await _navigate(root, load)
    else:
        await _load_page(root, event, load, trim)
    return StateUpdate()


async def _navigate(root: Any, load: Event) -> None:
    handler = _registered(load).handler
    state = await load_state(root, load)
    root.is_hydrated = True  # the browser set it false when it navigated; it waits for this
    try:
        await process_event(handler=handler, payload=load.payload, state=state, root_state=root)
    except Exception:
        await chain_updates(None, handler_name=handler.fn.__qualname__, root_state=root)
        raise


async def _load_page(root: Any, event: Event, load: Event, trim: Any) -> None:
    handler = _registered(load).handler
    state = await load_state(root, load)
    try:
        returned = await _call(handler, state, load.payload)
    except Exception:
        await _send_page(root, event, None, handler, trim)
        raise
    await _send_page(root, event, returned, handler, trim)


async def _send_page(root: Any, event: Event, returned: Any, load_handler: Any, trim: Any = None) -> None:
    """Reflex's snapshot (holding the page's data; the load it queues is dropped) with ``is_hydrated`` in
    one frame, then what the load returned; two frames, as Reflex sends them, if the app has vars kept in
    the browser."""
    if keeps_vars_in_browser():
        hydration.show_all()  # Reflex's own two frames send every state; nothing is left out
        await _call(_registered(event).handler, root, event.payload)
        root.is_hydrated = True
        await chain_updates(returned, handler_name=load_handler.fn.__qualname__, root_state=root)
        return
    snapshot = await _snapshot(root, event)
    if trim is not None:
        trim(snapshot)
    root.is_hydrated = True
    try:
        _merge(snapshot, await root._get_resolved_delta())
    finally:
        root._clean()
    await EventContext.get().emit_delta(snapshot)
    await chain_updates(returned, handler_name=load_handler.fn.__qualname__)  # its events only


async def _snapshot(root: Any, event: Event) -> dict[str, dict[str, Any]]:
    """What Reflex's ``hydrate_and_load`` sends, kept instead of sent. Its diff against the defaults the
    browser holds is ``hydration.diff_against_defaults``, run on the whole snapshot: it drops only vars equal
    to what a browser loading the page holds, the vars Reflex adds after its diff included."""
    kept: dict[str, dict[str, Any]] = {}

    async def keep(_token: str, delta: Any) -> None:
        _merge(kept, delta)

    payload = dict(event.payload or {})
    hashes = payload.pop("hashes", None)
    context = EventContext.get()
    token = EventContext.set(dataclasses.replace(context, emit_delta_impl=keep))
    try:
        await _call(_registered(event).handler, root, payload)
    finally:
        EventContext.reset(token)
        hydration.show_all()  # what the page does not show was left out of this snapshot only
    return await hydration.diff_against_defaults(kept, hashes) if hashes else kept


def _merge(into: dict[str, dict[str, Any]], delta: Any) -> None:
    for name, changes in delta.items():
        into.setdefault(name, {}).update(changes)


def keeps_vars_in_browser() -> bool:
    """Whether a state of the app has a var the browser keeps (``rx.Cookie``, ``rx.LocalStorage``…)."""
    return hydration.keeps_vars_in_browser(State)


async def _call(handler: Any, state: Any, payload: dict[str, Any] | None) -> Any:
    """Run a handler as Reflex's ``process_event`` does, without sending its delta: what it returns."""
    result = handler.fn(state, **_prepare_event_payload(handler, payload or {}))
    return await result if inspect.isawaitable(result) else result
