"""The daily job (``python -m ocso_app.cli daily --today YYYY-MM-DD``): moves the statuses whose date has
come and sends the reminders that are due. Idempotent: run twice, or resumed after an interruption, it moves
nothing twice and sends no reminder twice.

- A portabilité whose last day has passed: the former employee becomes radié(e) (the status an employer
  reads is already right without the job, ``services.affiliation``; the job records it in the history).
- One month before a portabilité ends: a reminder to the former employee of what it maintained: their santé,
  their prévoyance too, or their prévoyance alone (an employee dispensed from the santé plan: then nothing of
  care or a card, and no Espace Santé Assuré to write from).
- A dispense whose end date has passed (a fixed-term contract, the CSS, an individual contract until its
  renewal): the employee is asked to affiliate again (new invitation) and is « en cours d'affiliation »; the
  santé registration the dispense withdrew is given back (``dispense_cover``).
- A dispense that needs a proof every year: a reminder 30 days before the proof is due; when the proof is
  still not filed a week after its date (``dispense_renewal.GRACE``: HR's time to file one handed in on
  the day), the dispense no longer holds and ends as a fixed-term one does, the santé registration given
  back from the day after the due date; the invitation tells the employee why and that they may ask for
  the dispense again with a proof, and the HR users who follow the affiliation are told (never the case).

Each item is done in its own transaction; a reminder is recorded (``SentNotice``, unique) in the same
transaction that sends it, after commit, so a crash never sends one twice. Each status the job moves is
written in the audit log of the employee's structure, in the same transaction, with no account and the job
named as the status history names it (« Traitement automatique »); the end of a portabilité is also written
on the member's file, worded for them (``employer_changes.tell_member``), so that Mon historique shows it.
Every row the job writes is of the interface « Automatique ».
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocso_app.db import savepoint
from ocso_app.models import (
    AffiliationStatus,
    Company,
    DispenseDecision,
    DispenseRequest,
    Employee,
    Interface,
    InvitationChannel,
    Member,
    SentNotice,
)
from ocso_app.services import (
    affiliation_invitations,
    audit,
    dispense_cover,
    dispense_decisions,
    dispense_renewal,
    employer_changes,
    radiation,
)
from ocso_app.services.dispenses import CASES, EndKind
from ocso_app.services.employee_status import DAILY_JOB, change_status
from ocso_app.services.formats import format_short_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.portability import add_months

PORTABILITY_ENDING = "fin_portabilite_proche"
PROOF_DUE = "justificatif_dispense"
PROOF_NOTICE = timedelta(days=30)


@dataclass
class DailyReport:
    """What one run did (printed by the command)."""

    radiated: list[int] = field(default_factory=list)
    dispenses_ended: list[int] = field(default_factory=list)
    reminders: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.radiated)} fin(s) de portabilité, {len(self.dispenses_ended)} fin(s) de dispense, "
            f"{len(self.reminders)} rappel(s) envoyé(s)"
        )


Transactions = Callable[[], AbstractContextManager[Session]]
JOB = audit.Actor(account_id=None, interface=Interface.AUTOMATIC)  # the job's rows: no account, no browser


def _each(transaction: Transactions, ids: list[int], step: Callable[[Session, int], bool]) -> Iterator[int]:
    """Run ``step`` on each id in its own transaction; the ids it acted on."""
    for subject_id in ids:
        with transaction() as session:
            if step(session, subject_id):
                yield subject_id


def _address(session: Session, employee: Employee) -> str | None:
    member = session.get(Member, employee.member_id) if employee.member_id else None
    return employee.email or (member.email if member else None)


def _record(session: Session, employee: Employee, event_type: str, what: str) -> None:
    """The job's audit row about ``employee``, on their structure's log: no account, the job named."""
    audit.record(
        session,
        event_type=event_type,
        action=(
            f"{what} : {employee.first_name} {employee.last_name} (salarié(e) n° {employee.id}), "
            f"par {DAILY_JOB.label}"
        ),
        company_id=employee.company_id,
        interface=Interface.AUTOMATIC,
    )


def _once(session: Session, kind: str, subject_id: int, due_on: date) -> bool:
    """Record the reminder; ``False`` if it was already sent (by an earlier or a concurrent run)."""
    try:
        with savepoint(session):
            session.add(SentNotice(kind=kind, subject_id=subject_id, due_on=due_on))
    except IntegrityError:
        return False
    return True


# --- portabilités


def _ended_portabilities(session: Session, today: date) -> list[int]:
    return list(
        session.scalars(
            select(Employee.id).where(
                Employee.status == AffiliationStatus.PORTABILITY, Employee.portability_end_on < today
            )
        )
    )


def _end_portability(session: Session, employee_id: int) -> bool:
    employee = session.get(Employee, employee_id, with_for_update=True)
    if employee is None or employee.status != AffiliationStatus.PORTABILITY:
        return False
    last_day = employee.portability_end_on or date.min
    day_after = last_day + timedelta(days=1)
    note = "Fin de la portabilité"
    change_status(session, employee, AffiliationStatus.RADIATED, on=day_after, by=DAILY_JOB, note=note)
    _record(session, employee, radiation.EVENT_TYPE, f"{note}, radiation au {format_short_date(day_after)}")
    former = employer_changes.employer(session, employee.company_id, former=True)
    employer_changes.tell_member(
        session,
        JOB,
        member_id=employee.member_id,
        event_type=radiation.EVENT_TYPE,
        action=(
            f"Fin de la portabilité de vos garanties le {format_short_date(last_day)} : "
            f"radiation au {format_short_date(day_after)} du contrat collectif de {former}"
        ),
    )
    return True


def _ending_portabilities(session: Session, today: date) -> list[int]:
    return list(
        session.scalars(
            select(Employee.id).where(
                Employee.status == AffiliationStatus.PORTABILITY,
                Employee.portability_end_on >= today,
                Employee.portability_end_on <= add_months(today, 1),
            )
        )
    )


def _remind_portability_end(session: Session, employee_id: int) -> bool:
    employee = session.get(Employee, employee_id)
    if employee is None or employee.portability_end_on is None:
        return False
    address = _address(session, employee)
    if address is None or not _once(session, PORTABILITY_ENDING, employee.id, employee.portability_end_on):
        return False
    # what the portabilité maintained (art. L911-8: santé, prévoyance, or both) is what ends with it
    recorded = radiation.radiation_of(session, employee)
    provident = recorded is not None and recorded.provident
    health = recorded is None or recorded.health or not provident
    if provident:
        guarantees = "santé et prévoyance" if health else "prévoyance"
    else:
        guarantees = "de complémentaire santé"
    ended = []
    if health:
        ended.append(
            "vos soins ne seront plus remboursés par ce contrat et votre carte de tiers payant ne sera plus "
            "valable"
        )
    if provident:
        ended.append("vous ne serez plus couvert(e) en cas de décès, d'incapacité de travail ou d'invalidité")
    # without a santé cover there is no Espace Santé Assuré to write from
    where = "depuis Mes démarches de votre Espace Santé Assuré" if health else f"à {radiation.SUPPORT_EMAIL}"
    send_after_commit(
        session,
        to=address,
        subject=f"Votre portabilité {guarantees} se termine bientôt",
        text=(
            f"Bonjour {employee.first_name} {employee.last_name},\n\n"
            f"La portabilité de vos garanties {guarantees} prend fin le "
            f"{format_short_date(employee.portability_end_on)}. Après cette date, {' ; '.join(ended)}.\n"
            "Si vous avez retrouvé un emploi, ou pour étudier une couverture individuelle, contactez-nous "
            f"{where}."
        ),
    )
    return True


# --- dispenses


def _latest_accepted_dispenses(session: Session) -> dict[int, DispenseRequest]:
    """Each dispensed employee's accepted dispense (the latest one)."""
    latest = (
        select(func.max(DispenseRequest.id))
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(
            DispenseRequest.decision == DispenseDecision.ACCEPTED,
            Employee.status == AffiliationStatus.EXEMPTED,
        )
        .group_by(DispenseRequest.employee_id)
    )
    rows = session.scalars(select(DispenseRequest).where(DispenseRequest.id.in_(latest)))
    return {row.employee_id: row for row in rows}


