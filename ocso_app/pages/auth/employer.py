"""Espace Employeur: Se connecter, Créer un compte, Mot de passe oublié, and the second factor page."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, form_card, submit_button
from ocso_app.components.login_form import login_form
from ocso_app.components.second_factor import second_factor_card
from ocso_app.state.account.second_factor import SecondFactorState
from ocso_app.state.public.accounts import EmployerRegistrationState, ForgottenPasswordState
from ocso_app.state.public.login import EmployerLoginState
from ocso_app.templates import public_page

EMPLOYER_PASSWORD_HINT = "8 caractères dont 1 chiffre et 1 caractère spécial"


@public_page(
    route=routes.EMPLOYER_LOGIN, title="Connexion à l'espace employeur", on_load=EmployerLoginState.load
)
def employer_login() -> rx.Component:
    """The guide's login page: e-mail address and password (temporary at the first login)."""
    return form_card(
        "Connexion à l'espace employeur",
        login_form(
            "employeur",
            EmployerLoginState,
            field("Adresse e-mail", "login", type_="email", autocomplete="username"),
            field(
                "Mot de passe",
                "password",
                type_="password",
                autocomplete="current-password",
                hint=EMPLOYER_PASSWORD_HINT,
            ),
        ),
        rx.text(
            "Renseignez l'adresse mail utilisée lors de la création du compte puis le mot de passe "
            "temporaire s'il s'agit de la 1ère connexion, ou le mot de passe que vous avez personnalisé.",
            color=styles.TEXT_MUTED,
            size="2",
        ),
        rx.hstack(
            rx.link("Mot de passe oublié ?", href=routes.EMPLOYER_FORGOTTEN_PASSWORD),
            rx.spacer(),
            rx.link("Créer un compte", href=routes.EMPLOYER_REGISTER),
            width="100%",
            wrap="wrap",
        ),
        intro=(
            "Pour découvrir toutes les fonctionnalités, créez votre compte. Si vous ne possédez pas les "
            "informations nécessaires à la création de votre Espace, n'hésitez pas à en faire la demande "
            "par mail à l'adresse : support@ocso.fr"
        ),
    )


@public_page(route=routes.EMPLOYER_REGISTER, title="Créer un compte employeur")
def employer_register() -> rx.Component:
    """Créer un compte: the company's three security fields and the first user's details."""
    return form_card(
        "Création d'un compte",
        banner(EmployerRegistrationState.error),
        banner(EmployerRegistrationState.info, tone="info"),
        rx.callout(
            "Attention : l'utilisateur qui crée le 1er compte de la société devient automatiquement "
            "l'utilisateur principal de la structure.",
            color_scheme="amber",
            width="100%",
        ),
        rx.form(
            rx.vstack(
                field(
                    "Numéro client OCSO",
                    "client_number",
                    autocomplete="off",
                    hint="Le numéro client OCSO attribué à votre société.",
                ),
                field("Numéro SIREN", "siren", autocomplete="off", input_mode="numeric", max_length=11),
                field(
                    "Code de sécurité",
                    "security_code",
                    type_="password",
                    autocomplete="off",
                    hint="Transmis par courrier lors de la mise en place de vos premiers contrats.",
                ),
                field("Nom", "last_name", autocomplete="family-name"),
                field("Prénom", "first_name", autocomplete="given-name"),
                field("Téléphone", "phone", type_="tel", autocomplete="tel"),
                field("Fonction", "job_title", autocomplete="organization-title"),
                field(
                    "Adresse e-mail",
                    "email",
                    type_="email",
                    autocomplete="email",
                    hint="Vous y recevrez votre mot de passe temporaire.",
                ),
                submit_button("Créer mon compte"),
                spacing="3",
            ),
            on_submit=EmployerRegistrationState.submit,
            reset_on_submit=False,
        ),
        rx.text(
            "Si vous ne connaissez pas ces éléments, demandez-les par mail à l'adresse : ",
            rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
            color=styles.TEXT_MUTED,
            size="2",
        ),
        rx.link("J'ai déjà un compte : me connecter", href=routes.EMPLOYER_LOGIN),
        intro="Si le compte employeur n'a jamais été créé, remplissez le formulaire ci-dessous.",
    )


@public_page(route=routes.EMPLOYER_FORGOTTEN_PASSWORD, title="Mot de passe oublié")
def employer_forgotten_password() -> rx.Component:
    """Mot de passe oublié: a single-use link by e-mail."""
    return form_card(
        "Mot de passe oublié",
        banner(ForgottenPasswordState.info, tone="info"),
        rx.form(
            rx.vstack(
                field("Adresse e-mail", "login", type_="email", autocomplete="username"),
                submit_button("Recevoir un lien"),
                spacing="3",
            ),
            on_submit=ForgottenPasswordState.submit_employer,
            reset_on_submit=True,
        ),
        rx.link("Retour à la connexion", href=routes.EMPLOYER_LOGIN),
    )


@public_page(
    route=routes.EMPLOYER_VERIFY, title="Vérification de votre identité", on_load=SecondFactorState.load
)
def employer_verify() -> rx.Component:
    """The second factor, at the first login and on every new browser."""
    return second_factor_card(
        "Une double authentification par e-mail ou SMS vous est demandée lors de la première connexion, "
        "ou pour tout changement de navigateur / appareil. Choisissez comment recevoir votre code."
    )
