"""The root of every private state, the guard every private handler goes through, and the binding of a state
tree to one login session.

``private_event`` is the one way to write a public handler of a private state: it resolves the caller from
the connection's cookie (never from a var), checks it with the space's rule (``_authorized``), and on failure
empties the state and sends the browser to log in; otherwise it hands the handler the ``Principal``::

    class CardState(MemberState):
        @page_load
        def load(self, member: Principal):
            ...

        @private_event
        def send_card(self, member: Principal, form: dict):
            ...

A page's ``on_load`` handler is written with ``page_load`` instead: the same guard, then the space's header
(the user's name, MES DOCUMENTS' badge) refreshed in the same event, so opening a page is one event.

A test walks every public handler of every ``SessionState`` subclass and fails on one that is not guarded.

Reflex's client token is not a credential: a connection presenting another tab's token would get that tab's
state back, and a tab whose session ended keeps its state. ``SessionBindingMiddleware`` therefore runs before
every event, hydration included: it resolves the connection's cookie once (the guard then reuses that
answer), and empties all private state unless it was filled for this very session and the session is live.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import _override_base_method
from reflex_base.constants import CompileVars
from reflex_base.utils.format import format_event_handler

from ocso_app import routes
from ocso_app.models import AccountKind, Interface
from ocso_app.services import spaces
from ocso_app.services.audit import Actor, interface_from_user_agent
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import SESSION_COOKIE, Principal, read_cookie, resolve_caller
from ocso_app.state import hydration, page_opening, page_view
from ocso_app.state.notices import notice

GUARDED = "__ocso_guarded__"
PAGE_LOAD = "__ocso_page_load__"
NOT_ALLOWED = "Votre profil ne donne pas accès à cette page ou à cette action."

# The cookie header of the event being processed and the caller it resolved to: set by the middleware before
# the handler runs. Reflex runs every event in its own task, so the value never outlives its event.
_EVENT_CALLER: ContextVar[tuple[str, Principal | None] | None] = ContextVar("ocso_event_caller", default=None)


def switched_on(value: object) -> bool:
    """What a switch or a checkbox sent: ``True`` only for an « on » (a browser may send a string)."""
    return value is True or str(value).lower() in ("true", "on", "1")


def _fingerprint(cookie_header: str | None) -> str:
    token = read_cookie(cookie_header, SESSION_COOKIE)
    return token_hash(token) if token else ""


def _rights(principal: Principal | None) -> str:
    """What the caller may see, as far as a filled state depends on it: the account's access version (an
    employer's structures and profiles) and the staff role. Read with the session: no query of its own."""
    if principal is None:
        return ""
    return f"{principal.rights_version}:{principal.staff_role or ''}"


class SessionState(hydration.PristineState, rx.State):
    """Parent of every state that holds private data. Its public vars are the connected user's header.

    Each space's base state says who may call its handlers (``_authorized``) and where to log in
    (``_login_route``); its handlers are written with ``private_event``."""

    user_name: str = ""
    _bound_session: str = ""
    # The account's access when the state was filled (``Principal.rights_version``, the staff role): a right
    # withdrawn since then empties it, as a new session does.
    _bound_rights: str = ""
    # The private states the last page load left out, which the browser holds at their defaults (see
    # ``page_view``): sent whole when a page showing them opens.
    _not_in_browser: list[str] = []

    @_override_base_method  # Reflex's own mark for a state overriding one of its methods
    def _reset_client_storage(self) -> None:
        """Nothing to reset: at every hydration Reflex resets the browser-kept vars (``rx.Cookie``,
        ``rx.LocalStorage``) of every state, walking the 44 private states and their 340 vars (≈ 0.3 ms), but
        no private state keeps anything in the browser (a test checks it)."""

    def _cookie_header(self) -> str:
        return self.router.headers.cookie

    def _interface(self) -> Interface:
        return interface_from_user_agent(self.router.headers.user_agent)

    def _client_ip(self) -> str | None:
        return self.router.session.client_ip or None

    def _actor(self, principal: Principal, *, company_id: int | None = None) -> Actor:
        """Who acts, for the audit log of the services."""
        return Actor(
            account_id=principal.account_id,
            member_id=principal.member_id,
            company_id=company_id,
            interface=self._interface(),
            ip_address=self._client_ip(),
        )

    def _principal(self) -> Principal | None:
        """The caller, resolved from the connection's cookie now (after a step that changed the session)."""
        return resolve_caller(self._cookie_header())

    def _event_principal(self) -> Principal | None:
        """The caller as the middleware resolved it for this event, or resolved now if it did not."""
        resolved = _EVENT_CALLER.get()
        if resolved is not None and resolved[0] == self._cookie_header():
            return resolved[1]
        return self._principal()

    def _authorized(self, principal: Principal) -> bool:
        """The space's rule; a state that does not say refuses everybody."""
        return False

    def _owns(self, principal: Principal) -> bool:
        """Whether a refused ``principal`` belongs here anyway (sent to its next step or home, not to log in
        again): by default any session, for the states of the login steps that every space shares."""
        return True

    def _login_route(self) -> str:
        return routes.HOME

    def _caller(self) -> Principal | None:
        """The caller if this space's rule accepts it (``private_event`` calls this first)."""
        principal = self._event_principal()
        return principal if principal is not None and self._authorized(principal) else None

    def _open_page(self, caller: Any) -> None:
        """What every page of the space shows besides its own content (``page_load`` calls it with the
        caller its guard accepted: a ``Principal``, or a richer value holding one as ``.principal``)."""
        principal = caller if isinstance(caller, Principal) else caller.principal
        self.user_name = principal.display_name

    def _deny(self):
        """Clear everything private and redirect: a session still owing a step (second factor, new
        password) goes to its step; one of this space lacking a right goes home, told why (a link kept from
        another profile or role must not just bounce); anybody else to this space's login page, coming back
        here afterwards."""
        principal = self._principal()
        self.reset()
        if principal is not None and not principal.fully_authenticated:
            return rx.redirect(spaces.after_login(principal, ""))
        if principal is not None and self._owns(principal):
            return [
                rx.redirect(spaces.after_login(principal, "")),
                notice(NOT_ALLOWED),
            ]
        login = self._login_route()
        if login == routes.HOME:
            return rx.redirect(login)
        here = self.router.url.path.rstrip("/") or "/"
        return rx.redirect(f"{login}?suite={quote(here)}")


