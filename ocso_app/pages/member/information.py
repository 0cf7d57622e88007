"""Mes informations: the member's identity (NIR masked) and "Modifier mon mot de passe"."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, submit_button
from ocso_app.components.member_info import member_info_card
from ocso_app.services.passwords import MEMBER_PASSWORD_RULE
from ocso_app.state.member import ChangePasswordState, MemberHomeState
from ocso_app.templates import member_page


def _change_password_form() -> rx.Component:
    return rx.vstack(
        rx.heading("Modifier mon mot de passe", as_="h2", size="5", style=styles.SECTION_TITLE),
        banner(ChangePasswordState.error),
        banner(ChangePasswordState.info, tone="success"),
        rx.form(
            rx.vstack(
                field("Mot de passe actuel", "current", type_="password", autocomplete="current-password"),
                field(
                    "Nouveau mot de passe",
                    "password",
                    type_="password",
                    autocomplete="new-password",
                    hint=MEMBER_PASSWORD_RULE,
                ),
                field("Confirmation", "confirmation", type_="password", autocomplete="new-password"),
                submit_button("Modifier mon mot de passe"),
                spacing="3",
                max_width="420px",
            ),
            on_submit=ChangePasswordState.submit,
            reset_on_submit=True,
        ),
        style=styles.CARD,
    )


@member_page(route=routes.MEMBER_INFORMATION, title="Mes informations", on_load=MemberHomeState.load)
def member_information() -> rx.Component:
    """Mes informations."""
    return rx.vstack(
        rx.heading("Mes informations", as_="h1", size="6", style=styles.SECTION_TITLE),
        member_info_card(),
        _change_password_form(),
        width="100%",
        spacing="4",
    )
