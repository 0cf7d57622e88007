"""Login, registration and password pages of every space."""

from ocso_app.pages.auth import employer, member, passwords  # noqa: F401
