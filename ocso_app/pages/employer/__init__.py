"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, allowances, employees, home  # noqa: F401
