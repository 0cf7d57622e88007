"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, home, requests  # noqa: F401
