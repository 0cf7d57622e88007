"""Accueil of the Espace OCSO: the connected collaborator, their role, and the démarches waiting on their
desks."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.facts import fact
from ocso_app.services.requests import queue
from ocso_app.state.staff.home import StaffHomeState
from ocso_app.state.staff.queue import STATUS_PARAMETER
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
        rx.cond(
            StaffHomeState.backlog.contains("open"),
            rx.vstack(
                rx.heading("Démarches de vos services", as_="h2", size="4", color=styles.NAVY),
                fact("À traiter", StaffHomeState.backlog["open"]),
                fact("Délai cible dépassé", StaffHomeState.backlog["late"]),
                fact("Non prises en charge", StaffHomeState.backlog["unassigned"]),
                fact("Réponse reçue de l'expéditeur", StaffHomeState.backlog["replied"]),
                rx.link("Ouvrir la file des démarches", href=routes.STAFF_QUEUE, font_weight="600"),
                rx.link(
                    "Voir les réponses reçues",
                    href=f"{routes.STAFF_QUEUE}?{STATUS_PARAMETER}={queue.REPLIED}",
                    font_weight="600",
                ),
                spacing="2",
                style=styles.CARD,
            ),
            rx.fragment(),
        ),
        width="100%",
        spacing="4",
    )
