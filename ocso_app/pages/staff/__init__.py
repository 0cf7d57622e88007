"""Pages of the Espace OCSO (staff)."""

from ocso_app.pages.staff import home, queue, request  # noqa: F401
