"""The one download link of the portal, to a protected file route (PDFs, documents): a real request that
the route answers after checking the session, not client-side routing."""

import reflex as rx

from ocso_app import routes

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
