"""What a dispense does to the employee's santé registration (``EmployeeContract`` on a santé contract).

The pré-affiliation registers a new employee on the structure's contracts from the start of cover, the santé
one without option (the employee chooses it when they affiliate). An employee dispensed from the santé plan
is not covered by it: no member file, no card, no beneficiary. A dispense is only ever granted to an
employee still to affiliate (``dispense_decisions``), who has never been covered, and it holds from the
start of their cover: so a granted dispense means the santé registration **never opens**. It stays, with
its contract, option and start, but its end date (the last covered day, ``services.radiation``) is set to
the day before its start: a registration that covers no day. Every reader of the registrations in force
(the Assurés list and its « Détail santé », the export, the attestation d'adhésion, the fiche) keeps only
those that cover a day (``covers_a_day``), so they name the prévoyance alone; the demo data writes its
dispensed employees the same way (``seed.writers.employees``: the withdrawn row and the accepted request).
The prévoyance registration is untouched: prévoyance has no dispense.

The row is kept rather than deleted: an employee has one registration per contract (to give back), and a
radiation's memory may point at it (``models.radiation``). The data says it rather than every reader
checking the status, because the status moves on while the
registration stays: a dispensed employee radiated, en portabilité of their prévoyance, keeps a santé
registration that covers no day (the radiation ends nothing more of it, ``radiation._freeze_rights``; its
cancellation gives back exactly what it ended), and the fiche of a former employee never says they were
covered by the santé contract while dispensed.

The transitions: accepting the dispense withdraws the registration (``withdraw``); a refusal changes
nothing (the request was only a request); a renewed yearly proof keeps it withdrawn; the end of a
fixed-term dispense, or of a yearly one whose proof lapsed (the daily job: « en cours d'affiliation »
again), gives it back open, the same contract and option, from the day after the dispense's last day or
its proof's due date (``give_back``): the employee was not covered while
dispensed, so their santé cover starts then, not at their hiring. ``enrolment`` affiliates them from the
registration's start, so their member file, beneficiaries and card do not reach back into the dispense
either. Each is written in the audit log by the caller, in the row that already says who accepted or ended
the dispense.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ocso_app.models import Contract, ContractKind, Employee, EmployeeContract


def covers_a_day() -> ColumnElement[bool]:
    """The registrations that cover at least one day: not one a dispense withdrew before it opened."""
    return or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= EmployeeContract.start_date)


def covers_some_day(registration: EmployeeContract) -> bool:
    """``covers_a_day`` of one registration in memory."""
    return registration.end_date is None or registration.end_date >= registration.start_date


def _health_registrations(session: Session, employee: Employee) -> list[tuple[EmployeeContract, str]]:
    rows = session.execute(
        select(EmployeeContract, Contract.number)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.SANTE)
        .order_by(EmployeeContract.id)
    )
    return [(registration, number) for registration, number in rows]


def _wording(numbers: list[str], done: str) -> str:
    """« , inscription au contrat santé S123 retirée » for the audit row; empty when nothing changed."""
    return "".join(f", inscription au contrat santé {number} {done}" for number in numbers)


def withdraw(session: Session, employee: Employee) -> str:
    """The dispense of ``employee`` is granted: each santé registration that covers a day never opens. The
    words the audit row of the acceptance adds (empty when there was none)."""
    numbers = []
    for registration, number in _health_registrations(session, employee):
        if covers_some_day(registration):
            registration.end_date = registration.start_date - timedelta(days=1)
            numbers.append(number)
    return _wording(numbers, "retirée")


def give_back(session: Session, employee: Employee, *, from_day: date) -> str:
    """The dispense of ``employee`` is over, ``from_day`` being the first day it no longer covers: each
    santé registration it withdrew opens again from that day (or its own start, if later), with no end, as
    the pré-affiliation left it. The words the audit row adds."""
    numbers = []
    for registration, number in _health_registrations(session, employee):
        if not covers_some_day(registration):
            registration.start_date = max(registration.start_date, from_day)
            registration.end_date = None
            numbers.append(number)
    return _wording(numbers, "rétablie")
