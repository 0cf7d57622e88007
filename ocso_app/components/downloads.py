"""The one download link of the portal, to a protected file route (PDFs, documents): a real request that
the route answers after checking the session, not client-side routing; and the row of a list of documents."""

import reflex as rx

from ocso_app import routes, styles

CARD_PDF = routes.API_MEMBER_CARD_PDF.url()

DOWNLOAD_STYLE = {
    "display": "inline-flex",
    "align_items": "center",
    "gap": "0.4em",
    "font_weight": "600",
    "color": "var(--accent-11)",
    "text_decoration": "underline",
}


def download_link(*children, href, icon: bool = False, **props) -> rx.Component:
    """A plain ``<a download>`` to a route under ``/api`` (the router would otherwise show its 404);
    ``icon`` puts the download icon first."""
    leading = [rx.icon("download", size=16)] if icon else []
    return rx.el.a(
        *leading, *children, href=href, download="", reload_document=True, style=DOWNLOAD_STYLE, **props
    )


def document_row(day: rx.Var, link: rx.Component, detail: rx.Var, *actions: rx.Component) -> rx.Component:
    """A document of a list: its date, its link with a grey ``detail`` line under it, then ``actions``."""
    return rx.hstack(
        rx.text(day, color=styles.TEXT_MUTED, min_width="6.5em"),
        rx.vstack(link, rx.text(detail, color=styles.TEXT_MUTED, size="2"), spacing="0", flex="1"),
        *actions,
        align="start",
        wrap="wrap",
        width="100%",
        padding_y="0.4em",
        border_bottom=f"1px solid {styles.RULE}",
    )
