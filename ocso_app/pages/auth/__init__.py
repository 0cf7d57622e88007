"""Login, registration and password pages of every space."""

from ocso_app.pages.auth import employer, introducer, member, passwords, staff  # noqa: F401
