"""MON HISTORIQUE: the member's actions with DATE, TYPE ACTION, ACTION, INTERFACE; filters and pages."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner
from ocso_app.state.history import HistoryState
from ocso_app.templates import member_page

SELECT_STYLE = {
    "padding": "0.5em",
    "border": "1px solid #c4cdd9",
    "border_radius": "6px",
    "background": "white",
}


def _date_input(label: str, name: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"historique-{name}", font_weight="600"),
        rx.input(id=f"historique-{name}", name=name, type="date", size="2"),
        spacing="1",
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.text("Période", font_weight="700", color=styles.NAVY),
            _date_input("Du", "start"),
            _date_input("Au", "end"),
            rx.vstack(
                rx.el.label("Type d'action", html_for="historique-type", font_weight="600"),
                rx.el.select(
                    rx.el.option("Toutes les actions", value=""),
                    rx.foreach(HistoryState.event_types, lambda t: rx.el.option(t, value=t)),
                    id="historique-type",
                    name="event_type",
                    style=SELECT_STYLE,
                ),
                spacing="1",
            ),
            rx.button("Rechercher", type="submit"),
            align="end",
            wrap="wrap",
            spacing="4",
        ),
        on_submit=HistoryState.search,
        width="100%",
    )


def _cell(value, **props) -> rx.Component:
    return rx.table.cell(value, **props)


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("DATE", "TYPE ACTION", "ACTION", "INTERFACE")]
                )
            ),
            rx.table.body(
                rx.foreach(
                    HistoryState.rows,
                    lambda r: rx.table.row(
                        _cell(r.date_label, white_space="nowrap"),
                        _cell(r.event_type),
                        _cell(r.action),
                        _cell(r.interface),
                    ),
                )
            ),
            width="100%",
            size="1",
        ),
        overflow_x="auto",
        width="100%",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            "Précédent", on_click=HistoryState.previous_page, disabled=HistoryState.page <= 1, variant="soft"
        ),
        rx.text("Page ", HistoryState.page, " sur ", HistoryState.pages),
        rx.button(
            "Suivant",
            on_click=HistoryState.next_page,
            disabled=HistoryState.page >= HistoryState.pages,
            variant="soft",
        ),
        align="center",
        justify="center",
        width="100%",
    )


@member_page(route=routes.MEMBER_HISTORY, title="Mon historique", on_load=HistoryState.load)
def member_history() -> rx.Component:
    """Mon historique."""
    return rx.vstack(
        rx.heading("Mon historique", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Cette rubrique vous permet de suivre votre activité sur l'Espace Santé Assuré."),
        rx.box(_filters(), style=styles.CARD),
        banner(HistoryState.error),
        rx.vstack(
            rx.text("Historique de vos actions.", font_weight="600"),
            rx.cond(
                HistoryState.total > 0,
                _table(),
                rx.text("Aucune action sur cette période.", color=styles.TEXT_MUTED),
            ),
            _pager(),
            style=styles.CARD,
        ),
        width="100%",
        spacing="4",
    )
