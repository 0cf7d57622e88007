"""Pages of the Espace Employeur."""

from ocso_app.pages.employer import (  # noqa: F401
    administration,
    affiliate,
    allowances,
    company,
    complete_affiliation,
    documents,
    employees,
    home,
    mass_affiliation,
    requests,
    staff,
    staff_record,
)
