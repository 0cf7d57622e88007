"""The employee's public affiliation page (no login): opened by the e-mailed link (``?jeton=``) or the
letter's code, then the birth date; then « M'affilier » (the shared affiliation form) or « Demander une
dispense ».

The invitation the birth date opened is kept in a backend-only var (``_invitation_id``), never sent to nor
read from the browser, and every handler after the identification is written with ``invitation_event``,
which asks the database again whether that invitation still opens the page (not used, not expired, not
blocked) for an employee still to affiliate; otherwise the page is emptied and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import Employee
from ocso_app.models.base import utcnow
from ocso_app.services import affiliation_invitations, affiliation_page, dispense_requests, dispenses, uploads
from ocso_app.services.audit import Actor, interface_from_user_agent
from ocso_app.services.dispenses import EndKind, ProofKind
from ocso_app.services.employee_status import THE_EMPLOYEE
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import paris_date
from ocso_app.state.affiliation_form import EnrolmentForm, ticked
from ocso_app.state.base import guarded_by
from ocso_app.state.demarches import form_fields, read_files
from ocso_app.state.hydration import PristineState
from ocso_app.workers import off_loop, run_blocking

IDENTIFY, CHOOSE, AFFILIATE = "identification", "choix", "affiliation"
DISPENSE, DISPENSE_SENT = "dispense", "dispense-envoyee"
PROOF_UPLOAD = "justificatif-dispense"
ONE_FILE = "Joignez un seul fichier : le justificatif de votre cas de dispense."


@dataclass(frozen=True)
class Invited:
    """The employee whose still-usable invitation opened the page (``invitation_event``)."""

    invitation_id: int
    employee_id: int


def _resolve(state: AffiliationState, _arguments: dict[str, Any]) -> Invited | None:
    invitation_id = state._invitation_id
    if not invitation_id:
        return None
    with db_session() as session:
        employee = affiliation_page.usable_employee(session, invitation_id, now=utcnow())
        return Invited(invitation_id, employee.id) if employee is not None else None


invitation_event = guarded_by(_resolve)
invitation_event.__doc__ = """The guard of the page's handlers once identified: the handler receives the
``Invited`` employee, re-checked in the database at every call."""


class AffiliationState(EnrolmentForm, PristineState, rx.State):
    """The page's display vars (the shared form's, the stage, the dispense form's)."""

    stage: str = IDENTIFY
    has_link: bool = False
    first_name: str = ""
    error: str = ""
    cases: list[dict[str, str]] = []
    case_code: str = ""
    case_label: str = ""
    case_end_label: str = ""
    case_needs_proof: bool = False
    case_sworn: bool = False
    dispense_errors: dict[str, str] = {}
    dispense_summary: str = ""
    _invitation_id: int = 0

    def _actor(self) -> Actor:
        return Actor(
            account_id=None,
            interface=interface_from_user_agent(self.router.headers.user_agent),
            ip_address=self.router.session.client_ip or None,
        )

    def _deny(self) -> None:
        """The invitation no longer opens the page: empty everything, say so."""
        has_link = self.has_link
        self.reset()
        self.has_link, self.error = has_link, affiliation_page.EXPIRED

    def _employee(self, session: Any, invited: Invited) -> Employee:
        employee = session.get(Employee, invited.employee_id)
        assert employee is not None  # the guard found them in this very event
        return employee

    @rx.event
    def load(self) -> None:
        """Open the page: the code is asked only without a link; an identification of this tab that still
        holds is kept (a reload), anything else starts again."""
        token = self.router.url.query_parameters.get("jeton", "")
        self.has_link = bool(token)
        with db_session() as session:
            still = affiliation_page.usable_employee(session, self._invitation_id, now=utcnow())
            if still is not None and token:  # another link opened in this tab starts afresh
                opened = affiliation_invitations.find(session, token)
                still = still if opened is not None and opened.id == self._invitation_id else None
        if still is None:
            has_link = self.has_link
            self.reset()
            self.has_link = has_link

    @rx.event
    @off_loop
    def identify(self, form: dict) -> None:
        """The link's token (or the typed code) and the birth date; one answer whatever was wrong."""
        secret = self.router.url.query_parameters.get("jeton", "") or str(form.get("code", ""))[:40]
        now = utcnow()
        with db_session() as session:
            found = affiliation_page.identify(
                session,
                secret=secret,
                birth_date=str(form.get("birth_date", ""))[:20],
                ip_address=self._actor().ip_address,
                now=now,
            )
            employee = affiliation_page.usable_employee(session, found.invitation_id, now=now)
            if employee is None:  # nothing of an earlier identification of this tab stays either
                self._deny()
                self.error = found.message or affiliation_page.NOT_RECOGNISED
                self._refused()
                return
            self._invitation_id, self.error = found.invitation_id or 0, ""
            self.first_name, self.stage = employee.first_name, CHOOSE
            self._start_form(session, employee, paris_date(now))

    @invitation_event
    def choose(self, invited: Invited, choice: str) -> None:
        """« M'affilier » or « Demander une dispense »."""
        if choice == AFFILIATE:
            self.stage = AFFILIATE
        elif choice == DISPENSE:
            self.stage = DISPENSE
            self.cases = [{"value": c.code, "label": c.label} for c in dispenses.CASES.values()]
        else:
            self.stage = CHOOSE

    # --- « M'affilier »: the shared form's steps

    @invitation_event
    def submit_option(self, invited: Invited, form: dict) -> None:
        with db_session() as session:
            self._submit_option(session, self._employee(session, invited), form, paris_date(utcnow()))

    @invitation_event
    def add_beneficiary(self, invited: Invited, form: dict) -> None:
        with db_session() as session:
            self._add_beneficiary(session, self._employee(session, invited), form, paris_date(utcnow()))

    @invitation_event
    def remove_beneficiary(self, invited: Invited, index: int) -> None:
        self._remove_beneficiary(index)

    @invitation_event
    def to_bank(self, invited: Invited) -> None:
        self._to_bank()

    @invitation_event
    def submit_bank(self, invited: Invited, form: dict) -> None:
        with db_session() as session:
            self._submit_bank(session, self._employee(session, invited), form, paris_date(utcnow()))

    @invitation_event
    def go_to(self, invited: Invited, step: str) -> None:
        self._go_to(str(step))

    @invitation_event
    @off_loop  # draws the mandate PDF
    def confirm(self, invited: Invited) -> None:
        with db_session() as session:
            employee = self._employee(session, invited)
            done = self._confirm(session, employee, by=THE_EMPLOYEE, actor=self._actor(), now=utcnow())
        if done:
            self._invitation_id = 0  # spent: the page now only shows the confirmation

    # --- « Demander une dispense »

    @invitation_event
    def choose_case(self, invited: Invited, code: str) -> None:
        case = dispenses.case_of(str(code))
        self.case_code, self.case_label = (case.code, case.label) if case else ("", "")
        self.case_end_label = case.end_label if case and case.end != EndKind.NONE else ""
        self.case_needs_proof = case is not None and case.proof == ProofKind.DOCUMENT
        self.case_sworn = case is not None and case.proof == ProofKind.SWORN_STATEMENT
        self.dispense_errors = {}

    def _send_dispense(
        self, invited: Invited, fields: dict[str, str], proof: uploads.CheckedFile | None
    ) -> None:
        now = utcnow()
        try:
            with db_session() as session:
                sent = dispense_requests.request_dispense(
                    session,
                    self._employee(session, invited),
                    case_code=self.case_code,
                    ends_on=fields.get("ends_on", ""),
                    proof=proof,
                    sworn=ticked(fields.get("sworn")),
                    actor=self._actor(),
                    now=now,
                )
        except FieldsRefused as refused:
            self.dispense_errors = refused.errors
            self._refused()
            return
        except OcsoError as error:
            self.dispense_errors = {"form": error.message}
            self._refused()
            return
        self._invitation_id, self.stage = 0, DISPENSE_SENT
        self.dispense_summary = sent.case_label + (f" – jusqu'au {sent.ends_on}" if sent.ends_on else "")

    @invitation_event
    @off_loop  # draws the sworn statement PDF
    def submit_sworn(self, invited: Invited, form: dict) -> None:
        """A case proved by the sworn statement: no file."""
        self._send_dispense(invited, form_fields(form), None)

    @invitation_event
    async def upload_proof(self, invited: Invited, files: list[rx.UploadFile], form: dict | None = None):
        """A case proved by a file: the proof, checked off the event loop, and the form's fields (its end
        date), which come with it; then the request sent."""
        incoming = await read_files(files)
        if len(incoming) > 1:
            self.dispense_errors = {"proof": ONE_FILE}
            self._refused()
            return
        try:
            checked = await run_blocking(uploads.check_file, incoming[0]) if incoming else None
        except uploads.UploadRejected as rejected:
            self.dispense_errors = {"proof": rejected.message}
            self._refused()
            return
        # without a file, the service asks for one
        await run_blocking(self._send_dispense, invited, form_fields(form), checked)
