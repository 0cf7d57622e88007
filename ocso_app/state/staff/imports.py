"""Import des décomptes (Espace OCSO): upload a file → its preview (each wrong line with its reasons) →
« Importer » → the result.

The uploaded file is kept in private storage between the preview and the import (only its key stays in the
state, never its lines: a state travels to Redis at every event); the import reads it again and checks it
again against the database, so what was imported meanwhile is not imported twice. Reading, checking and
writing run in the shared pool (``workers.run_blocking``), off the event loop: 100 000 lines take a few
seconds there while the portal keeps answering everybody else.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import statement_csv, statement_import, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.workers import run_blocking

UPLOAD_ID = "fichier-decomptes"
SHOWN_PROBLEMS = 200
NO_FILE = "Choisissez un fichier CSV de décomptes."
NOTHING_TO_IMPORT = "Aucun décompte nouveau à importer : envoyez d'abord un fichier."
CSV = "text/csv"


def _preview(content: bytes, name: str) -> statement_import.Preview:
    with db_session() as session:
        return statement_import.analyse(session, content=content, file_name=name, today=date.today()).preview


def _import(storage_key: str, name: str, staff: StaffCaller) -> statement_import.ImportResult:
    content = uploads.read_stored(storage_key)
    with db_session() as session:
        analysis = statement_import.analyse(session, content=content, file_name=name, today=date.today())
    return statement_import.import_all(db_session, analysis=analysis, actor=staff.actor())


def _keep(content: bytes, name: str) -> str:
    """The file in private storage until it is imported; its key."""
    checked = uploads.CheckedFile(name, content, CSV, "")
    return uploads.store(checked).storage_key


class StaffImportState(StaffState):
    """The page's display vars: the preview, its problems (the first ``SHOWN_PROBLEMS``), the result."""

    file_name: str = ""
    summary: str = ""
    problems: list[dict[str, str]] = []
    problems_note: str = ""
    can_import: bool = False
    result: str = ""
    error: str = ""
    busy: bool = False  # a file is being read or imported: the buttons spin
    _pending_key: str = ""

    def _forget(self) -> None:
        if self._pending_key:
            uploads.delete_stored([self._pending_key])
        self._pending_key = ""
        self.file_name = self.summary = self.problems_note = ""
        self.problems, self.can_import = [], False

    @staff_event(StaffAction.IMPORT_STATEMENTS, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the page empty."""
        self._forget()
        self.result = self.error = ""
        self.busy = False

    @staff_event(StaffAction.IMPORT_STATEMENTS)
    def start(self, staff: StaffCaller):
        """Sent just before a long step, so that its button spins while the step runs."""
        self.busy = True

    @staff_event(StaffAction.IMPORT_STATEMENTS)
    async def upload(self, staff: StaffCaller, files: list[rx.UploadFile]):
        """« Vérifier le fichier »: the preview, nothing written."""
        self.busy = False
        self._forget()
        self.result = self.error = ""
        if not files:
            self.error = NO_FILE
            return
        item = files[0]
        content = await item.read(statement_csv.MAX_BYTES + 1)
        name = uploads.clean_filename(item.filename or "decomptes.csv")
        try:
            preview = await run_blocking(_preview, content, name)
        except OcsoError as error:
            self.error = f"Fichier refusé : {error.message} Rien n'a été importé."
            return
        self.file_name, self.summary = name, preview.summary()
        self.problems = [asdict(p) | {"line": str(p.line)} for p in preview.problems[:SHOWN_PROBLEMS]]
        hidden = len(preview.problems) - SHOWN_PROBLEMS
        self.problems_note = (
            f"{format_count(len(preview.problems))} ligne(s) en erreur"
            + (f", les {SHOWN_PROBLEMS} premières ci-dessous." if hidden > 0 else " :")
            if preview.problems
            else "Aucune ligne en erreur."
        )
        self.can_import = preview.importable
        if preview.importable:
            self._pending_key = await run_blocking(_keep, content, name)

    @staff_event(StaffAction.IMPORT_STATEMENTS)
    async def run_import(self, staff: StaffCaller):
        """« Importer les décomptes valides » of the file previewed."""
        self.busy = False
        if not self._pending_key:
            self.error = NOTHING_TO_IMPORT
            return
        key, name = self._pending_key, self.file_name
        try:
            result = await run_blocking(_import, key, name, staff)
        except (OcsoError, OSError) as error:
            self.error = getattr(
                error, "message", "Import interrompu : recommencez, rien n'est importé deux fois."
            )
            return
        self._forget()
        self.error, self.result = "", f"« {name} » : {result.summary()}"

    @staff_event(StaffAction.IMPORT_STATEMENTS)
    def cancel(self, staff: StaffCaller):
        """« Annuler »: the file is dropped, nothing written."""
        self._forget()
        self.error = self.result = ""
