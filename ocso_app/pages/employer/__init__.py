"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import (  # noqa: F401
    administration,
    allowances,
    company,
    complete_affiliation,
    documents,
    employees,
    home,
    requests,
)
