"""Pages of the Espace Santé Assuré."""

from ocso_app.pages.member import home  # noqa: F401
