"""Radiation of one or several employees by HR (guide 003): the dialog's three steps — the date de sortie and
the motif, what each radiation will do (portabilité or not, the certificat de travail's wording), then the
radiation itself, all or none.

Every handler goes through ``scoped_event(MANAGE_EMPLOYEES)``: the employees are looked up within the
structures the guard gives; an id from elsewhere is « introuvable » and nothing is written.
"""

from __future__ import annotations

from dataclasses import asdict

from ocso_app.db import db_session
from ocso_app.services import radiation
from ocso_app.services.employee_status import hr_author
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.portability import REASON_LABELS
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.refusals import Refusals

CHECK_FIRST = "Indiquez la date de sortie et le motif, puis « Vérifier »."
REASONS = [{"value": reason.value, "label": label} for reason, label in REASON_LABELS.items()]
# The field a refusal is about (its message under it, the field aria-invalid); the others stay above the
# plan. A refusal for one employee of several starts with their name (« DUPONT Anne : … »).
FIELD_OF = {
    radiation.DATE_NEEDED: "date_sortie",
    radiation.BAD_DATE: "date_sortie",
    radiation.BEFORE_COVER: "date_sortie",
    radiation.TOO_FAR_AHEAD: "date_sortie",
    radiation.TOO_FAR_BEHIND: "date_sortie",
    radiation.UNKNOWN_REASON: "motif",
}


def field_of(message: str) -> str | None:
    """The form's field a refusal's message is about, if any."""
    return next((name for known, name in FIELD_OF.items() if message.endswith(known)), None)


class RadiationState(Refusals, EmployerState):
    """The radiation dialog (display strings only; the ids and the typed answers stay on the server)."""

    dialog_open: bool = False
    names: list[str] = []
    planned: list[dict[str, str]] = []
    done: list[dict[str, str]] = []
    error: str = ""
    errors: dict[str, str] = {}  # by field of the form (date_sortie, motif)
    _employee_ids: list[int] = []
    _left_on: str = ""
    _reason: str = ""

    def _reset(self) -> None:
        self.dialog_open, self.names, self.planned, self.done, self.error = False, [], [], [], ""
        self.errors, self._employee_ids, self._left_on, self._reason = {}, [], "", ""

    def _refuse(self, message: str) -> None:
        """Say why, under the field it is about, or above the plan."""
        self._refused()
        name = field_of(message)
        if name is None:
            self.error = message
        else:
            self.errors = {name: message}

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def start(self, caller: EmployerCaller, employee_ids: list[str]):
        """« Radier »: open the dialog for these employees of the caller's structures."""
        self._reset()
        wanted = employee_ids if isinstance(employee_ids, list) else []
        self._employee_ids = [i for i in (parse_id(str(x)) for x in wanted[:200]) if i is not None]
        try:
            with db_session() as session:
                self.names = radiation.candidates(
                    session, structure_ids=caller.structure_ids, employee_ids=self._employee_ids
                )
        except radiation.RadiationRefused as error:
            self.error = error.message
            return
        self.dialog_open = True

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def check(self, caller: EmployerCaller, form: dict):
        """« Vérifier »: what each radiation would do, before anything is written."""
        self.planned, self.error, self.errors = [], "", {}
        self._left_on, self._reason = str(form.get("date_sortie", ""))[:20], str(form.get("motif", ""))[:40]
        try:
            left_on = radiation.read_departure_date(self._left_on)
            with db_session() as session:
                planned = radiation.plan_radiations(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_ids=self._employee_ids,
                    left_on=left_on,
                    reason=self._reason,
                    today=paris_today(),
                )
            self.planned = [asdict(p) | {"employee_id": str(p.employee_id)} for p in planned]
        except radiation.RadiationRefused as error:
            self._refuse(error.message)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def confirm(self, caller: EmployerCaller):
        """« Confirmer la radiation »: all the checked employees, or none."""
        self.error, self.errors = "", {}
        if not self.planned:
            self._refuse(CHECK_FIRST)
            return
        try:
            left_on = radiation.read_departure_date(self._left_on)
            with db_session() as session:
                done = radiation.radiate_many(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_ids=self._employee_ids,
                    left_on=left_on,
                    reason=self._reason,
                    by=hr_author(session, caller.principal.account_id),
                    actor=caller.actor(),
                    today=paris_today(),
                )
        except radiation.RadiationRefused as error:
            self._refuse(error.message)
            return
        by_id = {p["employee_id"]: p for p in self.planned}
        self.done = [
            {
                "name": by_id.get(str(r.employee_id), {}).get("name", ""),
                "certificate": r.certificate_wording,
                "told": by_id.get(str(r.employee_id), {}).get("told", ""),
            }
            for r in done
        ]
        self.planned = []

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)  # closing changes nothing: the pages close it on opening
    def close(self, _caller: EmployerCaller, still_open: bool = False):
        """« Fermer », Échap or a click beside the dialog; and the opening of a page showing it (a reload
        must not bring back the dialog of an earlier radiation)."""
        if not still_open:
            self._reset()