class SpaceState(SessionState):
    """A client space whose users are fully authenticated accounts of one kind (subclasses set ``_kind``)."""

    def _kind(self) -> AccountKind | None:
        return None

    def _authorized(self, principal: Principal) -> bool:
        return self._owns(principal) and principal.fully_authenticated

    def _owns(self, principal: Principal) -> bool:
        return principal.kind == self._kind()

    def _login_route(self) -> str:
        kind = self._kind()
        return spaces.login_route(kind) if kind is not None else routes.HOME


def _without_caller(handler: Callable[..., Any]) -> inspect.Signature:
    """The signature the browser sees: the handler's, minus the caller the guard injects."""
    parameters = list(inspect.signature(handler).parameters.values())
    return inspect.Signature([parameters[0], *parameters[2:]])


Resolve = Callable[[Any, dict[str, Any]], Any]


def guarded_by(
    resolve: Resolve, *, opens_page: bool = False, background: bool = False
) -> Callable[[Callable[..., Any]], Any]:
    """A guard decorator from ``resolve(state, event_arguments)``, which returns the caller (a
    ``Principal`` or a richer value, such as an employer's grant on a structure) or ``None`` to refuse.

    The decorated public handler runs only for an accepted caller, which it receives as its second
    argument. A refused caller changes nothing but an emptied state, and is redirected (``_deny``).
    Sync, async and upload handlers alike. With ``opens_page``, the handler is a page's ``on_load``: the
    space's header is refreshed for the accepted caller before it runs. With ``background``, an async
    handler runs as a Reflex background task (``@rx.event(background=True)``): the same guard, resolved
    from the event's cookie before the task starts its work; a refusal empties the state under its lock."""

    def decorate(handler: Callable[..., Any]) -> Any:
        caller_name = list(inspect.signature(handler).parameters)[1]

        def accepted(state: SessionState, kwargs: dict[str, Any]) -> Any:
            if caller_name in kwargs:  # the browser may not choose who it is
                return None
            caller = resolve(state, kwargs)
            if caller is not None and opens_page:
                state._open_page(caller)
            return caller

        if background:

            @functools.wraps(handler)
            async def guarded_background(self: SessionState, *args: Any, **kwargs: Any) -> Any:
                caller = accepted(self, kwargs)
                if caller is None:
                    async with self:  # a background task's state changes only under its lock
                        return self._deny()
                return await handler(self, caller, *args, **kwargs)

            guarded: Callable[..., Any] = guarded_background
        elif inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def guarded_async(self: SessionState, *args: Any, **kwargs: Any) -> Any:
                caller = accepted(self, kwargs)
                if caller is None:
                    return self._deny()
                return await handler(self, caller, *args, **kwargs)

            guarded = guarded_async
        else:

            @functools.wraps(handler)
            def guarded_sync(self: SessionState, *args: Any, **kwargs: Any) -> Any:
                caller = accepted(self, kwargs)
                if caller is None:
                    return self._deny()
                return handler(self, caller, *args, **kwargs)

            guarded = guarded_sync
        # inspect.signature stops at __signature__: Reflex names the browser's arguments from it.
        guarded.__signature__ = _without_caller(handler)  # type: ignore[attr-defined]
        guarded.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k != caller_name}
        setattr(guarded, GUARDED, True)
        setattr(guarded, PAGE_LOAD, opens_page)
        return rx.event(guarded, background=background)

    return decorate


private_event = guarded_by(lambda state, _arguments: state._caller())
private_event.__doc__ = """The guard of a space's pages: the handler receives the ``Principal`` the state's
``_authorized`` accepted (see the module docstring)."""


page_load = guarded_by(lambda state, _arguments: state._caller(), opens_page=True)
page_load.__doc__ = """The guard of a page's ``on_load``: as ``private_event``, and the space's header is
refreshed (``_open_page``) before the handler runs, in the same event."""


