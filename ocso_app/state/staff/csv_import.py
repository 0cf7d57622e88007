"""What every staff import page does (décomptes, indemnités journalières, bordereaux de cotisations):
upload a file → its preview (each wrong line with its reasons) → « Importer » → the result.

The uploaded file is kept in private storage between the preview and the import, encrypted (its lines are
NIRs, care lines, amounts; ``crypto.encrypt_file``), and only its key stays in the state, never its lines (a
state travels to Redis at every event); the import reads it again (``read_kept``) and checks it again against
the database, so what was imported meanwhile is not imported twice. Reading, checking and
writing run in the shared pool (``workers.run_blocking``), off the event loop.

Each long step (the check, the import) sets ``busy`` and sends it before its work, so that its button spins
while it runs: the upload reaches the server by HTTP, beside the websocket, and a separate « start » event
sent with it could arrive after the preview and leave the button spinning for good.

Each page's state is ``class …(import_steps(action, …), StaffState)``: the four guarded handlers, made for
the staff action that page's import needs (Reflex copies a mixin's handlers, with their guard, onto the
state; one mixin per page, so that each handler names its own action).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, Protocol

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import uploads
from ocso_app.services.crypto import decrypt_file, encrypt_file
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import counted, paris_today
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import staff_event
from ocso_app.workers import run_blocking

SHOWN_PROBLEMS = 200
NO_FILE = "Choisissez un fichier CSV."
NOTHING_TO_IMPORT = "Rien de nouveau à importer : envoyez d'abord un fichier."
INTERRUPTED = "Import interrompu : recommencez, rien n'est importé deux fois."
CSV = "text/csv"


class Preview(Protocol):
    """What a service's preview gives the page."""

    @property
    def problems(self) -> Sequence[Any]: ...  # dataclasses with a ``line`` number

    @property
    def importable(self) -> bool: ...

    def summary(self) -> str: ...


class Result(Protocol):
    def summary(self) -> str: ...


Previewer = Callable[[bytes, str], Preview]  # (the file's bytes, its name) → the preview
Writer = Callable[[str, str], Result]  # (the stored file's key, its name) → what was written


def _keep(content: bytes, name: str) -> str:
    """The file in private storage, encrypted, until it is imported; its key."""
    return uploads.store(uploads.CheckedFile(name, encrypt_file(content), CSV, "")).storage_key


def read_kept(storage_key: str) -> bytes:
    """The bytes of a file ``_keep`` stored."""
    return decrypt_file(uploads.read_stored(storage_key))


class CsvImport(rx.State, mixin=True):
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

    def _open(self) -> None:
        """The page opens empty; « Annuler » empties it (the kept file is dropped, nothing written)."""
        self._forget()
        self.result = self.error = ""
        self.busy = False

    async def _check(self, files: list[rx.UploadFile], *, max_bytes: int, preview: Previewer) -> None:
        """« Vérifier le fichier »: the preview of the first file, nothing written."""
        self._open()
        if not files:
            self.error = NO_FILE
            return
        content = await files[0].read(max_bytes + 1)
        name = uploads.clean_filename(files[0].filename or "import.csv")
        try:
            seen = await run_blocking(preview, content, name)
        except OcsoError as error:
            self.error = f"Fichier refusé : {error.message} Rien n'a été importé."
            return
        self.file_name, self.summary = name, seen.summary()
        self.problems = [asdict(p) | {"line": str(p.line)} for p in seen.problems[:SHOWN_PROBLEMS]]
        hidden = len(seen.problems) - SHOWN_PROBLEMS
        self.problems_note = (
            f"{counted(len(seen.problems), 'ligne', 'lignes')} en erreur"
            + (f", les {SHOWN_PROBLEMS} premières ci-dessous." if hidden > 0 else " :")
            if seen.problems
            else "Aucune ligne en erreur."
        )
        self.can_import = seen.importable
        if seen.importable:
            self._pending_key = await run_blocking(_keep, content, name)

    async def _run(self, write: Writer) -> None:
        """« Importer » the file previewed: ``write(storage key, file name)`` reads it again and writes."""
        if not self._pending_key:
            self.error = NOTHING_TO_IMPORT
            return
        key, name = self._pending_key, self.file_name
        try:
            result = await run_blocking(write, key, name)
        except (OcsoError, OSError) as error:
            self.error = getattr(error, "message", INTERRUPTED)
            return
        self._forget()
        self.error, self.result = "", f"« {name} » : {result.summary()}"


def previewed_by(analyse: Callable[..., Any]) -> Previewer:
    """The preview of a service whose ``analyse(session, content=, file_name=, today=)`` writes nothing."""

    def preview(content: bytes, name: str) -> Preview:
        with db_session() as session:
            return analyse(session, content=content, file_name=name, today=paris_today()).preview

    return preview


def written_at_once(
    analyse: Callable[..., Any], write: Callable[..., Result]
) -> Callable[[StaffCaller], Writer]:
    """The import of a service that checks the file again and writes it in one transaction
    (``write(session, analysis=, actor=, today=)``), as ``staff`` does it."""

    def importer(staff: StaffCaller) -> Writer:
        def run(storage_key: str, name: str) -> Result:
            content, today = read_kept(storage_key), paris_today()
            with db_session() as session:
                analysis = analyse(session, content=content, file_name=name, today=today)
                return write(session, analysis=analysis, actor=staff.actor(), today=today)

        return run

    return importer


def import_steps(
    action: StaffAction, *, max_bytes: int, preview: Previewer, importer: Callable[[StaffCaller], Writer]
) -> type[CsvImport]:
    """The four handlers of an import page, each guarded by ``action``."""

    class ImportSteps(CsvImport, mixin=True):
        @staff_event(action, opens_page=True)
        def load(self, staff: StaffCaller):
            """Open the page empty."""
            self._open()

        @staff_event(action)
        async def upload(self, staff: StaffCaller, files: list[rx.UploadFile]):
            """« Vérifier le fichier »: the preview, nothing written."""
            if self.busy:
                return
            self.busy = True
            yield
            try:
                await self._check(files, max_bytes=max_bytes, preview=preview)
            finally:
                self.busy = False

        @staff_event(action)
        async def run_import(self, staff: StaffCaller):
            """« Importer » the file previewed (once: a second click while it runs is ignored)."""
            if self.busy:
                return
            self.busy = True
            yield
            try:
                await self._run(importer(staff))
            finally:
                self.busy = False

        @staff_event(action)
        def cancel(self, staff: StaffCaller):
            """« Annuler »: the file is dropped, nothing written."""
            self._open()

    return ImportSteps
