"""ACTUALITÉS: OCSO's news for members, newest first (the current ones also feed "OCSO m'informe")."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.state.member.news import NewsState
from ocso_app.templates import member_page


def _item(item) -> rx.Component:
    return rx.vstack(
        rx.text(item.published_on, size="2", color=styles.TEXT_MUTED),
        rx.heading(item.title, as_="h2", size="4", color=rx.cond(item.is_alert, styles.DANGER, styles.NAVY)),
        rx.text(item.body, white_space="pre-line"),
        style=styles.CARD,
        border_left=rx.cond(item.is_alert, f"4px solid {styles.DANGER}", f"4px solid {styles.NAVY}"),
        spacing="2",
    )


@member_page(route=routes.MEMBER_NEWS, title="Actualités", on_load=NewsState.load)
def member_news() -> rx.Component:
    """Actualités."""
    return rx.vstack(
        rx.heading("Actualités", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.cond(
            NewsState.items.length() > 0,
            rx.foreach(NewsState.items, _item),
            rx.text("Aucune actualité pour le moment.", color=styles.TEXT_MUTED),
        ),
        width="100%",
        spacing="3",
    )
