"""Simulation de remboursement: the quote (beneficiary, act, amount, Sécurité sociale base, 100 % Santé), the
estimate with how each euro is computed, keeping it in Mes documents or sending it with the quote to OCSO, and
the forfaits left this year."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import sums_grid
from ocso_app.components.forfaits import forfaits_card
from ocso_app.components.forms import banner, field, select_field
from ocso_app.components.request_forms import file_picker
from ocso_app.state.demarches import upload_id
from ocso_app.state.member.simulation import SimulationState as S
from ocso_app.templates import member_page

QUOTE_FILES = "devis"


def _quote_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                select_field(
                    "Bénéficiaire",
                    "beneficiaire",
                    S.beneficiary_options,
                    first=("", "Choisir…"),
                    required=True,
                ),
                select_field("Acte du devis", "acte", S.act_options, first=("", "Choisir…"), required=True),
                field("Montant du devis (€)", "montant", input_mode="decimal", placeholder="180,00"),
                field(
                    "Base de remboursement Sécurité sociale (€)",
                    "base",
                    input_mode="decimal",
                    placeholder="0,05",
                    hint="Elle figure sur le devis ; 0 si la Sécurité sociale ne rembourse pas l'acte.",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.el.input(type="checkbox", id="cent_pour_cent", name="cent_pour_cent"),
                rx.el.label(
                    "Équipement ou soin 100 % Santé (optique, dentaire, aides auditives)",
                    html_for="cent_pour_cent",
                ),
                align="center",
                spacing="2",
            ),
            rx.button("Estimer mon remboursement", type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.estimate,
        style=styles.CARD,
    )


def _send_with_quote() -> rx.Component:
    return rx.vstack(
        rx.heading("Envoyer le devis avec la simulation", as_="h3", size="3", color=styles.NAVY),
        file_picker(QUOTE_FILES, "Votre devis", "OCSO reçoit le devis et la simulation dans Mes démarches."),
        rx.button(
            "Envoyer à OCSO avec mon devis",
            on_click=[
                S.send_with_quote(rx.upload_files(upload_id=upload_id(QUOTE_FILES))),
                rx.clear_selected_files(upload_id(QUOTE_FILES)),
            ],
            variant="outline",
            size="3",
        ),
        spacing="2",
        width="100%",
    )


def _result() -> rx.Component:
    return rx.cond(
        S.result.length() > 0,
        rx.vstack(
            rx.heading("Votre estimation", as_="h2", size="4", color=styles.NAVY),
            rx.text(
                S.result["beneficiary"],
                " – ",
                S.result["category"],
                " – ",
                S.result["act"],
                font_weight="600",
            ),
            sums_grid(
                S.result,
                (
                    ("Montant du devis", "spent"),
                    ("Sécurité sociale", "social_security"),
                    ("OCSO", "complementary"),
                    ("Reste à charge", "remaining"),
                ),
            ),
            rx.vstack(
                rx.text("Comment ce montant est calculé", font_weight="700", color=styles.NAVY),
                rx.unordered_list(
                    rx.foreach(S.steps, lambda step: rx.list_item(step, size="2")), padding_left="1em"
                ),
                background=styles.SKY,
                border_radius="8px",
                padding="0.8em",
                width="100%",
                data_testid="explications",
            ),
            rx.hstack(
                rx.button("Garder dans Mes documents", on_click=S.keep, size="3"),
                rx.cond(
                    S.kept_href != "", download_link("Ouvrir la simulation", href=S.kept_href), rx.fragment()
                ),
                rx.link("Mes documents", href=routes.MEMBER_DOCUMENTS),
                align="center",
                wrap="wrap",
                spacing="3",
            ),
            _send_with_quote(),
            style=styles.CARD,
            spacing="3",
        ),
        rx.fragment(),
    )


@member_page(route=routes.MEMBER_SIMULATION, title="Simulation de remboursement", on_load=S.load)
def member_simulation() -> rx.Component:
    """Simulation de remboursement."""
    return rx.vstack(
        rx.heading("Simulation de remboursement", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Saisissez votre devis : nous estimons la part de la Sécurité sociale, celle d'OCSO selon vos "
            "garanties et vos forfaits restants, et ce qui resterait à votre charge."
        ),
        _quote_form(),
        banner(S.error),
        banner(S.info, tone="success"),
        _result(),
        forfaits_card(S.forfaits, on_simulation=True),
        width="100%",
        spacing="4",
    )
