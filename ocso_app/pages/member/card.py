"""Carte de tiers payant: what the card says, its PDF, sending it by e-mail to a health professional, and
keeping it on this device to show it offline (assets/ocso.js and assets/sw.js do it in the browser)."""

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


def _keep_on_device() -> rx.Component:
    """« Garder ma carte sur cet appareil »: the buttons are bound by id in assets/ocso.js (no server event:
    only the browser can fill its own cache)."""
    return rx.vstack(
        rx.heading("Ma carte sans connexion", as_="h2", size="5", color=styles.NAVY),
        rx.text(
            "Sur votre téléphone, gardez votre carte pour la présenter même sans réseau. Elle est effacée de "
            "l'appareil quand vous vous déconnectez. Ne le faites pas sur un appareil partagé.",
            color=styles.TEXT_MUTED,
        ),
        rx.hstack(
            rx.button(rx.icon("smartphone", size=16), "Garder ma carte sur cet appareil", id="garder-carte"),
            rx.button("Retirer ma carte de cet appareil", id="oublier-carte", variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        rx.text("", id="carte-hors-ligne-etat", role="status", aria_live="polite", font_weight="600"),
        style=styles.CARD,
        spacing="3",
        width="100%",
    )


@member_page(
    route=routes.MEMBER_CARD,
    title="Carte de tiers payant",
    on_load=CardState.load,
    menu_route=routes.MEMBER_HOME,
)
def member_card() -> rx.Component:
    """Carte de tiers payant."""
    return rx.vstack(
        rx.heading("Carte de tiers payant", as_="h1", size="6", style=styles.SECTION_TITLE),
        banner(CardState.rights_note, tone="info"),
        rx.cond(
            CardState.validity != "",
            rx.vstack(
                rx.grid(
                    _card_summary(), _send_form(), columns=rx.breakpoints(initial="1", md="2"), spacing="4"
                ),
                _keep_on_device(),
                spacing="4",
                width="100%",
            ),
            banner(CardState.error),  # the cover has ended: no card
        ),
        width="100%",
        spacing="4",
    )
