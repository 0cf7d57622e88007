"""Links to the protected file routes (PDFs, documents): real requests, not client-side routing."""

import reflex as rx

CARD_PDF = "/api/assure/carte-tiers-payant.pdf"

DOWNLOAD_STYLE = {
    "display": "inline-flex",
    "align_items": "center",
    "gap": "0.4em",
    "font_weight": "600",
    "color": "var(--accent-11)",
    "text_decoration": "underline",
}


def download_link(*children, href, **props) -> rx.Component:
    """A plain ``<a download>`` to a route under ``/api`` (the router would otherwise show its 404)."""
    return rx.el.a(*children, href=href, download="", reload_document=True, style=DOWNLOAD_STYLE, **props)
