"""Accueil of the Espace Santé Assuré: the "Mes informations" block, from the database."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.state.member import MemberHomeState
from ocso_app.templates import member_page


def _info_row(label: str, value: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600"),
        wrap="wrap",
        width="100%",
    )


@member_page(route=routes.MEMBER_HOME, title="Accueil", on_load=MemberHomeState.load)
def member_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Mes informations", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.vstack(
            _info_row("Prénom / Nom", MemberHomeState.full_name),
            _info_row("Numéro Sécurité sociale", MemberHomeState.nir_masked),
            _info_row("Numéro d'adhérent", MemberHomeState.member_number),
            _info_row("Adresse", MemberHomeState.address_line),
            _info_row("", MemberHomeState.postal_city),
            style=styles.CARD,
        ),
        rx.text("Besoin d'aide ? ", rx.link("support@ocso.fr", href="mailto:support@ocso.fr")),
        width="100%",
        spacing="4",
    )
