"""The verification card of the second factor (employers and OCSO staff)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, form_card, submit_button
from ocso_app.components.login_form import PostForm, continue_form
from ocso_app.state.account.second_factor import SecondFactorState


def _method_buttons() -> rx.Component:
    by_message = rx.vstack(
        rx.button(
            rx.icon("mail", size=16),
            "Recevoir un code par e-mail",
            on_click=SecondFactorState.send_email_code,
            variant="outline",
            width="100%",
        ),
        rx.cond(
            SecondFactorState.has_phone,
            rx.button(
                rx.icon("smartphone", size=16),
                "Recevoir un code par SMS",
                on_click=SecondFactorState.send_sms_code,
                variant="outline",
                width="100%",
            ),
            rx.fragment(),
        ),
        width="100%",
        spacing="2",
    )
    return rx.vstack(
        rx.cond(SecondFactorState.totp_only, rx.fragment(), by_message),
        rx.button(
            rx.icon("key-round", size=16),
            "Application d'authentification",
            on_click=SecondFactorState.use_totp,
            variant="outline",
            width="100%",
        ),
        width="100%",
        spacing="2",
    )


def _totp_enrolment() -> rx.Component:
    return rx.vstack(
        rx.image(
            src=SecondFactorState.qr_data_uri,
            alt="QR code à scanner avec votre application d'authentification",
            width="200px",
            height="200px",
        ),
        rx.text(
            "Impossible de scanner ? Saisissez cette clé dans l'application : ",
            rx.el.code(SecondFactorState.manual_key, id="cle-application"),
            size="2",
        ),
        rx.form(
            rx.vstack(
                field(
                    "Code affiché par l'application",
                    "totp_code",
                    autocomplete="one-time-code",
                    input_mode="numeric",
                    max_length=6,
                ),
                field(
                    "Code reçu par e-mail",
                    "email_code",
                    autocomplete="one-time-code",
                    input_mode="numeric",
                    max_length=6,
                ),
                submit_button("Activer l'application"),
                spacing="3",
            ),
            on_submit=SecondFactorState.confirm_totp,
            reset_on_submit=True,
            width="100%",
        ),
        align="center",
        width="100%",
        spacing="3",
    )


def _code_form() -> rx.Component:
    return PostForm.create(
        rx.vstack(
            rx.el.input(type="hidden", name="method", value=SecondFactorState.method),
            field(
                "Code de vérification",
                "code",
                autocomplete="one-time-code",
                input_mode="numeric",
                max_length=6,
            ),
            # Not to staff (the app at every login), nor before the first real password (which forgets
            # every trusted browser): see second_factor._may_trust.
            rx.cond(
                SecondFactorState.may_trust,
                rx.hstack(
                    rx.el.input(type="checkbox", name="trust", id="trust"),
                    rx.el.label("Faire confiance à ce navigateur", html_for="trust"),
                    align="center",
                    spacing="2",
                ),
                rx.fragment(),
            ),
            submit_button("Valider"),
            spacing="3",
        ),
        action=routes.API_SECOND_FACTOR.url(),
        method="post",
        width="100%",
    )


def second_factor_card(intro: str) -> rx.Component:
    """The whole verification step: choose a method, (enrol the app, continue,) type the code."""
    return form_card(
        "Vérification de votre identité",
        # Once the app is activated, only « Continuer » is left: no call to type a code above it.
        rx.cond(SecondFactorState.handoff != "", rx.fragment(), rx.text(intro, color=styles.TEXT_MUTED)),
        banner(SecondFactorState.error),
        banner(SecondFactorState.info, tone="info"),
        rx.cond(
            SecondFactorState.handoff != "",
            continue_form(SecondFactorState.handoff, routes.API_SECOND_FACTOR_HANDOFF.url()),
            rx.cond(SecondFactorState.ready, _method_buttons(), rx.spinner(size="3")),
        ),
        rx.cond(SecondFactorState.enrolling, _totp_enrolment(), rx.fragment()),
        rx.cond(SecondFactorState.method != "", _code_form(), rx.fragment()),
    )
