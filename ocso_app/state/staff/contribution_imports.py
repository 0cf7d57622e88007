"""Import des bordereaux (Espace OCSO): the steps of every staff import (``csv_import``) for the insurers'
files of bordereaux de cotisations (``contribution_import``), checked again and written in one transaction."""

from __future__ import annotations

from ocso_app.services import contribution_csv, contribution_import
from ocso_app.services.staff_access import StaffAction
from ocso_app.state.staff.base import StaffState
from ocso_app.state.staff.csv_import import import_steps, previewed_by, written_at_once

UPLOAD_ID = "fichier-bordereaux"

_STEPS = import_steps(
    StaffAction.IMPORT_CONTRIBUTIONS,
    max_bytes=contribution_csv.MAX_BYTES,
    preview=previewed_by(contribution_import.analyse),
    importer=written_at_once(contribution_import.analyse, contribution_import.write),
)


class StaffContributionImportState(_STEPS, StaffState):
    """Import des bordereaux."""
