"""The fiche salarié(e) of Mes salarié(e)s (guide 003): identity, contracts and option, the status as read
today with its dates and its whole history, the dispense requests; the edit of the personal information
(checked as in the pré-affiliation, audited with the names of the fields changed, never their values, on the
structure's log and, once the employee is a member, on their Mon historique),
« Relancer par e-mail » (en cours or à relancer only, at most once in 24 hours), « Forcer l'affiliation
au régime de base » (``services.enrolment.force_base``: the base option, no beneficiary) and, once radiated,
whether « Annuler la radiation » is offered (``services.radiation_cancellation``); « Recevoir le suivi de
ces affiliations », Mes salarié(e)s' taking over of every open affiliation nobody follows any more.

Affiliation data only: never a care line, a reimbursement nor a document. Every function looks the
employee up within the ``structure_ids`` the employer guard gives: another structure's employee is missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AffiliationStatus, DispenseDecision, DispenseRequest, Employee
from ocso_app.services import (
    audit,
    dispense_renewal,
    employer_access,
    employer_changes,
    enrolment,
    pre_affiliation,
    reminders,
)
from ocso_app.services.affiliation import status_of
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.dispense_decisions import DECISION_LABELS
from ocso_app.services.dispense_renewal import Renewal
from ocso_app.services.dispenses import case_of
from ocso_app.services.employee_status import StatusAuthor, StatusChangeRow, status_history
from ocso_app.services.employees import (
    NONE,
    Cover,
    EmployeeFile,
    EmployeeQuery,
    employee_files,
    employee_of,
    listed_ids,
    registrations,
)
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import as_utc, format_paris_minute, format_short_date, paris_date, paris_today
from ocso_app.services.identifiers import compact_nir, compact_postal_code
from ocso_app.services.radiation import radiation_of
from ocso_app.services.radiation_cancellation import CancellationOffer, cancellation_offer
from ocso_app.services.radiation_letter import has_radiation_letter

EVENT_TYPE = reminders.EVENT_TYPE
OPEN = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)
NOT_FOUND = "Salarié(e) introuvable."
NOT_TO_REMIND = "Seul(e) un(e) salarié(e) en cours d'affiliation ou à relancer peut être relancé(e)."
ALREADY_REMINDED = (
    "Une relance a déjà été envoyée le {when} : vous pourrez relancer à nouveau après 24 heures."
)
NO_EMAIL = (
    "Ce/cette salarié(e) n'a pas d'adresse e-mail : ajoutez-la dans ses informations personnelles, ou "
    "téléchargez le courrier d'affiliation à lui poster."
)
NOTHING_CHANGED = "Aucune information n'a été modifiée."
CHOICES_CLOSED = (
    "L'affiliation est terminée : ces adresses ne servent plus (les demandes de dispense et l'avis de fin "
    "d'affiliation ne concernent qu'un(e) salarié(e) en cours d'affiliation ou à relancer)."
)
CHOICES_UNUSED = (
    "La personne qui a choisi ces adresses n'a plus accès à cette fiche : aucun e-mail n'y est plus envoyé. "
    "Enregistrez-les de nouveau (ou d'autres) pour qu'ils repartent."
)
CHOICE_LABELS = {
    "dispense_email": "e-mail des demandes de dispense",
    "notify_hr_email": "e-mail de fin d'affiliation",
}
NOT_TO_FORCE = "Seul(e) un(e) salarié(e) en cours d'affiliation ou à relancer peut être affilié(e) d'office."

FIELD_LABELS = {
    "civility": "civilité",
    "last_name": "nom",
    "first_name": "prénom",
    "birth_date": "date de naissance",
    "nir": "numéro de sécurité sociale",
    "email": "adresse e-mail",
    "address_line": "adresse",
    "postal_code": "code postal",
    "city": "ville",
}


class RecordRefused(OcsoError):
    """An action of the fiche that cannot be done (message in French)."""


@dataclass(frozen=True)
class DispenseRow:
    """One dispense request as the fiche lists it."""

    id: int
    case: str
    end_label: str
    ends_on: str
    proof: str
    has_proof: bool
    requested_on: str
    decision: str
    decision_code: str
    refusal_reason: str


@dataclass(frozen=True)
class PersonalInfo:
    """The editable personal information, as typed (``nir`` empty: unchanged, it is never shown)."""

    civility: str = ""
    last_name: str = ""
    first_name: str = ""
    birth_date: str = ""
    nir: str = ""
    email: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""


@dataclass(frozen=True)
class HrChoices:
    """HR's choices made at the invitation (guide 003, « Affiliation simple »), as typed or as stored: where
    the dispense requests go, and where HR is told the employee has finished (empty: nobody is told)."""

    dispense_email: str = ""
    notify_email: str = ""


@dataclass(frozen=True)
class StaffRecord:
    """What the fiche shows."""

    file: EmployeeFile
    status_code: str
    personal: PersonalInfo
    hired_on: str
    cover_start_on: str
    invited_on: str
    last_reminder_on: str
    affiliated_on: str
    radiated_on: str
    member_number_known: bool
    can_remind: bool
    can_force: bool
    can_radiate: bool
    certificate_wording: str  # once radiated: the mention for the certificat de travail
    cancellation: CancellationOffer  # once radiated: « Annuler la radiation », or why not
    needs_letter: bool
    history: list[StatusChangeRow]
    dispenses: list[DispenseRow]
    registrations: list[Cover]  # every contract the employee was registered on, those ended included
    renewal: Renewal | None = None  # a dispense whose proof is renewed every year: what is due next
    hr_choices: HrChoices | None = None  # while the affiliation is open: HR's two addresses
    hr_choices_note: str = ""  # why they no longer receive anything (their chooser gone), if so
    radiation_letter: bool = False  # radiated: the letter saying what the radiation's e-mail says


def _short(day: date | None) -> str:
    return format_short_date(day) if day else NONE


def _instant(moment: datetime | None) -> str:
    return format_paris_minute(moment) if moment else NONE


def _dispenses(session: Session, employee_id: int) -> list[DispenseRow]:
    rows = session.scalars(
        select(DispenseRequest)
        .where(DispenseRequest.employee_id == employee_id)
        .order_by(DispenseRequest.created_at.desc(), DispenseRequest.id.desc())
    )
    listed = []
    for r in rows:
        case = case_of(r.case)
        listed.append(
            DispenseRow(
                id=r.id,
                case=case.label if case else r.case,
                end_label=case.end_label if case and case.end_label else "Date de fin",
                ends_on=_short(r.ends_on),
                proof=f"Justificatif : {r.proof_name}"
                if r.proof_storage_key
                else "Attestation sur l'honneur",
                has_proof=bool(r.proof_storage_key),
                requested_on=format_short_date(paris_date(r.created_at)),
                decision=DECISION_LABELS[DispenseDecision(r.decision)],
                decision_code=DispenseDecision(r.decision).value,
                refusal_reason=r.refusal_reason or "",
            )
        )
    return listed


def _personal(employee: Employee) -> PersonalInfo:
    return PersonalInfo(
        civility=employee.civility,
        last_name=employee.last_name,
        first_name=employee.first_name,
        birth_date=format_short_date(employee.birth_date),
        email=employee.email or "",
        address_line=employee.address_line or "",
        postal_code=employee.postal_code or "",
        city=employee.city or "",
    )


def _is_open(employee: Employee, today: date) -> bool:
    status = status_of(employee, today)
    return status in OPEN and employee.member_id is None


def _hr_choices(employee: Employee) -> HrChoices:
    return HrChoices(
        dispense_email=employee.dispense_email or "", notify_email=employee.notify_hr_email or ""
    )


def _choices_note(session: Session, employee: Employee) -> str:
    """``CHOICES_UNUSED`` when an address is set but ``employer_access.hr_address`` would send it nothing
    (the user who chose it is gone or lost the access): otherwise HR would believe it still arrives."""
    for address, action in (
        (employee.dispense_email, EmployerAction.MANAGE_EMPLOYEES),
        (employee.notify_hr_email, EmployerAction.VIEW_EMPLOYEES),
    ):
        if address and (
            employer_access.hr_address(
                session,
                address=address,
                chosen_by=employee.invited_by_account_id,
                company_id=employee.company_id,
                action=action,
            )
            is None
        ):
            return CHOICES_UNUSED
    return ""


def staff_record(
    session: Session, *, structure_ids: Sequence[int], employee_id: int, today: date
) -> StaffRecord | None:
    """The fiche of an employee of the caller's structures; ``None`` for anybody else."""
    employee = employee_of(session, structure_ids, employee_id)
    files = employee_files(session, structure_ids=structure_ids, employee_ids=[employee_id], today=today)
    if employee is None or not files:
        return None
    status = status_of(employee, today)
    is_open = _is_open(employee, today)
    recorded = radiation_of(session, employee)
    return StaffRecord(
        file=files[0],
        status_code=status.value,
        personal=_personal(employee),
        hired_on=_short(employee.hired_on),
        cover_start_on=_short(employee.cover_start_on),
        invited_on=_instant(employee.invited_at),
        last_reminder_on=_instant(employee.last_reminder_at),
        affiliated_on=_short(employee.affiliated_on),
        radiated_on=_short(employee.radiated_on),
        member_number_known=employee.member_id is not None,
        can_remind=is_open and bool(employee.email),
        can_force=is_open,
        can_radiate=employee.status not in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY),
        certificate_wording=recorded.certificate_wording if recorded else "",
        cancellation=cancellation_offer(session, employee, today=today),
        needs_letter=is_open and not employee.email,
        history=status_history(session, employee_id=employee.id),
        dispenses=_dispenses(session, employee.id),
        registrations=registrations(session, employee_id=employee.id, today=today),
        renewal=dispense_renewal.renewal(session, employee, today),
        hr_choices=_hr_choices(employee) if is_open else None,
        hr_choices_note=_choices_note(session, employee) if is_open else "",
        radiation_letter=has_radiation_letter(employee),
    )


