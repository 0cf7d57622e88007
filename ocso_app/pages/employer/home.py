"""Accueil of the Espace Employeur: the user's structures and their profile on each."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.state.employer import EmployerHomeState
from ocso_app.templates import employer_page


def _structure_row(structure: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(structure["name"]),
        rx.table.cell(structure["siren"]),
        rx.table.cell(structure["profile"]),
        rx.table.cell(structure["role"]),
    )


@employer_page(route=routes.EMPLOYER_HOME, title="Accueil", on_load=EmployerHomeState.load)
def employer_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Accueil", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Bienvenue ", rx.text.strong(EmployerHomeState.full_name), "."),
        rx.heading("Mes structures", as_="h2", size="4", color=styles.NAVY),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Structure"),
                        rx.table.column_header_cell("SIREN"),
                        rx.table.column_header_cell("Profil"),
                        rx.table.column_header_cell("Rôle"),
                    )
                ),
                rx.table.body(rx.foreach(EmployerHomeState.structures, _structure_row)),
                width="100%",
            ),
            style=styles.CARD,
            width="100%",
            overflow_x="auto",
        ),
        rx.text("Besoin d'aide ? ", rx.link("support@ocso.fr", href="mailto:support@ocso.fr")),
        width="100%",
        spacing="4",
    )
