"""One démarche in the Espace OCSO (``/ocso/demarche?n=…``): its détail, and what the staff member does
with it: take it, answer, change its status, apply what it asks (a new RIB after the authenticator code, a
beneficiary, an employer's address or telephone number, an employee's new address, sortie des effectifs,
reprise or prolongation d'arrêt).

Every handler goes through ``staff_event``: ``HANDLE_REQUESTS`` for the démarche itself (the services find
it on the caller's desks only), and the desk's apply action is checked again by ``back_office``. The
démarche's number comes from the page's address at load and is kept server-side (``_request_id``). E-mails
to the sender go to the outbox of the change's transaction (``desk.notice``), to leave after its commit.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from ocso_app.db import db_session
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import back_office, desk, detail, exits
from ocso_app.services.requests.back_office import CHANGE_LABELS
from ocso_app.services.requests.detail import MessageLine
from ocso_app.services.requests.employer_details import NewAddress
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.workers import off_loop

NUMBER = "n"  # the query parameter naming the démarche
ANSWER_SENT = "Réponse envoyée : l'expéditeur la lit dans son espace et en est averti par e-mail."
TAKEN = "Vous avez pris en charge cette démarche."
STATUS_CHANGED = "Statut enregistré : {label}."


def _field(form: dict, name: str) -> str:
    """A form field as typed; a field the page did not draw comes as None."""
    return str(form.get(name) or "")


class StaffRequestState(StaffState):
    """Display strings of one démarche, and the page's messages."""

    found: bool = False
    file: dict[str, str] = {}
    details: list[dict[str, str]] = []
    messages: list[MessageLine] = []
    attachments: list[dict[str, str]] = []
    moves: list[dict[str, str]] = []
    change: str = ""  # what can be applied from here ("" for nothing)
    change_label: str = ""
    error: str = ""
    info: str = ""
    _request_id: int | None = None

    def _show(self, staff: StaffCaller) -> None:
        try:
            with db_session() as session:
                shown = detail.open_request(
                    session, caller=staff, request_id=self._request_id, now=datetime.now(UTC)
                )
                request = desk.find(session, caller=staff, request_id=self._request_id)
                change = back_office.change_of(request)
                may_apply = change is not None and back_office.may_apply(staff, request)
        except OcsoError as error:
            self.found, self.file, self.error = False, {}, error.message
            return
        self.found = True
        self.file = {
            key: ("1" if value else "") if isinstance(value, bool) else str(value)
            for key, value in asdict(shown).items()
            if not isinstance(value, list)
        }
        self.details = [asdict(line) for line in shown.details]
        self.messages = shown.messages
        self.attachments = [{"id": str(a.id), "name": a.name, "url": a.url} for a in shown.attachments]
        self.moves = [{"value": value, "label": label.capitalize()} for value, label in shown.moves]
        self.change = change.value if may_apply and change and shown.is_open else ""
        self.change_label = CHANGE_LABELS[change] if self.change and change else ""

    def _done(self, staff: StaffCaller, *, error: str = "", info: str = "") -> None:
        self._show(staff)
        self.error, self.info = error, info

    @staff_event(StaffAction.HANDLE_REQUESTS, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the démarche named in the address."""
        self._request_id = parse_id(self.router.url.query_parameters.get(NUMBER))
        self.error = self.info = ""
        self._show(staff)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    def take(self, staff: StaffCaller):
        """« Prendre en charge »."""
        try:
            with db_session() as session:
                desk.take(session, caller=staff, request_id=self._request_id)
        except OcsoError as error:
            return self._done(staff, error=error.message)
        return self._done(staff, info=TAKEN)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    @off_loop  # database work (the e-mail to the sender leaves from the outbox)
    def reply(self, staff: StaffCaller, form: dict):
        """« Envoyer la réponse »."""
        try:
            with db_session() as session:
                desk.reply(session, caller=staff, request_id=self._request_id, body=_field(form, "reponse"))
        except OcsoError as error:
            return self._done(staff, error=error.message)
        return self._done(staff, info=ANSWER_SENT)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    @off_loop  # database work (the e-mail to the sender leaves from the outbox)
    def change_status(self, staff: StaffCaller, form: dict):
        """« Changer le statut » (a refusal needs its reason)."""
        status = _field(form, "statut")
        try:
            with db_session() as session:
                desk.change_status(
                    session,
                    caller=staff,
                    request_id=self._request_id,
                    status=status,
                    reason=_field(form, "motif"),
                )
        except OcsoError as error:
            return self._done(staff, error=error.message)
        label = next((m["label"] for m in self.moves if m["value"] == status), status)
        return self._done(staff, info=STATUS_CHANGED.format(label=label.lower()))

    @staff_event(StaffAction.HANDLE_REQUESTS)
    @off_loop  # checks the authenticator code (the e-mail to the sender leaves from the outbox)
    def apply(self, staff: StaffCaller, form: dict):
        """« Appliquer » what the démarche asks (its desk's apply right is checked by the service)."""
        address = NewAddress(_field(form, "adresse"), _field(form, "code_postal"), _field(form, "ville"))
        departure = exits.Departure(_field(form, "date_sortie"), _field(form, "motif_depart"))
        try:
            with db_session() as session:
                applied = back_office.apply_change(
                    session,
                    caller=staff,
                    request_id=self._request_id,
                    today=paris_today(),
                    totp_code=_field(form, "code"),
                    address=address,
                    phone=_field(form, "telephone"),
                    departure=departure,
                    leave_date=_field(form, "date_arret"),
                )
        except OcsoError as error:
            return self._done(staff, error=error.message)
        if not applied.done:
            return self._done(staff, error=applied.message)
        return self._done(staff, info=applied.message)
