"""« Exporter » of Mes salarié(e)s: two download links (Excel, CSV) to the export route, for the structure
chosen in the header (``?structure=ID``) or all of the caller's structures."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes, styles
from ocso_app.api.guard import STRUCTURE_QUERY
from ocso_app.components.downloads import download_link
from ocso_app.state.employer.base import ALL_STRUCTURES, EmployerState


def _href(extension: str) -> rx.Var:
    return _narrowed(routes.API_EMPLOYER_STAFF_EXPORT.url(format=extension))


def _narrowed(base: str) -> rx.Var:
    """``base`` for the structure chosen in the header, or all of the caller's."""
    chosen = EmployerState.current_structure
    return rx.cond(chosen == ALL_STRUCTURES, base, f"{base}?{STRUCTURE_QUERY}=" + chosen)


def export_buttons() -> rx.Component:
    """« Exporter la liste : Excel (.xlsx) · CSV (.csv) », the whole list whatever the page's filters."""
    return rx.hstack(
        rx.text("Exporter la liste complète (sans les filtres) :", color=styles.TEXT_MUTED, size="2"),
        *[
            download_link(label, href=_href(extension), icon=True, aria_label=f"Exporter la liste en {name}")
            for label, extension, name in (("Excel (.xlsx)", "xlsx", "Excel"), ("CSV (.csv)", "csv", "CSV"))
        ],
        align="center",
        spacing="3",
        wrap="wrap",
    )


def dispense_register_link() -> rx.Component:
    """« Registre des dispenses (.zip) »: every dispense and its proof, for an URSSAF audit."""
    return download_link(
        "Registre des dispenses (.zip)",
        href=_narrowed(routes.API_EMPLOYER_DISPENSE_REGISTER.url()),
        icon=True,
        aria_label="Télécharger le registre des dispenses et leurs justificatifs",
    )
