"""Import des décomptes (Espace OCSO): the body every staff import shares (``components.csv_import``) for
the décomptes file."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.csv_import import ImportPage, import_page_body
from ocso_app.components.tables import Column
from ocso_app.services import statement_csv
from ocso_app.state.staff.imports import UPLOAD_ID
from ocso_app.state.staff.imports import StaffImportState as S
from ocso_app.templates import staff_page

PAGE = ImportPage(
    title="Import des décomptes",
    upload_id=UPLOAD_ID,
    layout=statement_csv.LAYOUT,
    description=(
        "Une ligne par acte ; les lignes d'un même décompte portent son numéro. Un décompte déjà importé à "
        "l'identique est ignoré : importer deux fois le même fichier n'ajoute rien. Déjà importé avec "
        "d'autres montants ou d'autres actes, il est signalé en erreur et n'est pas modifié."
    ),
    example_url=routes.API_STAFF_IMPORT_EXAMPLE.url(),
    problem_columns=(
        Column("Ligne", "line", header=True, nowrap=True),
        Column("N° de décompte", "statement", nowrap=True),
        Column("Erreur", "message"),
    ),
    import_label="Importer les décomptes valides",
)


@staff_page(route=routes.STAFF_IMPORT, title=PAGE.title, on_load=S.load)
def staff_import() -> rx.Component:
    """Import des décomptes (staff)."""
    return import_page_body(PAGE, S)
