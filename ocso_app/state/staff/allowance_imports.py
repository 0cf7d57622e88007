"""Import des indemnités journalières (Espace OCSO): the steps of every staff import (``csv_import``) for the
insurers' files of payments (``allowance_import``), checked again and written in one transaction."""

from __future__ import annotations

from ocso_app.services import allowance_csv, allowance_import
from ocso_app.services.staff_access import StaffAction
from ocso_app.state.staff.base import StaffState
from ocso_app.state.staff.csv_import import import_steps, previewed_by, written_at_once

UPLOAD_ID = "fichier-indemnites"

_STEPS = import_steps(
    StaffAction.IMPORT_ALLOWANCES,
    max_bytes=allowance_csv.MAX_BYTES,
    preview=previewed_by(allowance_import.analyse),
    importer=written_at_once(allowance_import.analyse, allowance_import.write),
)


class StaffAllowanceImportState(_STEPS, StaffState):
    """Import des indemnités journalières."""
