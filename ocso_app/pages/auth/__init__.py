"""Login, registration and password pages of every space."""

from ocso_app.pages.auth import (  # noqa: F401
    email_confirmation,
    employer,
    introducer,
    member,
    passwords,
    staff,
)
