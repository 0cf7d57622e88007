"""Espace OCSO (staff): e-mail and password, then the authenticator app at every login."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.forms import field, form_card
from ocso_app.components.login_form import login_form
from ocso_app.components.second_factor import second_factor_card
from ocso_app.state.account.second_factor import SecondFactorState
from ocso_app.state.public.login import StaffLoginState
from ocso_app.templates import public_page


@public_page(route=routes.STAFF_LOGIN, title="Espace OCSO", on_load=StaffLoginState.load)
def staff_login() -> rx.Component:
    """Staff login."""
    return form_card(
        "Espace OCSO — équipes",
        login_form(
            "ocso",
            StaffLoginState,
            field("Adresse e-mail", "login", type_="email", autocomplete="username"),
            field("Mot de passe", "password", type_="password", autocomplete="current-password"),
        ),
        intro=(
            "Réservé aux collaborateurs OCSO. Une application d'authentification est exigée à chaque "
            "connexion."
        ),
    )


@public_page(
    route=routes.STAFF_VERIFY, title="Vérification de votre identité", on_load=SecondFactorState.load
)
def staff_verify() -> rx.Component:
    """The authenticator app's code (enrolled at the first login)."""
    return second_factor_card("Saisissez le code de votre application d'authentification.")
