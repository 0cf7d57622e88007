"""Espace Apporteurs d'affaires: Se connecter, Obtenir votre identifiant, Mot de passe oublié."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.forms import banner, field, form_card, submit_button
from ocso_app.components.login_form import login_form
from ocso_app.state.public.accounts import ForgottenPasswordState, IdentifierRequestState
from ocso_app.state.public.login import IntroducerLoginState
from ocso_app.templates import public_page


@public_page(
    route=routes.INTRODUCER_LOGIN, title="Espace apporteurs d'affaires", on_load=IntroducerLoginState.load
)
def introducer_login() -> rx.Component:
    """Identifier and password, with the two recovery links of the guide."""
    return form_card(
        "Espace apporteurs d'affaires",
        login_form(
            "apporteur",
            IntroducerLoginState,
            field("Identifiant", "login", autocomplete="username"),
            field("Mot de passe", "password", type_="password", autocomplete="current-password"),
        ),
        rx.vstack(
            rx.link("Obtenir votre identifiant", href=routes.INTRODUCER_IDENTIFIER),
            rx.link("Mot de passe oublié ?", href=routes.INTRODUCER_FORGOTTEN_PASSWORD),
            spacing="1",
        ),
        intro="Suivez les entreprises de votre portefeuille.",
    )


@public_page(route=routes.INTRODUCER_IDENTIFIER, title="Obtenir votre identifiant")
def introducer_identifier() -> rx.Component:
    """The identifier, e-mailed to the address OCSO knows."""
    return form_card(
        "Obtenir votre identifiant",
        banner(IdentifierRequestState.info, tone="info"),
        rx.form(
            rx.vstack(
                field("Adresse e-mail", "email", type_="email", autocomplete="email"),
                submit_button("Recevoir mon identifiant"),
                spacing="3",
            ),
            on_submit=IdentifierRequestState.submit,
            reset_on_submit=True,
            width="100%",
        ),
        rx.link("Retour à la connexion", href=routes.INTRODUCER_LOGIN),
    )


@public_page(route=routes.INTRODUCER_FORGOTTEN_PASSWORD, title="Mot de passe oublié")
def introducer_forgotten_password() -> rx.Component:
    """A single-use reset link by e-mail."""
    return form_card(
        "Mot de passe oublié",
        banner(ForgottenPasswordState.info, tone="info"),
        rx.form(
            rx.vstack(
                field("Identifiant", "login", autocomplete="username"),
                submit_button("Recevoir un lien"),
                spacing="3",
            ),
            on_submit=ForgottenPasswordState.submit_introducer,
            reset_on_submit=True,
            width="100%",
        ),
        rx.link("Retour à la connexion", href=routes.INTRODUCER_LOGIN),
    )
