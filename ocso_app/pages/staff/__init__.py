"""Pages of the Espace OCSO (staff)."""

from ocso_app.pages.staff import home  # noqa: F401
