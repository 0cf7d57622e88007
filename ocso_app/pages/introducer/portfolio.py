"""Mon portefeuille: the introducer's own companies, their signed contracts and insured headcount."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.state.introducer import PortfolioState
from ocso_app.templates import introducer_page

COLUMNS = ["Entreprise", "SIREN", "N° client", "Ville", "Depuis", "Santé", "Prévoyance", "Assurés"]


def _row(company: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(company["name"]),
        rx.table.cell(company["siren"]),
        rx.table.cell(company["client_number"]),
        rx.table.cell(company["city"]),
        rx.table.cell(company["since"]),
        rx.table.cell(company["health_contracts"]),
        rx.table.cell(company["provident_contracts"]),
        rx.table.cell(company["insured_employees"]),
    )


@introducer_page(route=routes.INTRODUCER_HOME, title="Mon portefeuille", on_load=PortfolioState.load)
def introducer_portfolio() -> rx.Component:
    """Mon portefeuille."""
    return rx.vstack(
        rx.heading("Mon portefeuille", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.box(
            rx.cond(
                PortfolioState.companies.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
                    rx.table.body(rx.foreach(PortfolioState.companies, _row)),
                    width="100%",
                ),
                rx.text("Aucune entreprise dans votre portefeuille pour le moment."),
            ),
            style=styles.CARD,
            overflow_x="auto",
        ),
        width="100%",
        spacing="4",
    )
