"""The spreadsheets of Mes salarié(e)s, streamed by plain routes: the export of the whole list, the template
of an affiliation en masse and the report of one import (xlsx or CSV each); the register of dispenses with
their proofs (a zip).

The employer guard gives the structures on which the caller's profile allows the action (narrowed to the
header's choice by ``?structure=ID``); the file is written from the database within them only, in the
bounded pool, into a spooled file that is then streamed. An unknown format is the same 404 as a missing file.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ocso_app.api.guard import PRIVATE, employer_route, path_id
from ocso_app.services import dispense_register, employee_export, mass_affiliation, spreadsheets
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction, EmployerScope
from ocso_app.services.formats import paris_today
from ocso_app.services.spreadsheets import Format, Sheet

NO_FILE = "Fichier introuvable."


def _format(request: Request) -> Format | None:
    return spreadsheets.FORMATS.get(str(request.path_params.get("format", "")))


def spreadsheet_response(sheet: Sheet, file_format: Format, filename: str) -> Response:
    """``sheet`` written now (while its session is open), then streamed as a private download."""
    spooled = spreadsheets.write(sheet, file_format)
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return StreamingResponse(
        spreadsheets.chunks(spooled),
        media_type=file_format.content_type,
        headers={**PRIVATE, "content-disposition": disposition},
    )


def _export(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """Every employee of the caller's structures, whatever their status."""
    file_format = _format(request)
    if file_format is None:
        return None
    today = paris_today()
    sheet = employee_export.staff_sheet(
        session, actor=actor, structure_ids=scope.structure_ids, file_format=file_format, today=today
    )
    return spreadsheet_response(sheet, file_format, employee_export.filename(file_format, today))


def _template(_session: Session, _actor: Actor, _scope: EmployerScope, request: Request) -> Response | None:
    """The columns of an affiliation en masse, without a row."""
    file_format = _format(request)
    if file_format is None:
        return None
    name = f"modele-affiliation-en-masse.{file_format.extension}"
    return spreadsheet_response(mass_affiliation.template_sheet(), file_format, name)


def _report(session: Session, actor: Actor, scope: EmployerScope, request: Request) -> Response | None:
    """Every row of one import of the caller's structures and what became of it."""
    file_format, import_id = _format(request), path_id(request, "import_id")
    if file_format is None or import_id is None:
        return None
    sheet = mass_affiliation.report_sheet(
        session, actor=actor, import_id=import_id, structure_ids=scope.structure_ids
    )
    if sheet is None:
        return None
    name = mass_affiliation.report_filename(import_id, file_format.extension, paris_today())
    return spreadsheet_response(sheet, file_format, name)


def _dispense_register(
    session: Session, actor: Actor, scope: EmployerScope, _request: Request
) -> Response | None:
    """Every dispense request of the caller's structures and its proof, in one archive."""
    today = paris_today()
    archive = dispense_register.register_archive(
        session, actor=actor, structure_ids=scope.structure_ids, today=today
    )
    disposition = f"attachment; filename*=UTF-8''{quote(dispense_register.filename(today))}"
    return StreamingResponse(
        spreadsheets.chunks(archive),
        media_type="application/zip",
        headers={**PRIVATE, "content-disposition": disposition},
    )


staff_export = employer_route(EmployerAction.VIEW_EMPLOYEES, _export, not_found=NO_FILE)
import_template = employer_route(EmployerAction.MANAGE_EMPLOYEES, _template, not_found=NO_FILE)
import_report = employer_route(EmployerAction.MANAGE_EMPLOYEES, _report, not_found=NO_FILE)
dispenses_archive = employer_route(EmployerAction.MANAGE_EMPLOYEES, _dispense_register, not_found=NO_FILE)
