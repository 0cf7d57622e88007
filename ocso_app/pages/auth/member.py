"""Espace Santé Assuré: Se connecter, S'inscrire, Mot de passe oublié."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, date_field, field, form_card, submit_button
from ocso_app.components.login_form import login_form
from ocso_app.state.public.accounts import ForgottenPasswordState, MemberRegistrationState
from ocso_app.state.public.login import MemberLoginState
from ocso_app.templates import public_page


def _member_number_help(*, no_email_known: bool = False) -> rx.Component:
    """Where the numéro d'adhérent is written, and whom to ask for it (guides 001 and 004); on Mot de passe
    oublié (``no_email_known``) the same contact also serves a member whose e-mail address OCSO lacks, so
    that the page gives it once."""
    ask = (
        "Sinon, ou si nous ne connaissons pas votre adresse e-mail, contactez-nous au "
        if no_email_known
        else "Sinon, demandez-le au "
    )
    return rx.text(
        "Numéro d'adhérent introuvable ? Il figure sur votre courrier de bienvenue et sur votre carte de "
        "tiers payant. ",
        ask,
        rx.link("05 56 34 36 66", href="tel:+33556343666"),
        " ou à ",
        rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
        ".",
        size="2",
        color=styles.TEXT_MUTED,
    )


def _member_number_login() -> rx.Component:
    """The numéro d'adhérent as a login (Connexion, Mot de passe oublié): a phone shows its numeric keypad."""
    return field(
        "Numéro d'adhérent",
        "login",
        autocomplete="username",
        hint="Les 6 premiers caractères, sur votre carte de tiers payant.",
        max_length=6,
        input_mode="numeric",
    )


@public_page(
    route=routes.MEMBER_LOGIN, title="Connexion à l'espace santé assuré", on_load=MemberLoginState.load
)
def member_login() -> rx.Component:
    """The guide's login page: numéro d'adhérent (6 first characters) and password."""
    return form_card(
        "Connexion à l'espace santé assuré",
        login_form(
            "assure",
            MemberLoginState,
            _member_number_login(),
            field("Mot de passe", "password", type_="password", autocomplete="current-password"),
        ),
        _member_number_help(),
        rx.hstack(
            rx.link("Mot de passe oublié ?", href=routes.MEMBER_FORGOTTEN_PASSWORD),
            rx.spacer(),
            rx.link("Créer un compte", href=routes.MEMBER_REGISTER),
            width="100%",
            wrap="wrap",
        ),
    )


@public_page(route=routes.MEMBER_REGISTER, title="Créer mon compte assuré")
def member_register() -> rx.Component:
    """S'inscrire: numéro d'adhérent, date de naissance, numéro de sécurité sociale, e-mail."""
    return form_card(
        "Créer mon compte",
        banner(MemberRegistrationState.error),
        banner(MemberRegistrationState.info, tone="info"),
        rx.form(
            rx.vstack(
                field(
                    "Numéro d'adhérent",
                    "member_number",
                    hint="Sur votre courrier de bienvenue ou votre carte de tiers payant.",
                    max_length=6,
                    input_mode="numeric",
                ),
                date_field("Date de naissance", "birth_date", required=True, autocomplete="bday"),
                field(
                    "Numéro de sécurité sociale",
                    "nir",
                    autocomplete="off",
                    hint="Les 15 chiffres inscrits sur votre carte Vitale, clé comprise.",
                    max_length=21,
                ),
                field(
                    "Adresse e-mail",
                    "email",
                    type_="email",
                    autocomplete="email",
                    required=False,
                    hint="Vous y recevrez votre mot de passe temporaire.",
                ),
                submit_button("S'inscrire"),
                spacing="3",
            ),
            on_submit=MemberRegistrationState.submit,
            reset_on_submit=True,
        ),
        _member_number_help(),
        rx.link("J'ai déjà un compte : me connecter", href=routes.MEMBER_LOGIN),
        intro="Un seul compte par famille : vos bénéficiaires sont rattachés à votre espace.",
    )


@public_page(route=routes.MEMBER_FORGOTTEN_PASSWORD, title="Mot de passe oublié")
def member_forgotten_password() -> rx.Component:
    """Mot de passe oublié: a single-use link by e-mail."""
    return form_card(
        "Mot de passe oublié",
        banner(ForgottenPasswordState.info, tone="info"),
        rx.form(
            rx.vstack(
                _member_number_login(),
                submit_button("Recevoir un lien"),
                spacing="3",
            ),
            on_submit=ForgottenPasswordState.submit_member,
            reset_on_submit=True,
        ),
        _member_number_help(no_email_known=True),
        rx.link("Retour à la connexion", href=routes.MEMBER_LOGIN),
    )
