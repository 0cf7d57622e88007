"""Every page of the portal, by space, as the browser tests that walk them all see them (the console-error
walk, the accessibility audit)."""

from __future__ import annotations

import ocso_app.pages  # noqa: F401  (registers every page in PAGES)
from ocso_app.models import AccountKind
from ocso_app.services.spaces import SPACE_PREFIX
from ocso_app.templates import PAGES

PUBLIC_SUFFIXES = (
    "connexion",
    "inscription",
    "mot-de-passe",
    "oublie",
    "identifiant",
    "creer-un-compte",
    "verification",
    "confirmer-adresse-email",  # opened from the link e-mailed to a member's new address
)


def private_routes(kind: AccountKind) -> list[str]:
    """The pages of ``kind``'s space that need a login."""
    prefix = SPACE_PREFIX[kind]
    return [
        p.route
        for p in PAGES
        if (p.route == prefix or p.route.startswith(prefix + "/")) and not p.route.endswith(PUBLIC_SUFFIXES)
    ]


def public_routes() -> list[str]:
    """The pages anybody opens (login forms of every space included; « 404 » stands for any unknown one)."""
    return [
        route if route.startswith("/") else f"/{route}"
        for route in (
            p.route
            for p in PAGES
            if not any(p.route.startswith(x + "/") or p.route == x for x in SPACE_PREFIX.values())
            or p.route.endswith(PUBLIC_SUFFIXES)
        )
    ]
