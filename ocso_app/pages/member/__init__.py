"""Pages of the Espace Santé Assuré."""

from ocso_app.pages.member import home, information  # noqa: F401
