"""« Annuler la radiation »: HR undoes a radiation recorded by mistake (wrong employee, a resignation
withdrawn, a wrong date) within 30 days, from the fiche salarié(e).

The cancellation restores exactly what the radiation changed, as its memory (``models.radiation``) says, and
nothing else: the status before it, the employee's departure fields (the portabilité it opened goes), the
contract registrations and beneficiaries it ended, the member's radiation date and the dispense requests it
closed « sans suite ». A row somebody changed since the radiation (its end date is no longer the one the
radiation set) is left as it is. Both rows stay in the status history; the cancellation is audited with its
author (on the structure's log, and on the member's Mon historique: ``employer_changes``), and the employee
told of the radiation is told of its cancellation.

A radiation recorded before the portal kept this memory is not cancelled here: a registration or a
beneficiary that ended on the radiation's day for another reason cannot be told apart from one the radiation
ended, and restoring a cover wrongly means paying care nobody is insured for. OCSO does it by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ocso_app.models import (
    AffiliationStatus,
    Beneficiary,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeContract,
    Member,
    RadiationClosedRow,
    RadiationRecord,
)
from ocso_app.services import audit, employer_changes
from ocso_app.services.affiliation import status_label
from ocso_app.services.employee_status import StatusAuthor, change_status
from ocso_app.services.employees import employee_of
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.radiation import Radiation, radiation_of

CANCEL_WITHIN = timedelta(days=30)
RADIATED = (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY)

NOT_FOUND = "Salarié(e) introuvable dans vos structures."
NOT_RADIATED = "Ce(tte) salarié(e) n'est pas radié(e) : il n'y a pas de radiation à annuler."
ALREADY_CANCELLED = "Cette radiation est déjà annulée."
TOO_OLD = (
    "Cette radiation a été enregistrée il y a plus de 30 jours : elle ne peut plus être annulée depuis votre "
    "espace. Pour la corriger, contactez OCSO."
)
NOT_REMEMBERED = (
    "Cette radiation a été enregistrée avant que l'espace entreprise ne permette de l'annuler : pour la "
    "corriger, contactez OCSO."
)
EVENT_TYPE = "Radiation"


class CancellationRefused(OcsoError):
    """The radiation cannot be cancelled from the portal (message in French); nothing was written."""


@dataclass(frozen=True)
class CancellationOffer:
    """What the fiche offers about the radiation in force: the action, or why not (empty when the employee
    is not radiated)."""

    possible: bool
    refusal: str


def _radiation_in_force(session: Session, employee: Employee, today: date) -> RadiationRecord:
    """The memory of the radiation in force on ``employee``, if it may still be cancelled from the portal."""
    record = session.scalar(
        select(RadiationRecord)
        .where(RadiationRecord.employee_id == employee.id)
        .order_by(RadiationRecord.id.desc())
        .limit(1)
    )
    cancelled = record is not None and record.cancelled_at is not None
    if employee.status not in RADIATED:
        raise CancellationRefused(ALREADY_CANCELLED if cancelled else NOT_RADIATED)
    if record is None or cancelled or record.status_change.effective_on != employee.radiated_on:
        raise CancellationRefused(NOT_REMEMBERED)  # radiated before the portal kept what it changed
    if paris_date(record.status_change.recorded_at) < today - CANCEL_WITHIN:
        raise CancellationRefused(TOO_OLD)
    return record


def cancellation_offer(session: Session, employee: Employee, *, today: date) -> CancellationOffer:
    """Whether the fiche offers « Annuler la radiation » for ``employee`` (whose structure the caller's guard
    has checked), or the French reason it does not."""
    if employee.status not in RADIATED:
        return CancellationOffer(False, "")
    try:
        _radiation_in_force(session, employee, today)
    except CancellationRefused as refused:
        return CancellationOffer(False, refused.message)
    return CancellationOffer(True, "")


def _claim(session: Session, record: RadiationRecord, employee: Employee, now: datetime) -> None:
    """Mark the radiation cancelled and give the employee back their status and departure fields, each only
    if still as the radiation left it: a second click or a replayed event cancels nothing more."""
    claimed = session.execute(
        update(RadiationRecord)
        .where(RadiationRecord.id == record.id, RadiationRecord.cancelled_at.is_(None))
        .values(cancelled_at=now)
    )
    restored = session.execute(
        update(Employee)
        .where(Employee.id == employee.id, Employee.status.in_(RADIATED))
        .values(
            radiated_on=record.previous_radiated_on,
            radiation_reason=record.previous_radiation_reason,
            portability_end_on=record.previous_portability_end_on,
        )
    )
    if claimed.rowcount != 1 or restored.rowcount != 1:  # type: ignore[attr-defined]
        raise CancellationRefused(ALREADY_CANCELLED)


def _reopen(session: Session, row: RadiationClosedRow) -> None:
    """Give one closed row back its previous end date (or reopen the dispense request), if nobody changed
    it since the radiation."""
    if row.employee_contract_id is not None:
        session.execute(
            update(EmployeeContract)
            .where(EmployeeContract.id == row.employee_contract_id, EmployeeContract.end_date == row.end_date)
            .values(end_date=row.previous_end_date)
        )
    elif row.beneficiary_id is not None:
        session.execute(
            update(Beneficiary)
            .where(Beneficiary.id == row.beneficiary_id, Beneficiary.end_date == row.end_date)
            .values(end_date=row.previous_end_date)
        )
    elif row.dispense_request_id is not None:
        session.execute(
            update(DispenseRequest)
            .where(
                DispenseRequest.id == row.dispense_request_id,
                DispenseRequest.decision == DispenseDecision.WITHDRAWN,
            )
            .values(decision=DispenseDecision.REQUESTED, decided_by_account_id=None, decided_at=None)
        )


def _restore_member(session: Session, record: RadiationRecord) -> str | None:
    """The member's radiation date as before the radiation (if still the one it set); their e-mail."""
    if record.member_id is None:
        return None
    session.execute(
        update(Member)
        .where(Member.id == record.member_id, Member.radiation_date == record.member_radiation_date)
        .values(radiation_date=record.previous_member_radiation_date)
    )
    return session.scalar(select(Member.email).where(Member.id == record.member_id))


