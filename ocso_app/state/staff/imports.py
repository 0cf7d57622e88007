"""Import des décomptes (Espace OCSO): the steps of every staff import (``csv_import``) for the décomptes file
(``statement_import``): 100 000 lines take a few seconds in the shared pool while the portal keeps answering
everybody else."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import statement_csv, statement_import, uploads
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.state.staff.csv_import import CsvImport

UPLOAD_ID = "fichier-decomptes"
ACTION = StaffAction.IMPORT_STATEMENTS


def _preview(content: bytes, name: str) -> statement_import.Preview:
    with db_session() as session:
        return statement_import.analyse(session, content=content, file_name=name, today=date.today()).preview


def _importer(staff: StaffCaller):
    def write(storage_key: str, name: str) -> statement_import.ImportResult:
        content = uploads.read_stored(storage_key)
        with db_session() as session:
            analysis = statement_import.analyse(session, content=content, file_name=name, today=date.today())
        return statement_import.import_all(db_session, analysis=analysis, actor=staff.actor())

    return write


class StaffImportState(CsvImport, StaffState):
    """Import des décomptes."""

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
        await self._check(files, max_bytes=statement_csv.MAX_BYTES, preview=_preview)

    @staff_event(ACTION)
    async def run_import(self, staff: StaffCaller):
        """« Importer les décomptes valides » of the file previewed."""
        await self._run(_importer(staff))

    @staff_event(ACTION)
    def cancel(self, staff: StaffCaller):
        """« Annuler »: the file is dropped, nothing written."""
        self._open()