def _latest_accepted(session: Session, employee_id: int) -> DispenseRequest | None:
    """The employee's latest accepted dispense (a renewed proof is a newer one)."""
    return session.scalars(
        select(DispenseRequest)
        .where(
            DispenseRequest.employee_id == employee_id, DispenseRequest.decision == DispenseDecision.ACCEPTED
        )
        .order_by(DispenseRequest.id.desc())
        .limit(1)
    ).first()


def _dispenses(session: Session, kind: EndKind, due: Callable[[date], bool]) -> list[int]:
    return [
        employee_id
        for employee_id, dispense in _latest_accepted_dispenses(session).items()
        if (case := CASES.get(dispense.case)) is not None
        and case.end == kind
        and dispense.ends_on is not None
        and due(dispense.ends_on)
    ]


ENDING = (EndKind.END_DATE, EndKind.YEARLY_PROOF)


def _over(kind: EndKind, today: date) -> Callable[[date], bool]:
    """Whether a dispense of ``kind`` whose date is this one is over by ``today``: its last day has passed,
    or its yearly proof has lapsed (``dispense_renewal.lapsed``: the date and a grace)."""
    if kind == EndKind.YEARLY_PROOF:
        return partial(dispense_renewal.lapsed, today=today)
    return lambda last_day: last_day < today


