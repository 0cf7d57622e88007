"""Carte de tiers payant: what the card says, its PDF, and sending it by e-mail to a health professional."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import CARD_PDF, download_link
from ocso_app.components.facts import fact
from ocso_app.components.forms import banner, field
from ocso_app.state.member.card import CardState
from ocso_app.templates import member_page


def _card_summary() -> rx.Component:
    return rx.vstack(
        fact("Période de validité", CardState.validity),
        fact("N° AMC", CardState.amc_number),
        fact("N° adhérent", CardState.member_number),
        fact("Opérateur de tiers payant", CardState.operator),
        rx.heading("Bénéficiaires", as_="h2", size="4", color=styles.NAVY, padding_top="0.5em"),
        rx.foreach(
            CardState.beneficiaries,
            lambda b: rx.text(b["name"], " – rang ", b["rank"], " – né(e) le ", b["birth_date"]),
        ),
        rx.heading("Domaines de soins", as_="h2", size="4", color=styles.NAVY, padding_top="0.5em"),
        rx.foreach(
            CardState.domains,
            lambda d: rx.hstack(
                rx.code(d["code"]), rx.text(d["label"], flex="1"), rx.text(d["coverage"]), width="100%"
            ),
        ),
        download_link("Télécharger ma carte de tiers payant (PDF)", href=CARD_PDF, icon=True),
        style=styles.CARD,
        spacing="2",
    )


def _send_form() -> rx.Component:
    return rx.vstack(
        rx.heading("Envoyer ma carte à un professionnel de santé", as_="h2", size="5", color=styles.NAVY),
        rx.text("Votre carte lui est envoyée par e-mail, au format PDF.", color=styles.TEXT_MUTED),
        banner(CardState.error),
        banner(CardState.info, tone="success"),
        rx.form(
            rx.vstack(
                field(
                    "Adresse e-mail du professionnel de santé", "email_pro", type_="email", autocomplete="off"
                ),
                rx.button("Envoyer ma carte", type="submit", size="3"),
                spacing="3",
                max_width="460px",
                width="100%",
            ),
            on_submit=CardState.send,
        ),
        style=styles.CARD,
        spacing="3",
    )


@member_page(route=routes.MEMBER_CARD, title="Carte de tiers payant", on_load=CardState.load)
def member_card() -> rx.Component:
    """Carte de tiers payant."""
    return rx.vstack(
        rx.heading("Carte de tiers payant", as_="h1", size="6", style=styles.SECTION_TITLE),
        banner(CardState.rights_note, tone="info"),
        rx.cond(
            CardState.validity != "",
            rx.grid(_card_summary(), _send_form(), columns=rx.breakpoints(initial="1", md="2"), spacing="4"),
            banner(CardState.error),  # the cover has ended: no card
        ),
        width="100%",
        spacing="4",
    )
