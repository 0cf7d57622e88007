"""Mon portefeuille: the introducer's own companies, their signed contracts and insured headcount."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.tables import Column, data_table
from ocso_app.state.introducer.portfolio import PortfolioState as S
from ocso_app.templates import introducer_page

COLUMNS = (
    Column("Entreprise", "name", header=True),
    Column("SIREN", "siren", nowrap=True),
    Column("N° client", "client_number"),
    Column("Ville", "city"),
    Column("Depuis", "since", nowrap=True),
    Column("Santé", "health_contracts"),
    Column("Prévoyance", "provident_contracts"),
    Column("Assurés", "insured_employees"),
)


@introducer_page(route=routes.INTRODUCER_HOME, title="Mon portefeuille", on_load=S.load)
def introducer_portfolio() -> rx.Component:
    """Mon portefeuille."""
    return rx.vstack(
        rx.heading("Mon portefeuille", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.box(
            data_table(
                S.companies, COLUMNS, empty="Aucune entreprise dans votre portefeuille pour le moment."
            ),
            style=styles.CARD,
        ),
        width="100%",
        spacing="4",
    )
