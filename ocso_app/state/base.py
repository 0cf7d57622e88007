"""The root of every private state, and the binding of a state tree to one login session.

Reflex's client token is not a credential: a connection presenting another tab's token would get that tab's
state back. ``SessionBindingMiddleware`` therefore runs before every event, hydration included, and empties
all private state when the connection's session cookie is not the one the state was filled for.
"""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx
from reflex.middleware import Middleware

from ocso_app.db import db_session
from ocso_app.models import AccountKind, Interface
from ocso_app.services import spaces
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import SESSION_COOKIE, Principal, read_cookie, resolve_principal


def _fingerprint(cookie_header: str | None) -> str:
    token = read_cookie(cookie_header, SESSION_COOKIE)
    return token_hash(token) if token else ""


def safe_next(path: str | None, default: str) -> str:
    """A local path to go back to after login (never another site: no scheme, no ``//``)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default


class SessionState(rx.State):
    """Parent of every state that holds private data. Its public vars are the connected user's header."""

    user_name: str = ""
    _bound_session: str = ""

    def _cookie_header(self) -> str:
        return self.router.headers.cookie

    def _interface(self) -> Interface:
        return interface_from_user_agent(self.router.headers.user_agent)

    def _client_ip(self) -> str | None:
        return self.router.session.client_ip or None

    def _principal(self) -> Principal | None:
        """The guard: resolved from the connection's cookie, on every call, never cached."""
        with db_session() as session:
            return resolve_principal(session, cookie_header=self._cookie_header())

    def _require(self, kind: AccountKind) -> Principal | None:
        """The caller if it is a fully authenticated account of ``kind`` (the role guards build on this)."""
        principal = self._principal()
        ok = principal is not None and principal.kind == kind and principal.fully_authenticated
        return principal if ok else None

    def _to_login(self, login_route: str):
        """Clear everything private and send the browser to ``login_route``, coming back here afterwards;
        a session still owing its second factor or its new password is sent to that step instead."""
        principal = self._principal()
        self.reset()
        if principal is not None and not principal.fully_authenticated:
            return rx.redirect(spaces.after_login(principal, ""))
        here = self.router.url.path.rstrip("/") or "/"
        return rx.redirect(f"{login_route}?suite={quote(here)}")


class SessionBindingMiddleware(Middleware):
    """Empties private state whenever the connection's session cookie changed (or is gone)."""

    async def preprocess(self, app, state, event):
        headers = state.router_data.get("headers", {}) if state.router_data else {}
        fingerprint = _fingerprint(headers.get("cookie"))
        private = await state.get_state(SessionState)
        if private._bound_session != fingerprint:
            private.reset()
            private._bound_session = fingerprint
        return None