def _as_pre_affiliation(employee: Employee, typed: PersonalInfo) -> pre_affiliation.PreAffiliation:
    """The typed identity and contact as a pré-affiliation, the stored NIR standing in for an empty one."""
    nir = typed.nir.strip() or (decrypt_field(employee.nir_enc) if employee.nir_enc else "")
    return pre_affiliation.PreAffiliation(
        civility=typed.civility,
        last_name=typed.last_name,
        first_name=typed.first_name,
        birth_date=typed.birth_date,
        nir=nir,
        company_id=str(employee.company_id),
        email=typed.email,
        address_line=typed.address_line,
        postal_code=typed.postal_code,
        city=typed.city,
    )


def _changes(employee: Employee, typed: PersonalInfo, birth: date, nir: str | None) -> dict[str, object]:
    wanted: dict[str, object] = {
        "civility": typed.civility,
        "last_name": typed.last_name.strip().upper(),
        "first_name": typed.first_name.strip(),
        "birth_date": birth,
        "email": typed.email.strip().lower() or None,
        "address_line": typed.address_line.strip() or None,
        "postal_code": compact_postal_code(typed.postal_code) or None,
        "city": typed.city.strip().upper() or None,
    }
    changed = {name: value for name, value in wanted.items() if getattr(employee, name) != value}
    stored = compact_nir(decrypt_field(employee.nir_enc)) if employee.nir_enc else None
    if nir is not None and nir != stored:
        changed["nir"] = nir
    return changed


