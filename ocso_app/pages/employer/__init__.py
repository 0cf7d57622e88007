"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, allowances, home, requests  # noqa: F401
