"""Accueil of the Espace Santé Assuré, as the guide's screen: Mes informations (with the carte de tiers
payant), Mes derniers envois, OCSO m'informe, Mes Remboursements, and "Besoin d'aide ?". All from the
database."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import CARD_PDF, download_link
from ocso_app.components.forfaits import forfaits_card
from ocso_app.components.member_info import member_info_card
from ocso_app.state.member.home import HomeState as S
from ocso_app.templates import member_page


def _block(title: str, *children: rx.Component, **props) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *children,
        style=styles.CARD,
        spacing="3",
        **props,
    )


def _dated(item: rx.Var, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.text(item["day"], font_weight="700", color=styles.NAVY, min_width="5.5em"),
        rx.text(item["label"], flex="1"),
        *extra,
        width="100%",
        align="center",
    )


def _sent(item: rx.Var) -> rx.Component:
    return _dated(item)


def _payment(item: rx.Var) -> rx.Component:
    return _dated(item, rx.text(item["amount"], font_weight="700"))


def _information() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes informations", as_="h2", size="4", color=styles.NAVY),
        member_info_card(),
        download_link("Télécharger carte de tiers payant", href=CARD_PDF, icon=True),
        rx.link("Envoyer ma carte à un professionnel de santé", href=routes.MEMBER_CARD, size="2"),
        spacing="3",
        width="100%",
    )


def _latest_requests() -> rx.Component:
    return _block(
        "Mes derniers envois",
        rx.cond(
            S.latest_requests.length() > 0,
            rx.vstack(rx.foreach(S.latest_requests, _sent), width="100%"),
            rx.text("Aucun envoi pour le moment.", color=styles.TEXT_MUTED),
        ),
        rx.link("Mes démarches", href=routes.MEMBER_REQUESTS, size="2"),
    )


def _news() -> rx.Component:
    return _block(
        "OCSO m'informe",
        rx.foreach(S.news, lambda n: rx.vstack(rx.text(n["title"], font_weight="700"), rx.text(n["body"]))),
        border_left=f"4px solid {styles.ORANGE}",
    )


def _payments() -> rx.Component:
    return _block(
        "Mes Remboursements",
        rx.cond(
            S.latest_payments.length() > 0,
            rx.vstack(rx.foreach(S.latest_payments, _payment), width="100%"),
            rx.text("Aucun remboursement pour le moment.", color=styles.TEXT_MUTED),
        ),
        rx.link("Voir tous mes remboursements", href=routes.MEMBER_REIMBURSEMENTS, font_weight="600"),
    )


@member_page(route=routes.MEMBER_HOME, title="Accueil", on_load=S.load)
def member_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Accueil", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.cond(
            S.portability != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("shield-check")),
                rx.callout.text(
                    S.portability,
                    " Envoyez votre attestation France Travail chaque mois depuis ",
                    rx.link("Mes démarches", href=routes.MEMBER_REQUESTS),
                    " (Envoi de document).",
                ),
                color_scheme="blue",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.grid(
            _information(),
            _latest_requests(),
            rx.vstack(_news(), _payments(), spacing="4", width="100%"),
            columns=rx.breakpoints(initial="1", md="2", lg="3"),
            spacing="4",
            width="100%",
        ),
        forfaits_card(S.forfaits, compact=True),
        rx.callout.root(
            rx.callout.icon(rx.icon("circle-help")),
            rx.callout.text(  # one <p>: a rx.text inside would nest paragraphs and break hydration
                "Besoin d'aide ? ",
                rx.link("Consultez nos réponses", href=routes.MEMBER_HELP),
                ", écrivez à ",
                rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
                " ou appelez le 05 56 34 36 66.",
            ),
            width="100%",
        ),
        width="100%",
        spacing="4",
    )
