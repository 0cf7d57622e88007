"""Plain HTTP routes next to Reflex's (session cookie, protected files) and the security headers."""

from ocso_app.api.app import build_api
from ocso_app.api.headers import security_headers

__all__ = ["build_api", "security_headers"]
