"""Importing this package registers every page on ``ocso_app.templates.PAGES``."""

from ocso_app.pages import affiliation, auth, employer, introducer, landing, legal, member, staff  # noqa: F401