CANCELLED = "Votre radiation est annulée"
GOES_ON = "vos garanties continuent"


def _what_goes_on(cancelled: Radiation | None) -> tuple[bool, str]:
    """Whether the employee's guarantees go on, and the cancellation e-mail's sentence saying how, as the
    radiation read their cover: a santé cover with its card and beneficiaries, the prévoyance alone, or
    nothing yet (then their affiliation takes up where it was, and no cover or card is promised)."""
    if cancelled is not None and not cancelled.covered:
        return False, (
            "Votre affiliation reprend où elle en était : le lien d'affiliation que vous avez pu recevoir "
            "sert de nouveau, jusqu'à sa date d'expiration."
        )
    if cancelled is not None and cancelled.provident and not cancelled.health:
        return True, "Vous restez couvert(e) par le contrat de prévoyance comme avant, sans interruption."
    return True, (
        "Vous et vos bénéficiaires restez couverts comme avant, sans interruption, avec la même carte de "
        "tiers payant."
    )


def _tell_employee(
    session: Session, address: str, employee: Employee, left_on: date, cancelled: Radiation | None
) -> None:
    goes_on, sentence = _what_goes_on(cancelled)
    outcome = f"{CANCELLED.lower()}, {GOES_ON}" if goes_on else CANCELLED.lower()
    text = "\n".join(
        [
            f"Bonjour {employee.first_name} {employee.last_name},",
            "",
            f"Votre employeur nous avait informés de la fin de votre contrat de travail le "
            f"{format_short_date(left_on)}. Il nous indique que cette information était une erreur : "
            f"{outcome}.",
            "",
            f"{sentence} Vous n'avez rien à faire.",
        ]
    )
    subject = f"{CANCELLED} : {GOES_ON}" if goes_on else CANCELLED
    send_after_commit(session, to=address, subject=subject, text=text)


@dataclass(frozen=True)
class CancelledRadiation:
    """What the cancellation gave back, for HR's message."""

    name: str
    status: str
    left_on: date


def cancel_radiation(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> CancelledRadiation:
    """Cancel the radiation in force on an employee of the caller's structures (in the caller's transaction).
    ``CancellationRefused`` with a French message, nothing written, when it cannot be."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None:
        raise CancellationRefused(NOT_FOUND)
    record = _radiation_in_force(session, employee, paris_date(now))
    left_on = record.status_change.effective_on
    cancelled = radiation_of(session, employee)  # read before the departure fields are given back
    _claim(session, record, employee, now)
    note = f"Annulation de la radiation du {format_short_date(left_on)} (enregistrée par erreur)"
    record.cancellation_change = change_status(
        session, employee, record.previous_status, on=left_on, by=by, note=note
    )
    for row in record.closed_rows:
        _reopen(session, row)
    member_email = _restore_member(session, record)
    name = f"{employee.first_name} {employee.last_name}"
    audit.record_by(
        session,
        replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"Annulation de la radiation de {name} (salarié(e) n° {employee.id}) au "
        f"{format_short_date(left_on)}, par {by.label}",
    )
    employer_changes.tell_member(
        session,
        actor,
        member_id=record.member_id,
        event_type=EVENT_TYPE,
        action=f"Radiation au {format_short_date(left_on)} annulée par "
        f"{employer_changes.employer(session, employee.company_id)} : vos garanties continuent",
    )
    address = employee.email or member_email
    if address and record.employee_told:
        _tell_employee(session, address, employee, left_on, cancelled)
    return CancelledRadiation(name, status_label(record.previous_status), left_on)
