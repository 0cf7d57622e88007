"""« Page introuvable »: what any unknown address shows (Reflex's 404 page, in French, with the way back)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.templates import public_page


@public_page(route=routes.NOT_FOUND, title="Page introuvable")
def not_found() -> rx.Component:
    """The page of an unknown address."""
    return rx.vstack(
        rx.heading("Page introuvable", as_="h1", size="7", color=styles.NAVY),
        rx.text(
            "L'adresse demandée n'existe pas ou plus sur le portail OCSO. Elle a peut-être été mal saisie, "
            "ou la page a changé de place."
        ),
        rx.hstack(
            rx.link("Retour à l'accueil du portail", href=routes.HOME, font_weight="600"),
            rx.link("Mon Espace Santé Assuré", href=routes.MEMBER_HOME),
            rx.link("Mon Espace Employeur", href=routes.EMPLOYER_HOME),
            spacing="5",
            wrap="wrap",
        ),
        rx.text(
            "Besoin d'aide ? Écrivez à support@ocso.fr ou appelez le 05 56 34 36 66.", color=styles.TEXT_MUTED
        ),
        style=styles.CARD,
        spacing="4",
        width="100%",
    )
