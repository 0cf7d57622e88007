"""The affiliation form, in four steps, shared by the employee's public page and HR's affiliation complète:
the option (cards with their monthly contribution), the beneficiaries (added and removed one by one), the
bank details with the SEPA mandate to accept, and the summary to confirm. A field the service refuses is
``aria-invalid`` and described by its message; a refused step moves the focus to it (``refusal_focus``).

Each function takes the page's state class, which mixes in ``state.affiliation_form.EnrolmentForm`` and
defines the same guarded handlers: ``submit_option``, ``add_beneficiary``, ``remove_beneficiary``,
``to_bank``, ``submit_bank``, ``go_to`` and ``confirm``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ocso_app import styles
from ocso_app.components.checked_form import error_props, field_error
from ocso_app.components.facts import fact
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import banner, field, select_field, submit_button
from ocso_app.services.membership_form import CREDITOR, CREDITOR_ADDRESS, CREDITOR_ID, SEPA_TEXT
from ocso_app.services.sepa_mandate import ACCEPTANCE
from ocso_app.state.affiliation_form import BANK, BENEFICIARIES, DONE, OPTION, SUMMARY

State = Any  # a state class mixing in EnrolmentForm (see the module docstring)
STEP_TITLES = (
    (OPTION, "Option"),
    (BENEFICIARIES, "Bénéficiaires"),
    (BANK, "Banque"),
    (SUMMARY, "Récapitulatif"),
)
CHECKBOX = {"width": "1.25em", "height": "1.25em", "flex_shrink": "0", "margin_top": "0.15em"}


def _stepper(S: State) -> rx.Component:
    def one(number: int, step: str, title: str) -> rx.Component:
        current = S.step == step
        return rx.hstack(
            rx.badge(str(number), variant=rx.cond(current, "solid", "soft"), radius="full"),
            rx.text(title, size="2", weight=rx.cond(current, "bold", "regular")),
            align="center",
            spacing="1",
            aria_current=rx.cond(current, "step", ""),
        )

    return rx.hstack(
        *[one(n, step, title) for n, (step, title) in enumerate(STEP_TITLES, start=1)],
        wrap="wrap",
        spacing="3",
        width="100%",
    )


def _card(*children: rx.Component, title: str) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY), *children, spacing="3", style=styles.CARD
    )


def _back(S: State, step: str) -> rx.Component:
    return rx.button("Précédent", type="button", variant="soft", size="3", on_click=S.go_to(step))


def _option_card(S: State, option: rx.Var) -> rx.Component:
    ident = "option-" + option["id"].to(str)
    return rx.el.label(
        rx.hstack(
            rx.el.input(
                type="radio",
                name="option",
                value=option["id"],
                id=ident,
                default_checked=option["id"] == S.option_id,
                required=True,
                style=CHECKBOX,
                **error_props(S.errors, "option"),
            ),
            rx.vstack(
                rx.text(option["label"], weight="bold"),
                rx.text(option["base"], size="2", color=styles.TEXT_MUTED),
                spacing="0",
                flex="1",
            ),
            rx.vstack(
                rx.text(option["monthly"], weight="bold", size="4", color=styles.NAVY),
                rx.text("par mois, part salariale", size="1", color=styles.TEXT_MUTED),
                rx.text("cotisation totale " + option["total"], size="1", color=styles.TEXT_MUTED),
                align="end",
                spacing="0",
            ),
            align="center",
            width="100%",
        ),
        html_for=ident,
        style={
            **styles.CARD,
            "border": f"1px solid {styles.BORDER}",
            "cursor": "pointer",
            "display": "block",
        },
    )


def option_step(S: State, nir_label: str) -> rx.Component:
    """Step 1: the options of the santé contract, and the employee's NIR when HR did not give it."""
    return rx.form(
        _card(
            rx.text(S.contract_label, color=styles.TEXT_MUTED),
            rx.el.fieldset(
                rx.el.legend("Choisissez l'option", style={"font_weight": "600", "margin_bottom": "0.5em"}),
                rx.vstack(rx.foreach(S.options, lambda option: _option_card(S, option)), spacing="2"),
                style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
            ),
            field_error(S.errors, "option"),
            rx.cond(
                S.needs_nir,
                rx.vstack(
                    field(
                        nir_label,
                        "nir",
                        autocomplete="off",
                        hint="Les 15 chiffres de la carte Vitale, clé comprise.",
                        max_length=21,
                        **error_props(S.errors, "nir"),
                    ),
                    field_error(S.errors, "nir"),
                    width="100%",
                ),
                rx.fragment(),
            ),
            submit_button("Continuer", width="auto"),
            title="1. L'option",
        ),
        on_submit=S.submit_option,
        width="100%",
    )