def update_personal(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    typed: PersonalInfo,
    actor: audit.Actor,
    today: date,
) -> dict[str, str]:
    """Save the personal information of an employee of the caller's structures: every field's problem in
    French (nothing written), or ``{}`` once saved and audited. ``RecordRefused`` for another employee."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None:
        raise RecordRefused(NOT_FOUND)
    data = _as_pre_affiliation(employee, typed)
    context = pre_affiliation.load_context(session, [employee.company_id], today, excluding=employee.id)
    errors = pre_affiliation.check_personal(data, context, today)
    if errors:
        return errors
    birth = pre_affiliation.parse_typed_day(typed.birth_date)
    nir = compact_nir(typed.nir) if typed.nir.strip() else None
    changed = _changes(employee, typed, birth, nir)
    if not changed:
        raise RecordRefused(NOTHING_CHANGED)
    for name, value in changed.items():
        if name == "nir":
            employee.nir_enc = encrypt_field(str(value))
        else:
            setattr(employee, name, value)
    fields = ", ".join(FIELD_LABELS[name] for name in changed)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"Informations personnelles du/de la salarié(e) n° {employee.id} modifiées : {fields}",
    )
    employer_changes.tell_member(
        session,
        actor,
        member_id=employee.member_id,
        event_type=EVENT_TYPE,
        action=f"Informations de votre fiche salarié(e) modifiées par "
        f"{employer_changes.employer(session, employee.company_id)} : {fields}",
    )
    session.flush()
    return {}


def update_hr_choices(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    typed: HrChoices,
    actor: audit.Actor,
    today: date,
) -> dict[str, str]:
    """« Suivi de l'affiliation » of an employee of the caller's structures still en cours or à relancer: the
    address where their dispense request goes (required) and the one told when they have finished (empty:
    nobody). Each field's French problem (nothing written), or ``{}`` once saved and audited with the new
    addresses (HR's own, which the structure's log must show: an address outside the company receives
    employees' names). The caller becomes who chose them, so the e-mails go while the caller may act
    (``employer_access.hr_address``). ``RecordRefused`` for another employee or a finished affiliation."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None:
        raise RecordRefused(NOT_FOUND)
    if not _is_open(employee, today):
        raise RecordRefused(CHOICES_CLOSED)
    errors: dict[str, str] = {}
    pre_affiliation.check_email(typed.dispense_email, "dispense_email", errors, required=True)
    pre_affiliation.check_email(typed.notify_email, "notify_email", errors, required=False)
    if errors:
        return errors
    wanted = {
        "dispense_email": typed.dispense_email.strip().lower(),
        "notify_hr_email": typed.notify_email.strip().lower() or None,
    }
    changed = {name: value for name, value in wanted.items() if getattr(employee, name) != value}
    rechosen = employee.invited_by_account_id != actor.account_id and _choices_note(session, employee) != ""
    if not changed and not rechosen:
        raise RecordRefused(NOTHING_CHANGED)
    for name, value in changed.items():
        setattr(employee, name, value)
    employee.invited_by_account_id = actor.account_id
    shown = {name: value or "personne" for name, value in wanted.items()}
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"Suivi de l'affiliation du/de la salarié(e) n° {employee.id} : "
        + ", ".join(f"{CHOICE_LABELS[name]} {shown[name]}" for name in CHOICE_LABELS),
    )
    session.flush()
    return {}


