"""Import des indemnités journalières (Espace OCSO): the steps of every staff import (``csv_import``) for the
insurers' files of payments (``allowance_import``), in one transaction per file."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import allowance_csv, allowance_import, uploads
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.state.staff.csv_import import CsvImport

UPLOAD_ID = "fichier-indemnites"
ACTION = StaffAction.IMPORT_ALLOWANCES


def _preview(content: bytes, name: str) -> allowance_import.Preview:
    with db_session() as session:
        return allowance_import.analyse(session, content=content, file_name=name, today=date.today()).preview


def _importer(staff: StaffCaller):
    def write(storage_key: str, name: str) -> allowance_import.ImportResult:
        content, today = uploads.read_stored(storage_key), date.today()
        with db_session() as session:
            analysis = allowance_import.analyse(session, content=content, file_name=name, today=today)
            return allowance_import.write(session, analysis=analysis, actor=staff.actor(), today=today)

    return write


class StaffAllowanceImportState(CsvImport, StaffState):
    """Import des indemnités journalières."""

    @staff_event(ACTION, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the page empty."""
        self._open()

    @staff_event(ACTION)
    def start(self, staff: StaffCaller):
        """Sent just before a long step, so that its button spins while the step runs."""
        self.busy = True

    @staff_event(ACTION)
    async def upload(self, staff: StaffCaller, files: list[rx.UploadFile]):
        """« Vérifier le fichier »: the preview, nothing written."""
        await self._check(files, max_bytes=allowance_csv.MAX_BYTES, preview=_preview)

    @staff_event(ACTION)
    async def run_import(self, staff: StaffCaller):
        """« Importer les paiements valides » of the file previewed."""
        await self._run(_importer(staff))

    @staff_event(ACTION)
    def cancel(self, staff: StaffCaller):
        """« Annuler »: the file is dropped, nothing written."""
        self._open()
