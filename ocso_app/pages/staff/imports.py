"""Import des décomptes (Espace OCSO): the format in a few words and its template, the file picker, the
preview (summary, each wrong line with its reasons), « Importer » and the result."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.forms import banner, one_file_picker
from ocso_app.components.tables import Column, data_table
from ocso_app.services import statement_csv
from ocso_app.state.staff.imports import UPLOAD_ID
from ocso_app.state.staff.imports import StaffImportState as S
from ocso_app.templates import staff_page

EXAMPLE_URL = routes.API_STAFF_IMPORT_EXAMPLE.url()
MAX_MB = statement_csv.MAX_BYTES // (1024 * 1024)
PROBLEM_COLUMNS = (
    Column("Ligne", "line", header=True, nowrap=True),
    Column("N° de décompte", "statement", nowrap=True),
    Column("Erreur", "message"),
)


def _format() -> rx.Component:
    return rx.vstack(
        rx.heading("Le fichier", as_="h2", size="4", color=styles.NAVY),
        rx.text(
            "Un fichier CSV en UTF-8, colonnes séparées par des points-virgules, une ligne par acte ; la "
            "première ligne nomme les colonnes. Les lignes d'un même décompte portent son numéro. Un numéro "
            "déjà importé est ignoré : importer deux fois le même fichier n'ajoute rien.",
        ),
        rx.text("Colonnes obligatoires : ", rx.code(", ".join(statement_csv.REQUIRED)), "."),
        rx.text("Colonnes facultatives : ", rx.code(", ".join(statement_csv.OPTIONAL)), "."),
        download_link("Télécharger le modèle (CSV)", href=EXAMPLE_URL, icon=True),
        style=styles.CARD,
        width="100%",
        spacing="2",
    )


def _picker() -> rx.Component:
    return rx.vstack(
        one_file_picker(
            UPLOAD_ID,
            f"CSV, {MAX_MB} Mo au plus.",
            accept={"text/csv": [".csv"], "text/plain": [".txt"]},
            icon="file-spreadsheet",
        ),
        rx.button(
            "Vérifier le fichier",
            on_click=[
                S.start,
                S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                rx.clear_selected_files(UPLOAD_ID),
            ],
            size="3",
            loading=S.busy,
        ),
        style=styles.CARD,
        width="100%",
        spacing="3",
    )


def _preview() -> rx.Component:
    return rx.cond(
        S.file_name != "",
        rx.vstack(
            rx.heading("Aperçu de « ", S.file_name, " »", as_="h2", size="4", color=styles.NAVY),
            rx.text(S.summary, font_weight="600", data_testid="import-summary"),
            rx.text(S.problems_note),
            rx.cond(S.problems.length() > 0, data_table(S.problems, PROBLEM_COLUMNS, empty="")),
            rx.hstack(
                rx.cond(
                    S.can_import,
                    rx.button(
                        "Importer les décomptes valides",
                        on_click=[S.start, S.run_import],
                        size="3",
                        loading=S.busy,
                    ),
                    rx.text("Rien à importer dans ce fichier.", color=styles.TEXT_MUTED),
                ),
                rx.button("Annuler", on_click=S.cancel, variant="soft", size="3"),
                spacing="3",
            ),
            style=styles.CARD,
            width="100%",
            spacing="3",
        ),
        rx.fragment(),
    )


@staff_page(route=routes.STAFF_IMPORT, title="Import des décomptes", on_load=S.load)
def staff_import() -> rx.Component:
    """Import des décomptes (staff)."""
    return rx.vstack(
        rx.heading("Import des décomptes", as_="h1", size="6", style=styles.SECTION_TITLE),
        _format(),
        _picker(),
        banner(S.error),
        banner(S.result, tone="success"),
        _preview(),
        width="100%",
        spacing="4",
    )
