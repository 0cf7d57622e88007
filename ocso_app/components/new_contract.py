"""« Ajouter un contrat » on a company's file (Espace OCSO, Entreprises and administrators): its type,
libellé, insurer, personnel category, date of effect, employer's share and signing date, each wrong field
with its message under it; the options and guarantee tables come from the catalog
(``services.new_contracts``)."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.checked_form import checked_field, checked_select, field_error
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import banner, day_input, submit_button
from ocso_app.services.new_contracts import FIELDS, KIND_CHOICES
from ocso_app.state.staff.files import StaffCompanyFileState as C

SCOPE = "ajouter-un-contrat"


def _field(label: str, key: str, **props) -> rx.Component:
    return checked_field(label, FIELDS[key], C.contract_values, C.contract_errors, **props)


def new_contract_form() -> rx.Component:
    """The card and its form, drawn empty again once a contract was added."""
    return rx.vstack(
        rx.heading("Ajouter un contrat", as_="h2", size="4", color=styles.NAVY),
        rx.text(
            "Santé : la formule de base et l'option du catalogue OCSO ; prévoyance : le régime incapacité, "
            "invalidité, décès. Les garanties et cotisations sont celles du catalogue. L'entreprise ne voit "
            "le contrat qu'une fois signé.",
            color=styles.TEXT_MUTED,
        ),
        banner(C.contract_info, tone="success"),
        field_error(C.contract_errors, "contrat"),
        rx.form(
            rx.vstack(
                rx.grid(
                    checked_select(
                        "Type de contrat",
                        FIELDS["kind"],
                        KIND_CHOICES,
                        C.contract_values,
                        C.contract_errors,
                        required=True,
                    ),
                    _field("Libellé", "label", required=True, max_length=120, autocomplete="off"),
                    _field(
                        "Organisme assureur", "insurer", required=True, max_length=120, autocomplete="off"
                    ),
                    _field(
                        "Catégorie de personnel",
                        "category",
                        required=True,
                        max_length=80,
                        hint="Par exemple : Ensemble du personnel, Cadres",
                        autocomplete="off",
                    ),
                    _field("Date d'effet", "start", required=True, autocomplete="off", **day_input()),
                    _field(
                        "Part employeur (%)", "share", required=True, input_mode="decimal", placeholder="50"
                    ),
                    _field(
                        "Signé le (facultatif)",
                        "signed",
                        hint="Vide tant que la copie signée manque",
                        autocomplete="off",
                        **day_input(),
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                submit_button("Ajouter le contrat", width="auto"),
                spacing="3",
                width="100%",
            ),
            on_submit=C.add_contract,
            key="contrat-" + C.contract_form.to_string(),
            width="100%",
        ),
        refusal_focus(SCOPE, C.refusals),
        id=SCOPE,
        style=styles.CARD,
        width="100%",
        spacing="2",
    )
