"""Accueil of the Espace Santé Assuré: the "Mes informations" block, from the database."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.member_info import member_info_card
from ocso_app.state.member import MemberHomeState
from ocso_app.templates import member_page


@member_page(route=routes.MEMBER_HOME, title="Accueil", on_load=MemberHomeState.load)
def member_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Mes informations", as_="h1", size="6", style=styles.SECTION_TITLE),
        member_info_card(),
        rx.text("Besoin d'aide ? ", rx.link("support@ocso.fr", href="mailto:support@ocso.fr")),
        width="100%",
        spacing="4",
    )
