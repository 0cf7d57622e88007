"""Pages of the Espace Apporteurs d'affaires."""

from ocso_app.pages.introducer import portfolio  # noqa: F401
