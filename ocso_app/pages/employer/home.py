"""Accueil of the Espace Employeur: a welcome, the user's structures with their profile, and help."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.tables import Column, data_table
from ocso_app.state.employer.home import EmployerHomeState as S
from ocso_app.templates import employer_page

COLUMNS = (
    Column("Structure", "name", header=True),
    Column("SIREN", "siren", nowrap=True),
    Column("Profil", "profile"),
    Column("Rôle", "role"),
)


@employer_page(route=routes.EMPLOYER_HOME, title="Accueil", on_load=S.load)
def employer_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Accueil", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Bienvenue ", rx.text.strong(S.full_name), "."),
        rx.heading("Mes structures", as_="h2", size="4", color=styles.NAVY),
        rx.box(data_table(S.structures, COLUMNS, empty="Aucune structure."), style=styles.CARD),
        rx.text("Besoin d'aide ? ", rx.link("support@ocso.fr", href="mailto:support@ocso.fr")),
        width="100%",
        spacing="4",
    )
