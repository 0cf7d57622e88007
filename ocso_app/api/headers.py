"""ASGI middleware around the whole backend: the security headers of every HTTP response (pages, routes,
assets; HSTS when the portal is served over HTTPS), and the origin check of every state-changing request."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ocso_app import routes
from ocso_app.config import settings

# Reflex's pre-rendered pages carry inline hydration scripts and radix uses inline styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(self), geolocation=(), microphone=()",
    "cross-origin-opener-policy": "same-origin",
}


HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = {"cache-control": "no-store"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FOREIGN_ORIGIN = "Requête refusée : elle ne vient pas d'une page du portail."
# Routes whose POST proves itself with a signed token of the URL, and must work from elsewhere than our pages:
# the one-click link of a deposit's e-mail, which the mail client POSTs itself (RFC 8058, with no Origin).
SELF_AUTHORIZED = frozenset({routes.API_DEPOSIT_EMAILS_OFF.path})


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (lower-cased), or ``""`` when it has none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(headers: Mapping[str, str]) -> bool:
    """Whether a request comes from one of our own pages: its ``Origin`` is the portal's, or, when a browser
    sends none, its ``Referer`` is on the portal. A request with neither is refused (issue 10, finding 9)."""
    portal = _origin(settings().public_url)
    origin = headers.get("origin")
    if origin is not None:
        return _origin(origin) == portal
    referer = headers.get("referer")
    return referer is not None and _origin(referer) == portal


def origin_guard(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so every state-changing HTTP request (any method but GET, HEAD, OPTIONS) from elsewhere
    than the portal's pages is answered 403 before any route reads it (but ``SELF_AUTHORIZED`` ones)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        changing = (
            scope["type"] == "http"
            and scope["method"] not in SAFE_METHODS
            and scope["path"] not in SELF_AUTHORIZED
        )
        if changing and not same_origin(Headers(scope=scope)):
            refusal = PlainTextResponse(FOREIGN_ORIGIN, status_code=403, headers=NO_STORE)
            await refusal(scope, receive, send)
            return
        await app(scope, receive, send)

    return wrapped


def response_headers() -> dict[str, str]:
    """The headers every response carries; HSTS only when the portal's address is HTTPS."""
    if settings().public_url.startswith("https://"):
        return {**HEADERS, "strict-transport-security": HSTS}
    return dict(HEADERS)


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so each HTTP response gets the headers above (without overriding a route's own)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in response_headers().items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    # a page is checked with the server each time (its scripts are versioned by name):
                    # offline, the browser's copy of a page never hides the carte de tiers payant kept
                    headers.setdefault("cache-control", "no-cache")
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
