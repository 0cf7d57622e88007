"""The frame every page shares: the OCSO logo, the public header with "Espaces clients", and the footer."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.navigation import menu_link

SPACES = [
    ("OCSO santé assuré", "Remboursements, démarches, carte de tiers payant", routes.MEMBER_LOGIN),
    ("OCSO employeur", "Contrats, salariés, indemnités journalières", routes.EMPLOYER_LOGIN),
    ("Apporteurs d'affaires", "Le suivi de votre portefeuille", routes.INTRODUCER_LOGIN),
]

OFFICES = [
    (
        "MÉRIGNAC",
        ["30 avenue Ariane BP 50255", "33698 MERIGNAC CEDEX"],
        ("05 56 34 36 66", "+33556343666"),
        "FAX : 05 56 34 89 73",
    ),
    (
        "BAYONNE",
        ["Espace Mendi Alde Bât. B", "48-50 avenue du 8 mai 1945", "64100 BAYONNE"],
        ("05 59 52 11 12", "+33559521112"),
        None,
    ),
]

LEGAL_TEXT = (
    "OCSO - Groupe DIOT-SIACI - Société de Courtage d'Assurance et de Réassurance. Siège social : "
    "30, avenue Ariane - BP 50255 - 33698 Mérignac cedex - France. SAS - Capital : 2 644 080 € - "
    "RCS Bordeaux 324 334 226 - N° ORIAS : 07 000 495 (orias.fr) - Sous le contrôle de l'ACPR - "
    "4 place de Budapest - CS 92459 - 75436 Paris cedex 09. Réclamations : reclamation@ocso.fr."
)


def logo(href: str = routes.HOME) -> rx.Component:
    """The OCSO word mark with its group line; a link home."""
    return rx.link(
        rx.vstack(
            rx.text("OCSO", font_weight="800", font_size="1.6em", letter_spacing="0.08em", color="white"),
            rx.text("Groupe Diot-Siaci", font_size="0.7em", color=styles.ON_NAVY_MUTED, margin_top="-0.4em"),
            spacing="0",
        ),
        # Named by what it shows, then where it goes (an aria-label would hide the words shown: WCAG 2.5.3).
        rx.el.span(", retour à l'accueil", style=styles.VISUALLY_HIDDEN),
        href=href,
        underline="none",
    )


def spaces_menu() -> rx.Component:
    """The "Espaces clients" drop-down of the public header."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                "Espaces clients",
                rx.icon("chevron-down", size=16),
                size="2",
                background=styles.ORANGE_BUTTON,
                color="white",
                _hover={"background": styles.ORANGE_BUTTON_HOVER},
            ),
        ),
        rx.menu.content(
            *[menu_link(name, href=href) for name, _, href in SPACES],
        ),
    )


def public_header() -> rx.Component:
    """Header of the public pages."""
    return rx.el.header(
        rx.hstack(
            logo(),
            rx.spacer(),
            spaces_menu(),
            align="center",
            max_width=styles.PAGE_MAX_WIDTH,
            margin="0 auto",
            padding="0.8em 1em",
        ),
        background=styles.NAVY,
        width="100%",
    )


# A finger's target: 24 px high at least (WCAG 2.2, 2.5.8), the lines of an address keeping their rhythm.
FOOTER_LINK = {"color": "white", "display": "inline-block", "min_height": "24px", "line_height": "24px"}


def _office(name: str, lines: list[str], phone: tuple[str, str], fax: str | None) -> rx.Component:
    shown, dial = phone
    return rx.vstack(
        rx.text(name, font_weight="700", letter_spacing="0.05em"),
        *[rx.text(line) for line in lines],
        rx.link(f"TEL : {shown}", href=f"tel:{dial}", **FOOTER_LINK),
        *([rx.text(fax)] if fax else []),
        rx.link("support@ocso.fr", href="mailto:support@ocso.fr", **FOOTER_LINK),
        spacing="0",
        font_size="0.9em",
        min_width="220px",
    )


def footer() -> rx.Component:
    """The footer of every page: legal links, the Mérignac and Bayonne offices, the legal notice."""
    return rx.el.footer(
        rx.vstack(
            rx.hstack(
                rx.link("Mentions légales", href=routes.LEGAL_NOTICE, **FOOTER_LINK),
                rx.text("•", aria_hidden="true", display=["none", "block"]),  # none alone on a phone
                rx.link("Protection des données personnelles", href=routes.PRIVACY, **FOOTER_LINK),
                spacing="2",
                wrap="wrap",
                justify="center",
            ),
            rx.flex(*[_office(*office) for office in OFFICES], gap="2em", wrap="wrap", justify="center"),
            rx.text(
                LEGAL_TEXT,
                font_size="0.75em",
                color=styles.ON_NAVY_MUTED,
                text_align="center",
                max_width="900px",
            ),
            align="center",
            spacing="4",
            padding="2em 1em",
            max_width=styles.PAGE_MAX_WIDTH,
            margin="0 auto",
        ),
        background=styles.NAVY_DARK,
        color="white",
        width="100%",
        margin_top="auto",
    )
