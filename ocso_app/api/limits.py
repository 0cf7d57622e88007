"""Request bodies have a size limit that holds before they are read: a declared ``Content-Length`` over it is
answered 413 at once, and a body that streams past it (chunked, or lying about its length) is cut off there:
the route is told the client left (Starlette's ``ClientDisconnect``, which ends here), its answer is dropped
and the client gets the 413."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ocso_app.services.ids import parse_whole

# Our own routes take small forms (login, logout, second factor); files go through /_upload (upload_gate).
MAX_FORM_BYTES = 64 * 1024
TOO_LARGE = "Requête trop volumineuse."
BAD_LENGTH = "Longueur de requête invalide."
NO_STORE = {"cache-control": "no-store"}


def declared_too_large(headers: Headers, max_bytes: int, too_large: str = TOO_LARGE) -> JSONResponse | None:
    """A refusal when the declared length is malformed (400) or over ``max_bytes`` (413)."""
    declared = headers.get("content-length")
    if declared is None:
        return None
    if not declared.isascii() or not declared.isdigit():
        return JSONResponse({"detail": BAD_LENGTH}, status_code=400, headers=NO_STORE)
    if parse_whole(declared, low=0, high=max_bytes) is None:  # over it, however many digits
        return JSONResponse({"detail": too_large}, status_code=413, headers=NO_STORE)
    return None


async def forward_capped(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, *, max_bytes: int, too_large: str = TOO_LARGE
) -> None:
    """Run ``app`` with a body counter on ``receive`` (see the module docstring)."""
    received, over, started = 0, False, False

    async def capped() -> Message:
        nonlocal received, over
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                over = True
                return {"type": "http.disconnect"}
        return message

    async def forward(message: Message) -> None:
        nonlocal started
        if over:
            return
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, capped, forward)
    except ClientDisconnect:
        if not over:
            raise
    if over and not started:
        await JSONResponse({"detail": too_large}, status_code=413, headers=NO_STORE)(scope, receive, send)


def form_limit(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so the bodies sent to our routes (``/api/…``) stay under ``MAX_FORM_BYTES``."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await app(scope, receive, send)
            return
        refusal = declared_too_large(Headers(scope=scope), MAX_FORM_BYTES)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await forward_capped(app, scope, receive, send, max_bytes=MAX_FORM_BYTES)

    return wrapped
