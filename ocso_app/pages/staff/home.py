"""Accueil of the Espace OCSO: the connected collaborator and their role."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.state.staff.home import StaffHomeState
from ocso_app.templates import staff_page


@staff_page(route=routes.STAFF_HOME, title="Espace OCSO", on_load=StaffHomeState.load)
def staff_home() -> rx.Component:
    """Accueil (staff)."""
    return rx.vstack(
        rx.heading("Espace OCSO", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.box(
            rx.text("Connecté : ", rx.text.strong(StaffHomeState.user_name)),
            rx.text("Rôle : ", rx.text.strong(StaffHomeState.role_label)),
            style=styles.CARD,
        ),
        width="100%",
        spacing="4",
    )
