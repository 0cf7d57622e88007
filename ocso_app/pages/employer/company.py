"""Entreprise: the régimes in force (santé, prévoyance) with their options, guarantee tables and documents,
why some contracts are missing, and the bordereaux de cotisations for the profiles that see them
(``#bordereaux`` scrolls to them once drawn)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.effects import scroll_to_anchor
from ocso_app.components.facts import fact, guarantee_line
from ocso_app.components.forms import banner
from ocso_app.state.employer.company import CONTRIBUTIONS_ANCHOR
from ocso_app.state.employer.company import CompanyState as S
from ocso_app.templates import employer_page


def _option(option: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(option.label, as_="h4", size="3", color=styles.NAVY),
            rx.badge(option.kind_label, variant="soft"),
            align="center",
            wrap="wrap",
        ),
        rx.text("Cotisation mensuelle : ", rx.text.strong(option.monthly_label)),
        rx.vstack(rx.foreach(option.guarantees, guarantee_line), spacing="0", width="100%"),
        padding="0.9em",
        border=f"1px solid {styles.RULE}",
        border_radius="8px",
        spacing="2",
        width="100%",
    )


def _document(document: rx.Var) -> rx.Component:
    return rx.hstack(
        download_link(document.title, href=document.url, icon=True),
        rx.text("publié le ", document.date_label, color=styles.TEXT_MUTED, size="2"),
        align="center",
        wrap="wrap",
    )


def _contract(contract: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(contract.label, as_="h3", size="4", color=styles.NAVY),
            rx.badge("n° ", contract.number, variant="outline"),
            align="center",
            wrap="wrap",
        ),
        rx.grid(
            fact("Structure", contract.structure),
            fact("Organisme assureur", contract.insurer),
            fact("Catégorie de personnel", contract.category),
            fact("Part employeur", contract.employer_share_label),
            fact("Date d'effet", contract.start_label),
            fact("Date de fin", contract.end_label),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing_x="5",
            spacing_y="1",
            width="100%",
        ),
        rx.grid(
            rx.foreach(contract.options, _option),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            contract.documents.length() > 0,
            rx.vstack(
                rx.heading("Descriptifs de garanties et notices d'information", as_="h4", size="3"),
                rx.foreach(contract.documents, _document),
                spacing="2",
            ),
            rx.text("Aucun document n'est encore rattaché à ce contrat.", color=styles.TEXT_MUTED),
        ),
        style=styles.CARD,
        spacing="3",
    )


def _structure(structure: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(structure.name, font_weight="700", color=styles.NAVY),
        fact("N° client", structure.client_number),
        fact("SIREN", structure.siren),
        fact("Adresse", structure.address),
        fact("Téléphone", structure.phone),
        style=styles.CARD,
        spacing="1",
        width="100%",
    )


def _coordinates() -> rx.Component:
    """What OCSO holds; a change goes through Démarches, where OCSO applies it."""
    return rx.vstack(
        rx.heading("Coordonnées", as_="h2", size="5", color=styles.NAVY),
        rx.text(
            "Pour les modifier : Démarches › Coordonnées de l'entreprise.", color=styles.TEXT_MUTED, size="2"
        ),
        rx.foreach(S.structures, _structure),
        spacing="3",
        width="100%",
        id="coordonnees",
    )


def _regimes(title: str, contracts: rx.Var, empty: str) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="5", color=styles.NAVY),
        rx.cond(
            contracts.length() > 0,
            rx.foreach(contracts, _contract),
            rx.text(empty, color=styles.TEXT_MUTED),
        ),
        spacing="3",
        width="100%",
    )


def _contribution(row: rx.Var) -> rx.Component:
    """A bordereau as a wrapping row: the period and status, then the amounts."""
    return rx.vstack(
        rx.hstack(
            rx.text(row.period, font_weight="700"),
            rx.badge(
                row.status,
                color_scheme=rx.match(row.status, ("Réglé", "green"), ("En retard", "red"), "orange"),
                variant="soft",
            ),
            rx.text("Contrat n° ", row.contract, " – ", row.structure, color=styles.TEXT_MUTED, size="2"),
            align="center",
            wrap="wrap",
        ),
        rx.hstack(
            rx.text("Effectif ", rx.text.strong(row.headcount)),
            rx.text("Montant dû ", rx.text.strong(row.due)),
            rx.text("Réglé ", rx.text.strong(row.paid)),
            rx.text("Reste à régler ", rx.text.strong(row.remaining)),
            rx.text("Échéance ", rx.text.strong(row.due_on)),
            rx.text("Réf. ", row.reference, color=styles.TEXT_MUTED),
            wrap="wrap",
            spacing_x="4",
            spacing_y="1",
            size="2",
        ),
        border_bottom=f"1px solid {styles.RULE}",
        padding_y="0.6em",
        spacing="1",
        width="100%",
    )


def _contributions() -> rx.Component:
    totals = S.contribution_totals
    return rx.vstack(
        rx.heading("Bordereaux de cotisations", as_="h2", size="5", color=styles.NAVY),
        rx.text(
            "Les bordereaux des 24 derniers mois et ceux qui restent à régler, "
            "du plus récent au plus ancien.",
            color=styles.TEXT_MUTED,
        ),
        rx.cond(
            S.contributions.length() > 0,
            rx.vstack(
                rx.vstack(rx.foreach(S.contributions, _contribution), spacing="0", width="100%"),
                rx.grid(
                    fact("Total dû", totals["due"]),
                    fact("Total réglé", totals["paid"]),
                    fact("Reste à régler", totals["remaining"]),
                    columns=rx.breakpoints(initial="1", md="3"),
                    width="100%",
                ),
                width="100%",
                spacing="3",
            ),
            rx.text("Aucun bordereau sur cette période.", color=styles.TEXT_MUTED),
        ),
        rx.link("Régler un bordereau : rubrique Démarches", href=routes.EMPLOYER_REQUESTS),
        style=styles.CARD,
        spacing="3",
        id=CONTRIBUTIONS_ANCHOR,
    )


@employer_page(route=routes.EMPLOYER_COMPANY, title="Entreprise", on_load=S.load)
def employer_company() -> rx.Component:
    """Entreprise."""
    return rx.vstack(
        rx.heading("Entreprise", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Consultez, pour vos régimes en cours, les descriptifs de garanties et les notices d'information "
            "qui y sont rattachées."
        ),
        banner(S.unsigned_notice, tone="info"),
        _regimes("Santé", S.health, "Aucun régime santé en cours."),
        _regimes("Prévoyance", S.provident, "Aucun régime prévoyance en cours."),
        rx.cond(S.shows_contributions, _contributions(), rx.fragment()),
        _coordinates(),
        scroll_to_anchor(S.shows_contributions),  # Accueil's « Cotisations dues » opens #bordereaux
        width="100%",
        spacing="5",
    )
