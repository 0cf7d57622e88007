"""The public landing page: the three client spaces and how to reach each one."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import link_button
from ocso_app.components.site import SPACES
from ocso_app.templates import public_page

_REGISTER = {routes.MEMBER_LOGIN: routes.MEMBER_REGISTER, routes.EMPLOYER_LOGIN: routes.EMPLOYER_REGISTER}

_HOW_TO = [
    (
        "Assurés",
        "Connectez-vous avec les 6 premiers caractères de votre numéro d'adhérent (courrier de "
        "bienvenue, carte de tiers payant) et votre mot de passe. Première visite : créez votre compte.",
    ),
    (
        "Employeurs",
        "Connectez-vous avec l'adresse e-mail utilisée à la création du compte. Pour créer le "
        "compte : numéro client OCSO, SIREN et code de sécurité reçu par courrier.",
    ),
    (
        "Apporteurs d'affaires",
        "Connectez-vous avec votre identifiant ; vous pouvez le recevoir par e-mail "
        "depuis la page de connexion.",
    ),
]


def _space_card(name: str, description: str, login_route: str) -> rx.Component:
    register = _REGISTER.get(login_route)
    return rx.vstack(
        rx.heading(name, as_="h2", size="5", color=styles.NAVY),
        rx.text(description, color=styles.TEXT_MUTED),
        rx.spacer(),
        rx.hstack(
            link_button("Se connecter", href=login_route, size="3"),
            *(
                [link_button("Créer un compte", href=register, size="3", variant="outline")]
                if register
                else []
            ),
            wrap="wrap",
        ),
        style=styles.CARD,
        min_height="190px",
        spacing="3",
    )


@public_page(route=routes.HOME, title="Espaces clients")
def landing() -> rx.Component:
    """Espaces clients: one card per space, then the guide's connection advice."""
    return rx.vstack(
        rx.heading("Vos espaces clients OCSO", as_="h1", size="8", color=styles.NAVY),
        rx.text(
            "Consultez vos remboursements, envoyez vos documents, gérez vos salariés et vos contrats, "
            "en ligne et en toute sécurité.",
            size="4",
            color=styles.TEXT_MUTED,
        ),
        rx.grid(
            *[_space_card(*space) for space in SPACES],
            columns=rx.breakpoints(initial="1", md="3"),
            gap="1em",
            width="100%",
        ),
        rx.heading("Comment se connecter ?", as_="h2", size="6", color=styles.NAVY, margin_top="1em"),
        rx.grid(
            *[
                rx.box(
                    rx.text(who, font_weight="700"), rx.text(how, color=styles.TEXT_MUTED), style=styles.CARD
                )
                for who, how in _HOW_TO
            ],
            columns=rx.breakpoints(initial="1", md="3"),
            gap="1em",
            width="100%",
        ),
        rx.text(
            "Besoin d'aide ? Écrivez à ",
            rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
            " ou appelez le 05 56 34 36 66.",
        ),
        spacing="4",
        width="100%",
    )
