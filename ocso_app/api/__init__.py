"""Plain HTTP routes next to Reflex's (session cookie, protected files), and the ASGI wrappers around the
whole backend: security headers, the origin check of state-changing requests, the gate of ``/_upload``, the
size limit of our routes' forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp

from ocso_app.api.app import build_api
from ocso_app.api.headers import origin_guard, security_headers
from ocso_app.api.limits import form_limit
from ocso_app.api.upload_gate import upload_gate

# Innermost first: each wraps everything before it (Reflex's backend, mounted under our routes, included).
WRAPPERS: tuple[Callable[[ASGIApp], ASGIApp], ...] = (form_limit, upload_gate, origin_guard, security_headers)


def api_transformers() -> list[Any]:
    """The ``api_transformer`` of ``rx.App``: our routes, then the wrappers."""
    return [build_api(), *WRAPPERS]


def wrapped(app: ASGIApp, wrappers: tuple[Callable[[ASGIApp], ASGIApp], ...] = WRAPPERS) -> ASGIApp:
    """``app`` inside the wrappers, as the portal serves it (tests use it on our routes alone)."""
    for wrap in wrappers:
        app = wrap(app)
    return app


__all__ = ["api_transformers", "build_api", "security_headers", "wrapped"]
