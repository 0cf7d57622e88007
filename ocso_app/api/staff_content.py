"""The staff content routes: the file templates of « Import des décomptes », « Import des indemnités
journalières » and « Import des bordereaux » (Espace OCSO).

Guarded like every staff route (``staff_route``): a fully logged-in staff account whose role may do that
import; anybody else gets 401, another role 404.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import private_file, staff_route
from ocso_app.services import allowance_csv, contribution_csv, statement_csv
from ocso_app.services.staff_access import StaffAction, StaffCaller

NOT_FOUND = "Modèle introuvable."


def _example(text: str, name: str):
    def send(_session: Session, _caller: StaffCaller, _request: Request) -> Response | None:
        """GET the documented example file (UTF-8 with BOM, so that Excel reads its accents)."""
        return private_file(("\ufeff" + text).encode(), "text/csv; charset=utf-8", name)

    return send


import_example = staff_route(
    StaffAction.IMPORT_STATEMENTS,
    _example(statement_csv.EXAMPLE, "modele-import-decomptes.csv"),
    not_found=NOT_FOUND,
)
allowances_example = staff_route(
    StaffAction.IMPORT_ALLOWANCES,
    _example(allowance_csv.EXAMPLE, "modele-import-indemnites-journalieres.csv"),
    not_found=NOT_FOUND,
)
contributions_example = staff_route(
    StaffAction.IMPORT_CONTRIBUTIONS,
    _example(contribution_csv.EXAMPLE, "modele-import-bordereaux.csv"),
    not_found=NOT_FOUND,
)
