"""The body of a staff import page (décomptes, indemnités journalières, bordereaux de cotisations): the
format in a few words with its template, the file picker, the preview (summary, each wrong line with its
reasons), « Importer » and the result. The page's state is made by ``state.staff.csv_import.import_steps``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import styles
from ocso_app.components.downloads import download_link
from ocso_app.components.forms import banner, one_file_picker
from ocso_app.components.tables import Column, data_table
from ocso_app.services.csv_files import Layout


@dataclass(frozen=True)
class ImportPage:
    """What differs between two import pages."""

    title: str
    upload_id: str
    layout: Layout
    description: str  # the file in a sentence or two
    example_url: str
    problem_columns: tuple[Column, ...]  # « Ligne » and the line's key, then « Erreur »
    import_label: str


def _format(page: ImportPage) -> rx.Component:
    return rx.vstack(
        rx.heading("Le fichier", as_="h2", size="4", color=styles.NAVY),
        rx.text(
            "Un fichier CSV en UTF-8, colonnes séparées par des points-virgules ; la première ligne nomme "
            "les colonnes. " + page.description,
        ),
        rx.text("Colonnes obligatoires : ", rx.code(", ".join(page.layout.required)), "."),
        rx.text("Colonnes facultatives : ", rx.code(", ".join(page.layout.optional)), "."),
        download_link("Télécharger le modèle (CSV)", href=page.example_url, icon=True),
        style=styles.CARD,
        width="100%",
        spacing="2",
    )


def _picker(page: ImportPage, state: Any) -> rx.Component:
    return rx.vstack(
        one_file_picker(
            page.upload_id,
            f"CSV, {page.layout.max_bytes // (1024 * 1024)} Mo au plus.",
            name=page.title,
            accept={"text/csv": [".csv"], "text/plain": [".txt"]},
            icon="file-spreadsheet",
            max_bytes=page.layout.max_bytes,
        ),
        rx.button(
            "Vérifier le fichier",
            on_click=[
                state.upload(rx.upload_files(upload_id=page.upload_id)),
                rx.clear_selected_files(page.upload_id),
            ],
            size="3",
            loading=state.busy,
        ),
        style=styles.CARD,
        width="100%",
        spacing="3",
    )


def _preview(page: ImportPage, state: Any) -> rx.Component:
    return rx.cond(
        state.file_name != "",
        rx.vstack(
            rx.heading("Aperçu de « ", state.file_name, " »", as_="h2", size="4", color=styles.NAVY),
            rx.text(state.summary, font_weight="600", data_testid="import-summary"),
            rx.text(state.problems_note),
            rx.cond(state.problems.length() > 0, data_table(state.problems, page.problem_columns, empty="")),
            rx.hstack(
                rx.cond(
                    state.can_import,
                    rx.button(
                        page.import_label,
                        on_click=state.run_import,
                        size="3",
                        loading=state.busy,
                    ),
                    rx.text("Rien à importer dans ce fichier.", color=styles.TEXT_MUTED),
                ),
                rx.button("Annuler", on_click=state.cancel, variant="soft", size="3"),
                spacing="3",
            ),
            style=styles.CARD,
            width="100%",
            spacing="3",
        ),
        rx.fragment(),
    )


def import_page_body(page: ImportPage, state: Any) -> rx.Component:
    """The whole page under its title."""
    return rx.vstack(
        rx.heading(page.title, as_="h1", size="6", style=styles.SECTION_TITLE),
        _format(page),
        _picker(page, state),
        banner(state.error),
        banner(state.result, tone="success"),
        _preview(page, state),
        width="100%",
        spacing="4",
    )
