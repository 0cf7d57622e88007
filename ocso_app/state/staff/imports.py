"""Import des décomptes (Espace OCSO): the steps of every staff import (``csv_import``) for the décomptes file
(``statement_import``), written in batches of about 10 000 lines, each in its own transaction: 100 000 lines
take a few seconds in the shared pool while the portal keeps answering everybody else."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.services import statement_csv, statement_import
from ocso_app.services.formats import paris_today
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState
from ocso_app.state.staff.csv_import import Writer, import_steps, previewed_by, read_kept

UPLOAD_ID = "fichier-decomptes"


def _importer(staff: StaffCaller) -> Writer:
    def write(storage_key: str, name: str) -> statement_import.ImportResult:
        content = read_kept(storage_key)
        with db_session() as session:
            analysis = statement_import.analyse(session, content=content, file_name=name, today=paris_today())
        return statement_import.import_all(db_session, analysis=analysis, actor=staff.actor())

    return write


_STEPS = import_steps(
    StaffAction.IMPORT_STATEMENTS,
    max_bytes=statement_csv.MAX_BYTES,
    preview=previewed_by(statement_import.analyse),
    importer=_importer,
)


class StaffImportState(_STEPS, StaffState):
    """Import des décomptes."""
