"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import administration, company, documents, home  # noqa: F401
