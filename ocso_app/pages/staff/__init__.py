"""Pages of the Espace OCSO (staff)."""

from ocso_app.pages.staff import accounts, files, help, home, imports, news, publishing, queue, request  # noqa: F401
