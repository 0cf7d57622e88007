"""Pages of the Espace OCSO (staff)."""

from ocso_app.pages.staff import (  # noqa: F401
    accounts,
    allowance_imports,
    contribution_imports,
    files,
    help,
    home,
    imports,
    introducers,
    new_company,
    news,
    publishing,
    queue,
    request,
)
