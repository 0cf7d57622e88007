"""Pages of the Espace Santé Assuré."""

from ocso_app.pages.member import (  # noqa: F401
    card,
    documents,
    help,
    history,
    home,
    information,
    news,
    reimbursements,
    requests,
    simulation,
)
