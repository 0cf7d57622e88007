"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, employees, home  # noqa: F401