def _end_dispense(session: Session, employee_id: int, *, today: date, kind: EndKind) -> bool:
    """End the employee's dispense if it is still the one listed: dispensed, their latest accepted dispense
    of ``kind`` and over (a proof HR filed since the list was read keeps it)."""
    employee = session.get(Employee, employee_id, with_for_update=True)
    if employee is None or employee.status != AffiliationStatus.EXEMPTED:
        return False
    dispense = _latest_accepted(session, employee.id)
    case = CASES.get(dispense.case) if dispense is not None else None
    last_day = dispense.ends_on if dispense is not None else None
    if (
        dispense is None
        or case is None
        or case.end != kind
        or last_day is None
        or not _over(kind, today)(last_day)
    ):
        return False
    lapsed = kind == EndKind.YEARLY_PROOF
    why = f"justificatif annuel attendu le {format_short_date(last_day)} non reçu" if lapsed else ""
    note = "Fin de la dispense" + (f" : {why}" if why else "")
    change_status(session, employee, AffiliationStatus.PENDING, on=today, by=DAILY_JOB, note=note)
    from_day = last_day + timedelta(days=1)
    given_back = dispense_cover.give_back(session, employee, from_day=from_day)
    company = session.get(Company, employee.company_id)
    wording = dispense_renewal.over_invitation(company.name if company else "", dispense)
    invited = affiliation_invitations.invite(session, employee, why=wording)
    how = (
        "invitation à s'affilier envoyée par e-mail"
        if invited.channel == InvitationChannel.EMAIL
        else "courrier d'invitation à s'affilier à poster"
    )
    done = "Fin de la dispense" + (f", {why}" if why else "")
    _record(session, employee, dispense_decisions.EVENT_TYPE, f"{done}{given_back}, {how}")
    dispense_renewal.tell_hr_of_end(
        session, employee, from_day=from_day, invited=invited, proof_due_on=last_day if lapsed else None
    )
    return True


def _remind_proof(session: Session, employee_id: int) -> bool:
    employee = session.get(Employee, employee_id)
    dispense = _latest_accepted_dispenses(session).get(employee_id)
    if employee is None or dispense is None or dispense.ends_on is None:
        return False
    address = _address(session, employee)
    if address is None or not _once(session, PROOF_DUE, employee.id, dispense.ends_on):
        return False
    send_after_commit(
        session,
        to=address,
        subject="Votre dispense d'affiliation : justificatif à renouveler",
        text=(
            f"Bonjour {employee.first_name} {employee.last_name},\n\n"
            "Vous êtes dispensé(e) de la complémentaire santé de votre entreprise parce que vous êtes "
            "couvert(e) par une autre couverture collective obligatoire. Le justificatif de cette "
            f"couverture est à renouveler avant le {format_short_date(dispense.ends_on)} : "
            "transmettez-le à votre service RH. Sans ce justificatif, votre dispense prendra fin et vous "
            "serez invité(e) à vous affilier au contrat collectif."
        ),
    )
    return True


def run_daily(today: date, transaction: Transactions) -> DailyReport:
    """One run of the daily job for ``today``; ``transaction()`` opens a session committed on success
    (``ocso_app.db.db_session``)."""
    report = DailyReport()
    with transaction() as session:
        ended = _ended_portabilities(session, today)
        ending = _ending_portabilities(session, today)
        endings = {kind: _dispenses(session, kind, _over(kind, today)) for kind in ENDING}
        proofs_due = _dispenses(
            session, EndKind.YEARLY_PROOF, lambda end: today <= end <= today + PROOF_NOTICE
        )
    report.radiated = list(_each(transaction, ended, _end_portability))
    report.reminders += [(PORTABILITY_ENDING, i) for i in _each(transaction, ending, _remind_portability_end)]
    for kind, ids in endings.items():
        report.dispenses_ended += list(
            _each(transaction, ids, partial(_end_dispense, today=today, kind=kind))
        )
    report.reminders += [(PROOF_DUE, i) for i in _each(transaction, proofs_due, _remind_proof)]
    return report