def to_take_over(
    session: Session, *, structure_ids: Sequence[int], query: EmployeeQuery, today: date
) -> list[int]:
    """The affiliations « Recevoir le suivi de ces affiliations » takes over: those of the list ``query``
    shows (its search and status, every page) that nobody follows (``employer_access.unheard_follow_up``),
    in ``structure_ids`` (the guard's MANAGE_EMPLOYEES scope). Their number is the dialog's."""
    if not structure_ids:
        return []
    unheard = dataclasses.replace(query, unheard=True, page=1)
    return listed_ids(session, structure_ids=structure_ids, query=unheard, today=today)


def take_over_follow_up(
    session: Session,
    *,
    structure_ids: Sequence[int],
    actor: audit.Actor,
    query: EmployeeQuery | None = None,
    today: date | None = None,
) -> int:
    """« Recevoir le suivi de ces affiliations » (Mes salarié(e)s?suivi=orphelin): every open affiliation of
    the caller's structures (the guard's MANAGE_EMPLOYEES scope, as for ``update_hr_choices``) whose addresses
    nobody receives any more (``employer_access.unheard_follow_up``), and, given the list's ``query``, only
    those it shows (``to_take_over``: what the dialog counted), gets the caller's own e-mail as both and the
    caller as their chooser, each audited on its structure's log as the fiche's change is. How many were
    taken over (0: nothing written)."""
    email = session.scalar(select(Account.email).where(Account.id == actor.account_id))
    if not email or not structure_ids:
        return 0
    where = [Employee.company_id.in_(structure_ids), employer_access.unheard_follow_up()]
    if query is not None:
        listed = to_take_over(session, structure_ids=structure_ids, query=query, today=today or paris_today())
        if not listed:
            return 0
        where.append(Employee.id.in_(listed))
    employees = session.scalars(select(Employee).where(*where).order_by(Employee.id)).all()
    for employee in employees:
        employee.dispense_email = employee.notify_hr_email = email
        employee.invited_by_account_id = actor.account_id
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=employee.company_id),
            event_type=EVENT_TYPE,
            action=f"Suivi de l'affiliation du/de la salarié(e) n° {employee.id} repris : "
            + ", ".join(f"{label} {email}" for label in CHOICE_LABELS.values()),
        )
    session.flush()
    return len(employees)


def remind(
    session: Session, *, structure_ids: Sequence[int], employee_id: int, actor: audit.Actor, now: datetime
) -> str:
    """« Relancer par e-mail »: a new personal link e-mailed (the earlier revoked), for an employee still en
    cours or à relancer, at most once in 24 hours; the address it went to. ``RecordRefused`` otherwise."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None:
        raise RecordRefused(NOT_FOUND)
    if not _is_open(employee, paris_date(now)):
        raise RecordRefused(NOT_TO_REMIND)
    if not employee.email:
        raise RecordRefused(NO_EMAIL)
    last = employee.last_reminder_at
    if last is not None and now - as_utc(last) < reminders.REMIND_EVERY:
        raise RecordRefused(ALREADY_REMINDED.format(when=format_paris_minute(last)))
    reminders.send_reminder(session, employee, actor=actor, now=now)
    return employee.email


def force_base(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> enrolment.Enrolled:
    """« Forcer l'affiliation au régime de base » for an employee of the caller's structures still en cours
    or à relancer: a member on the base option, without beneficiaries, « affilié(e) » (audited, e-mailed by
    ``enrolment``). ``RecordRefused`` / ``OcsoError`` otherwise, nothing written."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None:
        raise RecordRefused(NOT_FOUND)
    if not _is_open(employee, paris_date(now)):
        raise RecordRefused(NOT_TO_FORCE)
    return enrolment.force_base(session, employee, by=by, actor=actor, now=now)
