"""MON HISTORIQUE: the member's actions with DATE, TYPE ACTION, ACTION, INTERFACE; filters and pages."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, date_field, select_field
from ocso_app.components.tables import Column, data_table, pager
from ocso_app.state.member.history import HistoryState as S
from ocso_app.templates import member_page

COLUMNS = (
    Column("DATE", "date_label", nowrap=True),
    Column("TYPE ACTION", "event_type"),
    Column("ACTION", "action"),
    Column("INTERFACE", "interface"),
)


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.text("Période", font_weight="700", color=styles.NAVY),
            rx.box(date_field("Du", "start", id_="historique-start")),
            rx.box(date_field("Au", "end", id_="historique-end")),
            rx.box(
                select_field(
                    "Type d'action",
                    "event_type",
                    S.event_types,
                    id_="historique-type",
                    first=("", "Toutes les actions"),
                )
            ),
            rx.button("Rechercher", type="submit", size="3"),
            align="end",
            wrap="wrap",
            spacing="4",
        ),
        on_submit=S.search,
        width="100%",
    )


@member_page(route=routes.MEMBER_HISTORY, title="Mon historique", on_load=S.load)
def member_history() -> rx.Component:
    """Mon historique."""
    return rx.vstack(
        rx.heading("Mon historique", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Cette rubrique vous permet de suivre votre activité sur l'Espace Santé Assuré."),
        rx.box(_filters(), style=styles.CARD),
        banner(S.error),
        rx.vstack(
            rx.text(
                "Vos actions, et celles d'OCSO ou de votre employeur qui vous concernent.", font_weight="600"
            ),
            data_table(
                S.rows, COLUMNS, empty="Aucune action sur cette période.", size="1", label="Historique"
            ),
            pager(
                page=S.page,
                pages=S.pages,
                on_previous=S.previous_page,
                on_next=S.next_page,
                has_next=S.page < S.pages,
            ),
            style=styles.CARD,
        ),
        width="100%",
        spacing="4",
    )
