"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import (  # noqa: F401
    administration,
    allowances,
    company,
    documents,
    employees,
    home,
    mass_affiliation,
    requests,
)