def is_page_load(handler: Any) -> bool:
    """Whether an event handler (or its function) is guarded as a page's ``on_load``."""
    return getattr(getattr(handler, "fn", handler), PAGE_LOAD, False)


def private_states() -> list[type[SessionState]]:
    """Every state class under ``SessionState`` that the app defines (the guard tests walk them)."""
    found: list[type[SessionState]] = []
    pending: list[type[SessionState]] = [SessionState]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def own_handlers(cls: type[rx.State]) -> dict[str, Callable[..., Any]]:
    """The public event handlers ``cls`` itself defines (not Reflex's own ``setvar``)."""
    return {
        name: handler.fn
        for name, handler in cls.event_handlers.items()
        if handler.fn.__module__.startswith("ocso_app.") and name in vars(cls)
    }


def is_guarded(handler: Callable[..., Any]) -> bool:
    """Whether ``handler`` went through ``guarded_by``."""
    return getattr(handler, GUARDED, False)


async def _load_private_tree(root: rx.State) -> SessionState:
    """Every private state of this client, fetched if the state manager has not loaded it for this event
    (Redis loads only the event's branch), so that a reset reaches all of them."""
    for cls in private_states():
        await root.get_state(cls)
    return await root.get_state(SessionState)


@functools.cache
def _hydrations() -> dict[str, str]:
    """The wire names of the events that send the browser the whole state (a reload, a reconnection), by
    handler name."""
    return {
        name: format_event_handler(rx.State.event_handlers[name])
        for name in (CompileVars.HYDRATE, CompileVars.HYDRATE_AND_LOAD)
    }


def reaches_private_state(event_name: str) -> bool:
    """Whether an event can read or send private state: a handler of a private state, or a hydration. The
    others (Reflex's page-load bookkeeping, public forms) send only what they change, none of it private."""
    return event_name.startswith(SessionState.get_full_name() + ".") or event_name in _hydrations().values()


class SessionBindingMiddleware(Middleware):
    """Before every event that can reach private state: resolve the connection's session once (the guard
    reuses it), and empty the private state unless it is bound to this live session. Before a page load,
    note which states' defaults its browser holds (see ``hydration``). A page's ``on_load`` runs within the
    event that opens the page, bound the same way (see ``page_opening``)."""

    async def preprocess(self, app, state, event):
        load = page_opening.single_load(app, state, event)
        if load is None:
            await self._bind(state, event)
            await self._show_page(app, state, event, load)
            return None
        await page_opening.load_state(state, load)  # its branch holds the private root to check
        await self._bind(state, event, load)
        trim = await self._show_page(app, state, event, load)
        return await page_opening.open_page(state, event, load, trim)

    async def _show_page(self, app, state: rx.State, event: Any, load: Any) -> Any:
        """For an event that opens a page (see ``page_view``): on a navigation, send whole the private states
        the page shows that the browser does not hold; on a page load that runs its ``load`` within it, what
        leaves out of the snapshot the private states the page does not show."""
        hydration.show_all()
        navigation = event.name == page_opening.on_load_internal()
        if not navigation and event.name != page_opening.hydrate_and_load():
            return None
        shown = page_view.shown_states(app, state.rx_router_url.path) or frozenset()
        private_name = SessionState.get_full_name()
        shows_private = any(name.startswith(private_name) for name in shown)
        if navigation:
            if shows_private:
                private = await state.get_state(SessionState)
                await page_view.send_shown(state, shown=shown, private=private)
            return None
        if shows_private and load is not None:
            private = await state.get_state(SessionState)
            left_out = hydration.leave_out_unshown_during(private_prefix=private_name + ".", shown=shown)
            return functools.partial(
                page_view.leave_out_unshown, shown=shown, private=private, left_out=left_out
            )
        private = state.substates.get(SessionState.get_name())
        if private is not None and private._not_in_browser:
            private._not_in_browser = []  # Reflex's own page load sends every state of the tree
        return None

    async def _bind(self, state: rx.State, *events: Any) -> None:
        """For ``events`` (one event, or a page's opening and its load) that can reach private state."""
        if not any(reaches_private_state(event.name) for event in events):
            return
        headers = state.router_data.get("headers", {}) if state.router_data else {}
        cookie = headers.get("cookie") or ""
        principal = resolve_caller(cookie)
        _EVENT_CALLER.set((cookie, principal))
        binding = _fingerprint(cookie) if principal is not None else ""
        rights = _rights(principal)
        private = state.substates.get(SessionState.get_name())
        if private is not None and (private._bound_session != binding or private._bound_rights != rights):
            if private._bound_session:  # filled for another session, one that has ended, or other rights
                private = await _load_private_tree(state)
                private.reset()
            private._bound_session = binding  # unbound state was never filled: nothing to empty
            private._bound_rights = rights
        for event in events:
            if event.name == _hydrations()[CompileVars.HYDRATE_AND_LOAD]:
                await hydration.hold_defaults_for((event.payload or {}).get("hashes"))
