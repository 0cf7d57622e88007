"""Importing this package registers every page on ``ocso_app.templates.PAGES``."""

from ocso_app.pages import (  # noqa: F401
    affiliation,
    auth,
    employer,
    introducer,
    landing,
    legal,
    member,
    not_found,
    staff,
)
