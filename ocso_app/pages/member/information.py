"""Mes informations: the member's identity (NIR masked), "Modifier mon mot de passe", Mes coordonnées
bancaires (IBAN masked, BIC) and Mes bénéficiaires."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, submit_button
from ocso_app.components.member_info import member_info_card
from ocso_app.components.tables import Column, data_table
from ocso_app.services.passwords import MEMBER_PASSWORD_RULE
from ocso_app.state.member.information import InformationState as S
from ocso_app.templates import member_page

BENEFICIARY_COLUMNS = (
    Column("PRÉNOM", "first_name"),
    Column("NOM", "last_name", header=True),
    Column("RANG", "rank"),
    Column("NÉ(E) LE", "birth_date", nowrap=True),
    Column("ADHÉSION", "adhesion_date", nowrap=True),
)


def _change_password_form() -> rx.Component:
    return rx.vstack(
        rx.heading("Modifier mon mot de passe", as_="h2", size="5", style=styles.SECTION_TITLE),
        banner(S.error),
        banner(S.info, tone="success"),
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
            on_submit=S.change_password,
            reset_on_submit=True,
        ),
        style=styles.CARD,
    )


def _bank_details() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes coordonnées bancaires", as_="h2", size="5", style=styles.SECTION_TITLE),
        rx.hstack(rx.text("IBAN", color=styles.TEXT_MUTED, min_width="5em"), rx.code(S.iban_masked)),
        rx.hstack(rx.text("BIC", color=styles.TEXT_MUTED, min_width="5em"), rx.code(S.bic)),
        rx.link("Modifier mes coordonnées bancaires", href=routes.MEMBER_REQUESTS, size="2"),
        style=styles.CARD,
    )


def _beneficiaries() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes bénéficiaires", as_="h2", size="5", style=styles.SECTION_TITLE),
        data_table(S.beneficiaries, BENEFICIARY_COLUMNS, empty="Aucun bénéficiaire en dehors de vous."),
        rx.link("Mes démarches >", href=routes.MEMBER_REQUESTS, size="2"),
        style=styles.CARD,
    )


@member_page(route=routes.MEMBER_INFORMATION, title="Mes informations", on_load=S.load)
def member_information() -> rx.Component:
    """Mes informations."""
    return rx.vstack(
        rx.heading("Mes informations", as_="h1", size="6", style=styles.SECTION_TITLE),
        member_info_card(),
        _change_password_form(),
        _bank_details(),
        _beneficiaries(),
        width="100%",
        spacing="4",
    )
