"""The gate in front of Reflex's ``POST /_upload`` endpoint, which by itself trusts its headers alone: it
reads and spools the whole body before any check, creates a state (kept an hour) for any new client token,
and runs the handler as whoever last used that token over the websocket.

Before Reflex reads one byte of the body, the gate answers:

- 413 when the declared size (``Content-Length``) exceeds ``MAX_UPLOAD_BYTES``; a body that streams more than
  that (chunked, or lying about its length) is cut off at the limit (``api.limits``);
- 400 when the Reflex headers are missing or name no handler that takes files (Reflex itself would raise);
- 401 without a live, fully authenticated session cookie — except for the one public upload, the dispense
  proof of the employee's affiliation page, whose client's page must hold a still-usable invitation;
- 403 when the state of that client token is not bound to that very session (``SessionState._bound_session``,
  set by ``SessionBindingMiddleware`` from the websocket's cookie), or does not exist: an anonymous client, or
  a new client token, never makes Reflex create or keep a state here.

An accepted upload goes straight on to Reflex: a form's fields travel in the same request as its files
(Reflex's ``__reflex_event_args`` field, bound to the handler by ``components.forms.with_files``), so there
is nothing to wait for, and the handler checks the fields as it checks the files.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ocso_app.api.limits import declared_too_large, forward_capped
from ocso_app.db import db_session
from ocso_app.models.base import utcnow
from ocso_app.services import affiliation_page, uploads
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import SESSION_COOKIE, read_cookie, resolve_principal
from ocso_app.workers import run_blocking

UPLOAD_PATH = "/_upload"
# Every file the forms accept at their largest, plus the multipart framing and the handler's arguments.
MAX_UPLOAD_BYTES = uploads.MAX_FILES * uploads.MAX_FILE_BYTES + 1024 * 1024

TOO_LARGE = "Envoi trop volumineux : 5 fichiers de 10 Mo au plus."
BAD_REQUEST = "Envoi de fichiers invalide."
LOG_IN = "Connectez-vous pour envoyer des fichiers."
NOT_YOURS = "Cet envoi ne correspond pas à votre session : rechargez la page puis réessayez."

TakesFiles = Callable[[str], bool]
StateOwner = Callable[[str], Awaitable[str | None]]
PublicUpload = Callable[[str, str], Awaitable[bool]]


def _reflex_app() -> Any:
    return importlib.import_module("ocso_app.ocso_app").app


def reflex_handler_takes_files(name: str) -> bool:
    """Whether ``name`` is a registered event handler with a parameter for uploaded files."""
    from reflex_base.event import resolve_upload_chunk_handler_param, resolve_upload_handler_param
    from reflex_base.registry import RegistrationContext

    registered = RegistrationContext.get().event_handlers.get(name)
    if registered is None:
        return False
    handler = registered.handler
    try:
        if handler.is_background:
            resolve_upload_chunk_handler_param(handler)
        else:
            resolve_upload_handler_param(handler)
    except Exception:  # UploadValueError, UploadTypeError: not an upload handler
        return False
    return True


async def _client_substate(client_token: str, cls: Any) -> Any:
    """The state ``cls`` of the client token, read without creating one; ``None`` when it has none."""
    from reflex.istate.manager.memory import StateManagerMemory
    from reflex.istate.manager.redis import StateManagerRedis
    from reflex.istate.manager.token import BaseStateToken

    manager = _reflex_app().state_manager
    if isinstance(manager, StateManagerMemory):
        root = manager.states.get(client_token)
        return None if root is None else root.get_substate(cls.get_full_name().split("."))
    if isinstance(manager, StateManagerRedis):
        token = BaseStateToken(ident=client_token, cls=cls)
        # A worker may be keeping this tab's state (Reflex's opportunistic lock, see rxconfig.py), Redis
        # holding an older copy or none yet: read it under the tab's lock, which makes that worker hand it
        # over. A token with neither a stored state nor a lock has no state, and none is created for it.
        if not await manager.redis.exists(str(token), manager._lock_key(token)):
            return None
        async with manager.modify_state(token) as root:
            return root.get_substate(cls.get_full_name().split("."))
    return None  # another manager (disk): not used by the portal; refuse rather than guess


async def reflex_state_owner(client_token: str) -> str | None:
    """The session fingerprint the client token's state is bound to, read without creating a state;
    ``None`` when the token has no state."""
    from ocso_app.state.base import SessionState

    private = await _client_substate(client_token, SessionState)
    return (str(getattr(private, "_bound_session", "")) or None) if private is not None else None


def _invitation_opens(invitation_id: int) -> bool:
    with db_session() as session:
        return affiliation_page.usable_employee(session, invitation_id, now=utcnow()) is not None


async def invitation_upload_allowed(handler: str, client_token: str) -> bool:
    """The employee's public affiliation page sends its dispense proof without a session: only to its own
    upload handler, and only when that client's page holds an invitation that still opens it (the same
    check as every handler of the page, ``state.public.affiliation.invitation_event``)."""
    from reflex_base.utils.format import format_event_handler

    from ocso_app.state.public.affiliation import AffiliationState

    if handler != format_event_handler(AffiliationState.event_handlers["upload_proof"]):
        return False
    page = await _client_substate(client_token, AffiliationState)
    invitation_id = int(getattr(page, "_invitation_id", 0) or 0) if page is not None else 0
    return bool(invitation_id) and await run_blocking(_invitation_opens, invitation_id)


def _live_session_fingerprint(cookie_header: str | None) -> str | None:
    """The fingerprint of the request's own session cookie when it opens a live, complete session."""
    token = read_cookie(cookie_header, SESSION_COOKIE)
    if not token:
        return None
    with db_session() as session:
        principal = resolve_principal(session, cookie_header=cookie_header)
    if principal is None or not principal.fully_authenticated:
        return None
    return token_hash(token)


def _refusal(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers={"cache-control": "no-store"})


@dataclass(frozen=True)
class UploadGate:
    """ASGI middleware: everything but ``POST /_upload`` passes through untouched."""

    app: ASGIApp
    takes_files: TakesFiles = reflex_handler_takes_files
    state_owner: StateOwner = reflex_state_owner
    public_upload: PublicUpload = invitation_upload_allowed
    max_bytes: int = MAX_UPLOAD_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != UPLOAD_PATH:
            await self.app(scope, receive, send)
            return
        refusal = await self._refusal(Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await forward_capped(self.app, scope, receive, send, max_bytes=self.max_bytes, too_large=TOO_LARGE)

    async def _refusal(self, headers: Headers) -> JSONResponse | None:
        declared = declared_too_large(headers, self.max_bytes, TOO_LARGE)
        if declared is not None:
            return declared
        client_token = headers.get("reflex-client-token", "")
        handler = headers.get("reflex-event-handler", "")
        if not client_token or not handler or len(client_token) > 200 or not self.takes_files(handler):
            return _refusal(400, BAD_REQUEST)
        if await self.public_upload(handler, client_token):
            return None
        fingerprint = await run_blocking(_live_session_fingerprint, headers.get("cookie"))
        if fingerprint is None:
            return _refusal(401, LOG_IN)
        if await self.state_owner(client_token) != fingerprint:
            return _refusal(403, NOT_YOURS)
        return None


def upload_gate(app: ASGIApp) -> ASGIApp:
    """The ``api_transformer`` form of :class:`UploadGate` with Reflex's registry and state manager."""
    return UploadGate(app)