def _beneficiary_row(S: State, person: rx.Var, index: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(person["name"], weight="bold"),
            rx.text(
                person["quality"] + " – né(e) le " + person["birth_date"], size="2", color=styles.TEXT_MUTED
            ),
            rx.cond(
                person["nir"] != "",
                rx.text("NIR " + person["nir"], size="1", color=styles.TEXT_MUTED),
                rx.fragment(),
            ),
            spacing="0",
            flex="1",
        ),
        rx.button(
            rx.icon("trash-2", size=16),
            "Retirer",
            type="button",
            variant="soft",
            color_scheme="red",
            on_click=S.remove_beneficiary(index),
            aria_label="Retirer " + person["name"],
        ),
        align="center",
        width="100%",
        padding_y="0.5em",
        border_bottom=f"1px solid {styles.RULE}",
    )


def _beneficiary_form(S: State) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Ajouter un bénéficiaire", weight="bold"),
            rx.grid(
                rx.box(
                    select_field(
                        "Qualité",
                        "quality",
                        [("conjoint", "Conjoint(e)"), ("enfant", "Enfant")],
                        id_="beneficiary-quality",
                        first=("", "Choisir…"),
                        required=True,
                        **error_props(S.errors, "quality"),
                    ),
                    field_error(S.errors, "quality"),
                ),
                select_field(
                    "Civilité (facultatif)",
                    "civility",
                    [("M.", "M."), ("Mme", "Mme")],
                    id_="beneficiary-civility",
                    first=("", "—"),
                ),
                rx.box(
                    field(
                        "Nom", "last_name", id_="beneficiary-last-name", **error_props(S.errors, "last_name")
                    ),
                    field_error(S.errors, "last_name"),
                ),
                rx.box(
                    field(
                        "Prénom",
                        "first_name",
                        id_="beneficiary-first-name",
                        **error_props(S.errors, "first_name"),
                    ),
                    field_error(S.errors, "first_name"),
                ),
                rx.box(
                    field(
                        "Date de naissance",
                        "birth_date",
                        id_="beneficiary-birth-date",
                        placeholder="jj/mm/aaaa",
                        input_mode="numeric",
                        max_length=10,
                        **error_props(S.errors, "birth_date"),
                    ),
                    field_error(S.errors, "birth_date"),
                ),
                rx.box(
                    field(
                        "N° de Sécurité sociale (facultatif)",
                        "nir",
                        id_="beneficiary-nir",
                        required=False,
                        autocomplete="off",
                        max_length=21,
                        **error_props(S.errors, "nir"),
                    ),
                    field_error(S.errors, "nir"),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            field_error(S.errors, "beneficiaries"),
            rx.button(
                rx.icon("user-plus", size=16),
                "Ajouter ce bénéficiaire",
                type="submit",
                variant="outline",
                size="3",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.add_beneficiary,
        key="beneficiary-" + S.beneficiaries.length().to_string(),
        width="100%",
    )


ENROLMENT_FORM = "affiliation"  # the id of what holds the steps and their messages
ALONE_BY_EMPLOYEE = "Aucun bénéficiaire : vous seul(e) serez couvert(e)."
ALONE_BY_HR = "Aucun bénéficiaire : seul(e) le/la salarié(e) sera couvert(e)."


def beneficiaries_step(S: State, alone: str = ALONE_BY_HR) -> rx.Component:
    """Step 2: the spouse and children covered (the rank is given from the eldest child); ``alone`` says
    who is covered without any."""
    return _card(
        rx.cond(
            S.beneficiaries.length() > 0,
            rx.vstack(
                rx.foreach(S.beneficiaries, lambda p, i: _beneficiary_row(S, p, i)), spacing="0", width="100%"
            ),
            rx.text(alone, color=styles.TEXT_MUTED),
        ),
        _beneficiary_form(S),
        rx.hstack(
            _back(S, OPTION),
            rx.button("Continuer", type="button", size="3", on_click=S.to_bank),
            spacing="3",
        ),
        title="2. Les bénéficiaires",
    )


def _mandate_box() -> rx.Component:
    return rx.vstack(
        rx.text("Mandat de prélèvement SEPA", weight="bold"),
        fact("Créancier", CREDITOR),
        fact("Identifiant créancier SEPA", CREDITOR_ID),
        fact("Adresse du créancier", CREDITOR_ADDRESS),
        fact("Type de paiement", "Récurrent (cotisation mensuelle)"),
        rx.text(SEPA_TEXT, size="2", color=styles.TEXT_MUTED),
        spacing="2",
        padding="1em",
        background=styles.SKY,
        border_radius="8px",
        width="100%",
    )


def bank_step(S: State) -> rx.Component:
    """Step 3: the account debited for the contribution and the mandate accepted by ticking the box."""
    return rx.form(
        _card(
            rx.box(
                field(
                    "IBAN",
                    "iban",
                    autocomplete="off",
                    placeholder="FR76 …",
                    max_length=42,
                    **error_props(S.errors, "iban"),
                ),
                field_error(S.errors, "iban"),
                width="100%",
            ),
            rx.box(
                field(
                    "BIC",
                    "bic",
                    autocomplete="off",
                    max_length=11,
                    default_value=S.bic,
                    **error_props(S.errors, "bic"),
                ),
                field_error(S.errors, "bic"),
                width="100%",
            ),
            _mandate_box(),
            rx.el.label(
                rx.hstack(
                    rx.el.input(
                        type="checkbox",
                        name="mandate",
                        id="mandate",
                        style=CHECKBOX,
                        **error_props(S.errors, "mandate"),
                    ),
                    rx.text(ACCEPTANCE, size="2"),
                    align="start",
                ),
                html_for="mandate",
                style={"cursor": "pointer"},
            ),
            field_error(S.errors, "mandate"),
            rx.hstack(_back(S, BENEFICIARIES), submit_button("Vérifier", width="auto"), spacing="3"),
            title="3. Coordonnées bancaires et mandat SEPA",
        ),
        on_submit=S.submit_bank,
        width="100%",
    )


def summary_step(S: State, confirm_label: str) -> rx.Component:
    """Step 4: what will be recorded, then the confirmation."""
    return _card(
        fact("Option", S.option_label),
        fact("Part salariale", S.monthly_label + " par mois"),
        fact(
            "Bénéficiaires",
            rx.cond(S.beneficiaries.length() > 0, S.beneficiaries.length().to_string(), "Aucun"),
        ),
        rx.foreach(
            S.beneficiaries,
            lambda p: rx.text(
                "• " + p["name"] + " (" + p["quality"] + ", " + p["birth_date"] + ")", size="2"
            ),
        ),
        fact("IBAN", S.iban_masked),
        fact("BIC", S.bic),
        fact("Mandat SEPA", "Accepté – sa référence unique sera attribuée à la confirmation"),
        rx.hstack(
            rx.button("Modifier", type="button", variant="soft", size="3", on_click=S.go_to(BANK)),
            rx.button(confirm_label, type="button", size="3", on_click=S.confirm),
            spacing="3",
            wrap="wrap",
        ),
        title="4. Récapitulatif",
    )


def enrolment_form(
    S: State, *, confirm_label: str, done: rx.Component, by_employee: bool = False
) -> rx.Component:
    """The four steps and their messages; ``done`` is shown once the affiliation is recorded. The employee
    (``by_employee``) is spoken to as « vous », HR about « le/la salarié(e) »."""
    nir_label = (
        "Votre numéro de Sécurité sociale"
        if by_employee
        else "Numéro de Sécurité sociale du/de la salarié(e)"
    )
    return rx.vstack(
        rx.cond(S.step != DONE, _stepper(S), rx.fragment()),
        banner(S.form_error),
        refusal_focus(ENROLMENT_FORM, S.refusals),
        rx.match(
            S.step,
            (OPTION, option_step(S, nir_label)),
            (BENEFICIARIES, beneficiaries_step(S, ALONE_BY_EMPLOYEE if by_employee else ALONE_BY_HR)),
            (BANK, bank_step(S)),
            (SUMMARY, summary_step(S, confirm_label)),
            (DONE, done),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
        id=ENROLMENT_FORM,
    )
