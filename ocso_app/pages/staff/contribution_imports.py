"""Import des bordereaux (Espace OCSO): the body every staff import shares (``components.csv_import``) for the
insurers' files of bordereaux de cotisations, which the employers then see on their Entreprise page."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.csv_import import ImportPage, import_page_body
from ocso_app.components.tables import Column
from ocso_app.services import contribution_csv
from ocso_app.state.staff.contribution_imports import UPLOAD_ID
from ocso_app.state.staff.contribution_imports import StaffContributionImportState as S
from ocso_app.templates import staff_page

PAGE = ImportPage(
    title="Import des bordereaux de cotisations",
    upload_id=UPLOAD_ID,
    layout=contribution_csv.LAYOUT,
    description=(
        "Une ligne par bordereau. Un bordereau nouveau est créé ; pour un bordereau déjà importé, un montant "
        "payé plus élevé enregistre le paiement reçu ; d'autres données (période, effectif, montant dû, "
        "échéance…) sont signalées en erreur et ne le modifient pas. Importer deux fois le même fichier "
        "n'ajoute rien. "
        "L'employeur voit aussitôt ses bordereaux et ce qu'il lui reste à régler."
    ),
    example_url=routes.API_STAFF_CONTRIBUTIONS_EXAMPLE.url(),
    problem_columns=(
        Column("Ligne", "line", header=True, nowrap=True),
        Column("Bordereau", "reference", nowrap=True),
        Column("Erreur", "message"),
    ),
    import_label="Importer les bordereaux valides",
)


@staff_page(route=routes.STAFF_IMPORT_CONTRIBUTIONS, title=PAGE.title, on_load=S.load)
def staff_contribution_import() -> rx.Component:
    """Import des bordereaux (staff)."""
    return import_page_body(PAGE, S)
