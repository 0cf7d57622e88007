"""Password pages shared by the spaces: the reset link's page and the forced change at first login."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, form_card, submit_button
from ocso_app.components.login_form import continue_form
from ocso_app.services.passwords import EMPLOYER_PASSWORD_RULE, MEMBER_PASSWORD_RULE
from ocso_app.state.account.new_password import NewPasswordState
from ocso_app.state.public.accounts import ResetPasswordState
from ocso_app.templates import public_page


def _new_password_fields(rule: str) -> list[rx.Component]:
    return [
        field("Nouveau mot de passe", "password", type_="password", autocomplete="new-password", hint=rule),
        field("Confirmation", "confirmation", type_="password", autocomplete="new-password"),
    ]


def _reset_page(login_route: str, rule: str) -> rx.Component:
    return form_card(
        "Choisir un nouveau mot de passe",
        banner(ResetPasswordState.error),
        banner(ResetPasswordState.info, tone="success"),
        rx.cond(
            ResetPasswordState.link_valid,
            rx.form(
                rx.vstack(*_new_password_fields(rule), submit_button("Enregistrer"), spacing="3"),
                on_submit=ResetPasswordState.submit,
            ),
            rx.link("Aller à la page de connexion", href=login_route),
        ),
    )


def _new_password_page(rule: str) -> rx.Component:
    return form_card(
        "Personnalisez votre mot de passe",
        rx.cond(  # once it is saved, only « Continuer » is left
            NewPasswordState.handoff != "",
            rx.fragment(),
            rx.text(
                "Vous vous êtes connecté avec un mot de passe temporaire : choisissez le vôtre.",
                color=styles.TEXT_MUTED,
            ),
        ),
        banner(NewPasswordState.error),
        banner(NewPasswordState.info, tone="success"),
        rx.cond(
            NewPasswordState.handoff != "",
            continue_form(NewPasswordState.handoff, routes.API_NEW_PASSWORD_HANDOFF.url()),
            rx.form(
                rx.vstack(
                    *_new_password_fields(rule), submit_button("Enregistrer et continuer"), spacing="3"
                ),
                on_submit=NewPasswordState.submit,
            ),
        ),
    )


@public_page(
    route=routes.MEMBER_RESET_PASSWORD, title="Nouveau mot de passe", on_load=ResetPasswordState.check_link
)
def member_reset_password() -> rx.Component:
    """Opened from the e-mailed link."""
    return _reset_page(routes.MEMBER_LOGIN, MEMBER_PASSWORD_RULE)


@public_page(
    route=routes.EMPLOYER_RESET_PASSWORD, title="Nouveau mot de passe", on_load=ResetPasswordState.check_link
)
def employer_reset_password() -> rx.Component:
    """Opened from the e-mailed link (employers)."""
    return _reset_page(routes.EMPLOYER_LOGIN, EMPLOYER_PASSWORD_RULE)


@public_page(
    route=routes.MEMBER_NEW_PASSWORD, title="Personnalisez votre mot de passe", on_load=NewPasswordState.load
)
def member_new_password() -> rx.Component:
    """First login of a member."""
    return _new_password_page(MEMBER_PASSWORD_RULE)


@public_page(
    route=routes.EMPLOYER_NEW_PASSWORD,
    title="Personnalisez votre mot de passe",
    on_load=NewPasswordState.load,
)
def employer_new_password() -> rx.Component:
    """First login of an employer user."""
    return _new_password_page(EMPLOYER_PASSWORD_RULE)


@public_page(
    route=routes.INTRODUCER_RESET_PASSWORD,
    title="Nouveau mot de passe",
    on_load=ResetPasswordState.check_link,
)
def introducer_reset_password() -> rx.Component:
    """Opened from the e-mailed link (business introducers)."""
    return _reset_page(routes.INTRODUCER_LOGIN, EMPLOYER_PASSWORD_RULE)


@public_page(
    route=routes.INTRODUCER_NEW_PASSWORD,
    title="Personnalisez votre mot de passe",
    on_load=NewPasswordState.load,
)
def introducer_new_password() -> rx.Component:
    """First login of a business introducer."""
    return _new_password_page(EMPLOYER_PASSWORD_RULE)


@public_page(
    route=routes.STAFF_NEW_PASSWORD, title="Personnalisez votre mot de passe", on_load=NewPasswordState.load
)
def staff_new_password() -> rx.Component:
    """First login of an OCSO staff member."""
    return _new_password_page(EMPLOYER_PASSWORD_RULE)
