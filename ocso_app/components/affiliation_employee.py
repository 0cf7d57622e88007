"""The sections of the employee's public affiliation page, bound to ``AffiliationState``: the identification
(the letter's code when there is no link, and the birth date), the choice between affiliating and asking a
dispense, the dispense request, and the two confirmations. A refused form moves the focus to its first
field in error, else to its message (``refusal_focus``)."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.affiliation_form import CHECKBOX, enrolment_form
from ocso_app.components.checked_form import error_props, field_error
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import (
    banner,
    field,
    form_card,
    link_button,
    one_file_picker,
    select_field,
    submit_button,
    with_files,
)
from ocso_app.components.wording import of
from ocso_app.state.demarches import upload_id
from ocso_app.state.public.affiliation import AFFILIATE, DISPENSE, PROOF_UPLOAD, AffiliationState

S = AffiliationState
IDENTIFICATION = "identification"  # the ids of the forms whose refusal moves the focus
DISPENSE_FORM = "dispense"


def identification() -> rx.Component:
    """The code (without a link) and the birth date."""
    return form_card(
        "Mon affiliation à la complémentaire santé",
        rx.form(
            rx.vstack(
                banner(S.error),
                refusal_focus(IDENTIFICATION, S.refusals),
                rx.cond(
                    S.has_link,
                    rx.fragment(),
                    field(
                        "Code de votre courrier",
                        "code",
                        autocomplete="off",
                        placeholder="XXXX-XXXX-XXXX",
                        max_length=20,
                        hint="Le code à 12 caractères imprimé sur le courrier de votre employeur.",
                    ),
                ),
                field(
                    "Votre date de naissance",
                    "birth_date",
                    autocomplete="bday",
                    placeholder="jj/mm/aaaa",
                    input_mode="numeric",
                    max_length=10,
                ),
                submit_button("Accéder à mon affiliation"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.identify,
            width="100%",
            id=IDENTIFICATION,
        ),
        # before the identity is confirmed: neither the civility nor the contracts are known yet
        intro="Votre employeur vous a inscrit(e) à ses contrats collectifs gérés par OCSO. "
        "Confirmez votre identité pour choisir votre option ou demander une dispense.",
    )


def _choice_card(title: str, text: str, icon: str, choice: str) -> rx.Component:
    return rx.button(
        rx.vstack(
            rx.icon(icon, size=28),
            rx.text(title, size="4", weight="bold"),
            rx.text(text, size="2", white_space="normal", text_align="left"),
            align="start",
            spacing="2",
        ),
        type="button",
        variant="surface",
        on_click=S.choose(choice),
        height="auto",
        padding="1.25em",
        width="100%",
        justify_content="start",
    )


def choice() -> rx.Component:
    """« M'affilier » or « Demander une dispense »."""
    return rx.vstack(
        rx.heading("Bonjour " + S.first_name, as_="h1", size="6", color=styles.NAVY),
        rx.text(of("Contrat de complémentaire santé", S.company_name) + " : que souhaitez-vous faire ?"),
        rx.grid(
            _choice_card(
                "M'affilier",
                "Choisissez votre option, ajoutez vos bénéficiaires et vos coordonnées bancaires.",
                "shield-check",
                AFFILIATE,
            ),
            _choice_card(
                "Demander une dispense",
                "Vous êtes dans un cas de dispense prévu par la loi (autre couverture, CDD…).",
                "file-x",
                DISPENSE,
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.callout(
            "Votre affiliation est enregistrée.", icon="circle-check", color_scheme="green", width="100%"
        ),
        rx.text("Votre numéro d'adhérent"),
        rx.text(S.member_number, size="8", weight="bold", color=styles.NAVY, data_testid="member-number"),
        rx.text(
            "Un e-mail de bienvenue vous le confirme. Créez maintenant votre Espace Santé Assuré avec ce "
            "numéro, votre date de naissance et votre numéro de Sécurité sociale : vous y suivrez vos "
            "remboursements et téléchargerez votre carte de tiers payant."
        ),
        link_button("Créer mon Espace Santé Assuré", href=S.register_url, size="3"),
        spacing="3",
        style=styles.CARD,
    )


def affiliation() -> rx.Component:
    """« M'affilier »: the shared form."""
    return rx.vstack(
        rx.heading("M'affilier", as_="h1", size="6", color=styles.NAVY),
        enrolment_form(S, confirm_label="Confirmer mon affiliation", done=_done(), by_employee=True),
        rx.cond(
            S.step == "option",
            rx.button("Revenir au choix", variant="ghost", on_click=S.choose("choix")),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
    )


def _end_date() -> rx.Component:
    return rx.cond(
        S.case_end_label != "",
        rx.box(
            rx.el.label(S.case_end_label, html_for="ends_on", font_weight="600", font_size="0.95em"),
            rx.input(
                id="ends_on",
                name="ends_on",
                placeholder="jj/mm/aaaa",
                input_mode="numeric",
                max_length=10,
                size="3",
                **error_props(S.dispense_errors, "ends_on"),
            ),
            field_error(S.dispense_errors, "ends_on"),
            width="100%",
        ),
        rx.fragment(),
    )


def _proof_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _end_date(),
            rx.text("Votre justificatif", font_weight="600"),
            one_file_picker(
                upload_id(PROOF_UPLOAD),
                "PDF, JPEG ou PNG, 10 Mo au plus. Sur un téléphone, prenez-le en photo.",
                name="votre justificatif de dispense",
            ),
            field_error(S.dispense_errors, "proof"),
            submit_button("Envoyer ma demande de dispense", width="auto"),
            spacing="3",
            width="100%",
        ),
        on_submit=with_files(upload_id(PROOF_UPLOAD), S.upload_proof),
        width="100%",
    )


def _sworn_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _end_date(),
            rx.el.label(
                rx.hstack(
                    rx.el.input(
                        type="checkbox",
                        name="sworn",
                        id="sworn",
                        style=CHECKBOX,
                        **error_props(S.dispense_errors, "sworn"),
                    ),
                    rx.text(
                        "J'atteste sur l'honneur être dans le cas de dispense choisi. Une attestation datée "
                        "à mon nom est générée et transmise à mon employeur.",
                        size="2",
                    ),
                    align="start",
                ),
                html_for="sworn",
            ),
            field_error(S.dispense_errors, "sworn"),
            submit_button("Signer et envoyer ma demande", width="auto"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.submit_sworn,
        width="100%",
    )


def dispense() -> rx.Component:
    """« Demander une dispense »: the case, its end date, its proof or the sworn statement."""
    return rx.vstack(
        rx.heading("Demander une dispense d'affiliation", as_="h1", size="6", color=styles.NAVY),
        rx.vstack(
            field_error(S.dispense_errors, "form"),
            select_field(
                "Votre cas de dispense",
                "case",
                S.cases,
                id_="case",
                first=("", "Choisir…"),
                required=True,
                on_change=S.choose_case,
                **error_props(S.dispense_errors, "case"),
            ),
            rx.cond(
                S.case_label != "", rx.text(S.case_label, size="2", color=styles.TEXT_MUTED), rx.fragment()
            ),
            field_error(S.dispense_errors, "case"),
            rx.cond(
                S.case_code != "",
                rx.cond(S.case_needs_proof, _proof_form(), _sworn_form()),
                rx.fragment(),
            ),
            rx.text(
                "Votre demande est transmise à votre employeur, qui l'accepte ou la refuse. Tant qu'elle "
                "n'est pas acceptée, vous restez à affilier.",
                size="2",
                color=styles.TEXT_MUTED,
            ),
            refusal_focus(DISPENSE_FORM, S.refusals),
            spacing="3",
            style=styles.CARD,
            id=DISPENSE_FORM,
        ),
        rx.button("Revenir au choix", variant="ghost", on_click=S.choose("choix")),
        spacing="4",
        width="100%",
    )


def dispense_sent() -> rx.Component:
    """The confirmation of the dispense request."""
    return rx.vstack(
        rx.callout(
            "Votre demande de dispense est envoyée à votre employeur.",
            icon="circle-check",
            color_scheme="green",
        ),
        rx.text(S.dispense_summary, weight="bold"),
        rx.text("Votre employeur vous informera de sa décision. Vous pouvez fermer cette page."),
        spacing="3",
        style=styles.CARD,
    )
