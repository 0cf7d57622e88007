"""The fiche salarié(e) (``?salarie=<id>``): the record of an employee of the caller's structures, and HR's
actions on it: edit the personal information, change the suivi de l'affiliation (where the dispense
requests go, who is told when it is finished), « Relancer par e-mail », « Forcer l'affiliation au régime de
base », accept or refuse a dispense request, file the new yearly proof of a dispense that needs one, and
« Annuler la radiation » of a radiation recorded by mistake (within 30 days).

Opening needs VIEW_EMPLOYEES; every action needs MANAGE_EMPLOYEES, and the services look the employee (or
the request) up within the structures that guard gives: another structure's id is « introuvable » and
nothing is written. The employee's id is kept server-side (``_employee_id``) from the page's URL. Opening
the fiche of an employee of another of the caller's structures than the one chosen in the header (a link)
chooses theirs, where the caller's profile opens fiches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TypeVar

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models.base import utcnow
from ocso_app.services import (
    dispense_decisions,
    dispense_renewal,
    employees,
    employer_access,
    radiation_cancellation,
    staff_record,
    uploads,
)
from ocso_app.services.employee_status import StatusAuthor, hr_author
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import agreed, format_short_date, paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_record import HrChoices, PersonalInfo, StaffRecord
from ocso_app.state.demarches import read_files
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.employer.radiation import RadiationState
from ocso_app.state.refusals import Refusals
from ocso_app.workers import run_blocking

EMPLOYEE_PARAMETER = "salarie"
SAVED = "Les informations personnelles sont enregistrées."
CHOICES_SAVED = "Le suivi de l'affiliation est enregistré."
CHECK_FIELDS = "Vérifiez les champs signalés."
OTHER_STRUCTURE = "Ce/cette salarié(e) appartient à la structure {structure}, désormais sélectionnée."
FORCED = "Le/la salarié(e) est affilié(e) au régime de base ({option}) : numéro d'adhérent {number}."
REMINDED = "La relance a été envoyée à {email}."
ACCEPTED = "La demande de dispense est acceptée : le/la salarié(e) est dispensé(e)."
REFUSED_BY_MAIL = "La demande de dispense est refusée : un e-mail invite le/la salarié(e) à s'affilier."
REFUSED_BY_LETTER = (
    "La demande de dispense est refusée : téléchargez le courrier d'affiliation et postez-le au/à la "
    "salarié(e)."
)
CANCELLED = (
    "La radiation du {left_on} est annulée : {name} est de nouveau « {status} », ses garanties continuent."
)
RENEWED = "Le nouveau justificatif est enregistré : prochaine échéance le {due}."
PROOF_NEEDED = "Joignez le nouveau justificatif (PDF, JPEG ou PNG)."
ONE_PROOF = "Joignez un seul fichier : le nouveau justificatif."
RENEWAL_UPLOAD = "justificatif-annuel"  # the file picker of « Renouveler le justificatif »
PERSONAL_FIELDS = tuple(PersonalInfo.__dataclass_fields__)
CHOICE_FIELDS = tuple(HrChoices.__dataclass_fields__)
T = TypeVar("T")


def _pending_notes(civility: str, name: str) -> dict[str, str]:
    """What « Affiliation en attente » says of the employee, agreed with their civilité."""
    return {
        "pending_note": (
            f"{name} n'a pas encore finalisé son affiliation. Vous pouvez {agreed(civility, 'le', 'la')} "
            "relancer (une fois par jour au plus), saisir vous-même son affiliation complète (options, "
            "bénéficiaires, RIB) ou l'affilier d'office au régime de base."
        ),
        "force_note": (
            f"{name} sera {agreed(civility, 'affilié', 'affiliée')} à l'option de base du contrat de votre "
            f"entreprise, sans bénéficiaire. {agreed(civility, 'Il', 'Elle')} recevra un e-mail de bienvenue."
        ),
    }


def _identity(record: StaffRecord) -> dict[str, str]:
    file, personal = record.file, record.personal
    address = " ".join(p for p in (personal.address_line, personal.postal_code, personal.city) if p)
    return {
        **_pending_notes(file.civility, f"{file.first_name} {file.last_name}"),
        "name": f"{file.civility} {file.first_name} {file.last_name}",
        "civility": file.civility,
        "last_name": file.last_name,
        "first_name": file.first_name,
        "birth_date": file.birth_date,
        "nir": file.nir_masked,
        "email": personal.email or "—",
        "address": address or "—",
        "structure": file.company_name,
        "category": file.category,
        "status": file.status,
        "status_code": record.status_code,
        "hired_on": record.hired_on,
        "cover_start_on": record.cover_start_on,
        "invited_on": record.invited_on,
        "last_reminder_on": record.last_reminder_on,
        "affiliated_on": record.affiliated_on,
        "radiated_on": record.radiated_on,
    }


class StaffRecordState(Refusals, EmployerState):
    """Display vars of the fiche: strings only, nothing the page does not draw."""

    found: bool = False
    identity: dict[str, str] = {}
    covers: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    dispenses: list[dict[str, str]] = []
    personal: dict[str, str] = {}
    errors: dict[str, str] = {}
    error: str = ""
    info: str = ""
    editing: bool = False
    refusing: str = ""
    can_manage: bool = False
    can_remind: bool = False
    can_force: bool = False
    can_radiate: bool = False
    certificate: str = ""
    can_cancel_radiation: bool = False
    cancellation_note: str = ""  # radiated, not cancellable here: why (« contactez OCSO »)
    letter_href: str = ""
    radiation_letter_href: str = ""  # radiated: the letter saying what the radiation's e-mail says
    complete_href: str = ""  # HR's affiliation complète of this employee, begun or not, to fill in
    # a dispense whose proof is renewed every year: case, due date, late, last day
    renewal: dict[str, str] = {}
    choices: dict[str, str] = {}  # while the affiliation is open: HR's two addresses (as typed when refused)
    choices_note: str = ""  # they no longer receive anything: why
    editing_choices: bool = False
    _employee_id: int = 0

    def _clear(self) -> None:
        self.found, self.identity, self.covers, self.history, self.dispenses = False, {}, [], [], []
        self.personal, self.can_manage, self.can_remind, self.can_force, self.letter_href = (
            {},
            False,
            False,
            False,
            "",
        )
        self.complete_href, self.renewal = "", {}
        self.choices, self.choices_note, self.editing_choices = {}, "", False
        self.radiation_letter_href = ""
        self.can_cancel_radiation, self.cancellation_note = False, ""

    def _fill(self, caller: EmployerCaller) -> None:
        """The record, read within the structures the caller may see; the actions if they may manage it."""
        with db_session() as session:
            record = staff_record.staff_record(
                session,
                structure_ids=caller.structure_ids,
                employee_id=self._employee_id,
                today=paris_today(),
            )
        if record is None:
            self._clear()
            return
        manage = record.file.company_id in self._scope(caller, EmployerAction.MANAGE_EMPLOYEES)
        self.found, self.identity = True, _identity(record)
        self.covers = [
            {
                "kind": c.kind_label,
                "contract": c.contract,
                "number": c.number,
                "option": c.option,
                "start": c.start_date,
                "end": c.end_date,
            }
            for c in record.registrations
        ]
        self.history = [asdict(row) for row in record.history]
        self.dispenses = [
            {
                **{k: str(v) for k, v in asdict(row).items()},
                "proof_href": routes.API_EMPLOYER_DISPENSE_PROOF.url(request_id=row.id)
                if row.has_proof
                else "",
            }
            for row in record.dispenses
        ]
        self.personal = asdict(record.personal)
        self.can_manage = manage
        self.can_remind, self.can_force = manage and record.can_remind, manage and record.can_force
        self.complete_href = (
            f"{routes.EMPLOYER_COMPLETE_AFFILIATION}?salarie={self._employee_id}" if self.can_force else ""
        )
        self.can_radiate, self.certificate = manage and record.can_radiate, record.certificate_wording
        self.can_cancel_radiation = manage and record.cancellation.possible
        self.cancellation_note = record.cancellation.refusal if manage else ""
        due = record.renewal
        self.renewal = (
            {
                "case": due.case_label,
                "due_on": format_short_date(due.due_on),
                "late": "1" if due.overdue else "",
                "last_day": format_short_date(due.last_day),
            }
            if due
            else {}
        )
        self.radiation_letter_href = (
            routes.API_EMPLOYER_RADIATION_LETTER.url(employee_id=self._employee_id)
            if manage and record.radiation_letter
            else ""
        )
        self.choices = asdict(record.hr_choices) if record.hr_choices else {}
        self.choices_note = record.hr_choices_note
        self.editing_choices = self.editing_choices and manage and bool(self.choices)
        self.letter_href = (
            routes.API_EMPLOYER_AFFILIATION_LETTER.url(employee_id=self._employee_id)
            if manage and record.needs_letter
            else ""
        )

    def _done(self, caller: EmployerCaller, message: str) -> None:
        self.error, self.info, self.errors, self.editing, self.refusing = "", message, {}, False, ""
        self.editing_choices = False
        self._fill(caller)

    def _author(self, caller: EmployerCaller) -> StatusAuthor:
        with db_session() as session:
            return hr_author(session, caller.principal.account_id)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES, opens_page=True)
    def load(self, caller: EmployerCaller):
        """On opening the page: the employee of the URL, if they belong to the caller's structures."""
        wanted = parse_id(self.router.url.query_parameters.get(EMPLOYEE_PARAMETER, ""))
        self._employee_id = wanted or 0
        self.error, self.info, self.errors, self.editing, self.refusing = "", "", {}, False, ""
        self.editing_choices = False
        self._fill(self._on_employees_structure(caller))
        return RadiationState.close(False)

    def _on_employees_structure(self, caller: EmployerCaller) -> EmployerCaller:
        """The caller on the employee's structure when the header has another one chosen (a link from an
        e-mail, from Accueil) and their profile there opens fiches: that structure becomes the chosen one,
        and the page says so. Any other employee stays « introuvable »."""
        everywhere = employer_access.scope_of(
            list(caller.grants), account_id=caller.principal.account_id, action=caller.scope.action
        )
        if everywhere is None or everywhere.structure_ids == caller.structure_ids or not self._employee_id:
            return caller  # « Toutes mes structures »: the fiche reads them all already
        with db_session() as session:
            company_id = employees.structure_of(
                session, structure_ids=everywhere.structure_ids, employee_id=self._employee_id
            )
        if company_id is None or company_id in caller.structure_ids:
            return caller
        chosen = self._choose_for(caller, company_id)
        name = next(g.name for g in caller.grants if g.company_id == company_id)
        self.info = OTHER_STRUCTURE.format(structure=name)
        return chosen

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def refresh(self, caller: EmployerCaller):
        """After a radiation: the record again (an earlier message, e.g. a cancelled radiation, goes)."""
        self.error, self.info = "", ""
        self._fill(caller)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def start_radiation(self, _caller: EmployerCaller):
        """« Radier »: the radiation dialog for this employee (its handlers check the structure again)."""
        return RadiationState.start([str(self._employee_id)])

    def _change_status(self, caller: EmployerCaller, service: Callable[..., T]) -> T | None:
        """Run a service changing this employee's status (forcing the affiliation, cancelling a radiation)
        in one transaction, as the caller; ``None`` once its French refusal is shown."""
        try:
            with db_session() as session:
                return service(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_id=self._employee_id,
                    by=self._author(caller),
                    actor=caller.actor(),
                    now=utcnow(),
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return None

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def cancel_radiation(self, caller: EmployerCaller):
        """« Annuler la radiation » (confirmed in a dialog): the radiation recorded by mistake, undone."""
        cancelled = self._change_status(caller, radiation_cancellation.cancel_radiation)
        if cancelled is None:
            self._fill(caller)  # e.g. past 30 days since the page opened: the fiche says so now
            return
        left_on = format_short_date(cancelled.left_on)
        self._done(caller, CANCELLED.format(left_on=left_on, name=cancelled.name, status=cancelled.status))

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def edit(self, _caller: EmployerCaller, open_it: bool = True):
        """« Modifier les informations personnelles » (or « Annuler »)."""
        self.editing, self.errors, self.error, self.info = bool(open_it) and self.can_manage, {}, "", ""

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def save_personal(self, caller: EmployerCaller, form: dict):
        """« Enregistrer »: every field checked; saved and audited when all are right."""
        typed = PersonalInfo(**{name: str(form.get(name, ""))[:200] for name in PERSONAL_FIELDS})
        self.personal = {**asdict(typed), "nir": ""}
        try:
            with db_session() as session:
                errors = staff_record.update_personal(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_id=self._employee_id,
                    typed=typed,
                    actor=caller.actor(),
                    today=paris_today(),
                )
        except OcsoError as error:
            self.error, self.info, self.errors = error.message, "", {}
            return
        if errors:
            self.errors, self.error, self.info = errors, CHECK_FIELDS, ""
            self._refused()
            return
        self._done(caller, SAVED)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def edit_choices(self, caller: EmployerCaller, open_it: bool = True):
        """« Modifier » the suivi de l'affiliation, or « Annuler » (the addresses as saved come back, not
        those of a refused attempt)."""
        self.errors, self.error, self.info = {}, "", ""
        if not open_it:
            self.editing_choices = False
            self._fill(caller)
            return
        self.editing_choices = self.can_manage and bool(self.choices)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def save_choices(self, caller: EmployerCaller, form: dict):
        """« Enregistrer » the address of the dispense requests and the one told when it is finished."""
        typed = HrChoices(**{name: str(form.get(name, "")) for name in CHOICE_FIELDS})  # checked whole
        try:
            with db_session() as session:
                errors = staff_record.update_hr_choices(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_id=self._employee_id,
                    typed=typed,
                    actor=caller.actor(),
                    today=paris_today(),
                )
        except OcsoError as error:
            self.error, self.info, self.errors = error.message, "", {}
            return
        if errors:
            self.choices, self.errors, self.error, self.info = asdict(typed), errors, CHECK_FIELDS, ""
            self._refused()
            return
        self._done(caller, CHOICES_SAVED)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def remind(self, caller: EmployerCaller):
        """« Relancer par e-mail »."""
        try:
            with db_session() as session:
                email = staff_record.remind(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_id=self._employee_id,
                    actor=caller.actor(),
                    now=utcnow(),
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self._done(caller, REMINDED.format(email=email))

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def force_base(self, caller: EmployerCaller):
        """« Forcer l'affiliation au régime de base » (confirmed in a dialog)."""
        enrolled = self._change_status(caller, staff_record.force_base)
        if enrolled is not None:
            self._done(caller, FORCED.format(option=enrolled.option_label, number=enrolled.member_number))

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    async def upload_renewal(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        """« Enregistrer le nouveau justificatif » of a dispense renewed every year: one file, checked off the
        event loop, then filed (``services.dispense_renewal``)."""
        incoming = await read_files(files)
        if len(incoming) != 1:
            self.error, self.info = (ONE_PROOF if incoming else PROOF_NEEDED), ""
            return
        try:
            checked = await run_blocking(uploads.check_file, incoming[0])
        except uploads.UploadRejected as rejected:
            self.error, self.info = rejected.message, ""
            return
        await run_blocking(self._renew, caller, checked)

    def _renew(self, caller: EmployerCaller, proof: uploads.CheckedFile) -> None:
        try:
            with db_session() as session:
                due = dispense_renewal.renew_proof(
                    session,
                    structure_ids=caller.structure_ids,
                    employee_id=self._employee_id,
                    proof=proof,
                    by=self._author(caller),
                    actor=caller.actor(),
                    now=utcnow(),
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self._done(caller, RENEWED.format(due=format_short_date(due)))

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def accept_dispense(self, caller: EmployerCaller, request_id: str):
        """« Accepter » a dispense request of this employee."""
        wanted = parse_id(str(request_id))
        try:
            with db_session() as session:
                dispense_decisions.accept(
                    session,
                    structure_ids=caller.structure_ids,
                    request_id=wanted or 0,
                    by=self._author(caller),
                    actor=caller.actor(),
                    now=utcnow(),
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self._done(caller, ACCEPTED)

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def start_refusal(self, _caller: EmployerCaller, request_id: str):
        """« Refuser »: the reason's field opens under the request (empty id: closed)."""
        wanted = parse_id(str(request_id))
        self.refusing = str(wanted) if wanted and any(d["id"] == str(wanted) for d in self.dispenses) else ""
        self.errors, self.error, self.info = {}, "", ""

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def refuse_dispense(self, caller: EmployerCaller, form: dict):
        """« Confirmer le refus » with its reason."""
        wanted = parse_id(self.refusing)
        try:
            with db_session() as session:
                decided = dispense_decisions.refuse(
                    session,
                    structure_ids=caller.structure_ids,
                    request_id=wanted or 0,
                    reason=str(form.get("reason", ""))[:2000],
                    by=self._author(caller),
                    actor=caller.actor(),
                    now=utcnow(),
                )
        except OcsoError as error:
            self.errors, self.error, self.info = {"reason": error.message}, "", ""
            self._refused()
            return
        by_mail = decided.channel is not None and decided.channel.value == "email"
        self._done(caller, REFUSED_BY_MAIL if by_mail else REFUSED_BY_LETTER)
