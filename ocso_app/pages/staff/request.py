"""One démarche (Espace OCSO): who sent it and when, its content and files, the messages; take it,
answer, change its status, apply what it asks to the file."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner
from ocso_app.components.staff_request import apply_form, content, messages, status_form, summary
from ocso_app.state.staff.request import StaffRequestState as S
from ocso_app.templates import staff_page


@staff_page(route=routes.STAFF_REQUEST, title="Démarche", on_load=S.load, menu_route=routes.STAFF_QUEUE)
def staff_request() -> rx.Component:
    """Démarche (staff)."""
    return rx.vstack(
        rx.link("← Démarches à traiter", href=routes.STAFF_QUEUE),
        banner(S.error),
        banner(S.info, tone="success"),
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(
                    "Démarche n° ",
                    S.file["id"],
                    " — ",
                    S.file["kind"],
                    as_="h1",
                    size="6",
                    style=styles.SECTION_TITLE,
                ),
                rx.text(S.file["subject"], font_weight="600"),
                rx.grid(
                    rx.vstack(summary(), content(), spacing="4", width="100%"),
                    rx.vstack(apply_form(), messages(), status_form(), spacing="4", width="100%"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            # none found (a wrong or missing number): the page keeps its title
            rx.heading("Démarche", as_="h1", size="6", style=styles.SECTION_TITLE),
        ),
        width="100%",
        spacing="4",
    )
