"""Import des indemnités journalières (Espace OCSO): the body every staff import shares
(``components.csv_import``) for the insurers' files of payments, which the employers then see in
« Indemnités journalières »."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.csv_import import ImportPage, import_page_body
from ocso_app.components.tables import Column
from ocso_app.services import allowance_csv
from ocso_app.state.staff.allowance_imports import UPLOAD_ID
from ocso_app.state.staff.allowance_imports import StaffAllowanceImportState as S
from ocso_app.templates import staff_page

PAGE = ImportPage(
    title="Import des indemnités journalières",
    upload_id=UPLOAD_ID,
    layout=allowance_csv.LAYOUT,
    description=(
        "Une ligne par paiement d'indemnités journalières ; les lignes d'un même arrêt de travail portent "
        "sa référence et le décrivent de la même façon. Le salarié est désigné par son numéro d'adhérent "
        "ou, s'il n'en a pas (dispensé du régime santé), par son numéro de sécurité sociale, jamais "
        "réaffiché ; il doit être inscrit au contrat de prévoyance le premier jour de l'arrêt. Un arrêt "
        "nouveau est créé ; la fin d'un arrêt connu est enregistrée quand le fichier la donne. Un "
        "paiement déjà importé à l'identique est ignoré : importer deux fois le même fichier n'ajoute "
        "rien ; déjà importé avec d'autres montants ou une autre période, il est signalé en erreur et "
        "n'est pas modifié ; de même un arrêt déjà enregistré avec un autre motif ou une autre franchise. "
        "L'employeur voit aussitôt les paiements importés."
    ),
    example_url=routes.API_STAFF_ALLOWANCES_EXAMPLE.url(),
    problem_columns=(
        Column("Ligne", "line", header=True, nowrap=True),
        Column("Arrêt", "reference", nowrap=True),
        Column("Erreur", "message"),
    ),
    import_label="Importer les paiements valides",
)


@staff_page(route=routes.STAFF_IMPORT_ALLOWANCES, title=PAGE.title, on_load=S.load)
def staff_allowance_import() -> rx.Component:
    """Import des indemnités journalières (staff)."""
    return import_page_body(PAGE, S)
