"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, allowances, home  # noqa: F401
