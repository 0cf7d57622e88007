"""The staff content routes: the décomptes file template of « Import des décomptes » (Espace OCSO).

Guarded like every staff route (``staff_route``): a fully logged-in staff account whose role may import
décomptes; anybody else gets 401, another role 404.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ocso_app.api.guard import private_file, staff_route
from ocso_app.services import statement_csv
from ocso_app.services.staff_access import StaffAction, StaffCaller

NOT_FOUND = "Modèle introuvable."
EXAMPLE_NAME = "modele-import-decomptes.csv"


def _example(_session: Session, _caller: StaffCaller, _request: Request) -> Response | None:
    """GET the documented example file (UTF-8 with BOM, so that Excel reads its accents)."""
    return private_file(("\ufeff" + statement_csv.EXAMPLE).encode(), "text/csv; charset=utf-8", EXAMPLE_NAME)


import_example = staff_route(StaffAction.IMPORT_STATEMENTS, _example, not_found=NOT_FOUND)
