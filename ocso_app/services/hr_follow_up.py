"""What HR must follow so that nobody is caught out (issue 13), on the Espace Employeur's Accueil: the
portabilités running (end date, the former employee's proofs received, the reminder sent a month before the
end), the dispense proofs that expire within 30 days, and the employees neither affiliated nor dispensed
8 days after their invitation. The former employee sees their own portabilité in their member space.

Affiliation data only: names, dates, counts of proofs sent — never a care line nor a document's content.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Row, Select, and_, bindparam, func, select
from sqlalchemy.orm import Session

from ocso_app.db import read
from ocso_app.models import (
    AffiliationStatus,
    DispenseDecision,
    DispenseRequest,
    Employee,
    Request,
    SentNotice,
)
from ocso_app.services.affiliation import effective_status_is
from ocso_app.services.daily import PORTABILITY_ENDING
from ocso_app.services.dispenses import CASES, EndKind
from ocso_app.services.employer_access import STRUCTURE_IDS
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.requests.labels import PORTABILITY_PROOF, SEND_DOCUMENTS

EXPIRING_WITHIN = timedelta(days=30)
LISTED = 10


@dataclass(frozen=True)
class PortabilityRow:
    """One portabilité as HR and the former employee follow it."""

    employee_id: int
    name: str
    ends_on: str
    days_left: int
    proofs: int
    last_proof: str  # "" when none was received
    reminded_on: str  # "" when the reminder of the month before has not been sent


@dataclass(frozen=True)
class ExpiringProofRow:
    employee_id: int
    name: str
    case: str
    due_on: str
    ends: bool  # the dispense ends (True) or its proof must be renewed (False)


@dataclass(frozen=True)
class ToRemindRow:
    employee_id: int
    name: str
    invited_on: str


@dataclass(frozen=True)
class FollowUp:
    portabilities: list[PortabilityRow]
    portabilities_total: int
    expiring: list[ExpiringProofRow]
    to_remind: list[ToRemindRow]
    to_remind_total: int


def _day(moment: datetime | None) -> str:
    return format_short_date(paris_date(moment)) if moment else ""


# The statements HR's Accueil runs on every opening, built once (``db.read``, no ORM result machinery); the
# structures, members and employees are bound at each run.
_PROOFS = (
    select(Request.member_id, func.count(), func.max(Request.created_at))
    .where(
        Request.member_id.in_(bindparam("member_ids", expanding=True)),
        Request.request_type == SEND_DOCUMENTS,
        Request.subject == PORTABILITY_PROOF,
    )
    .group_by(Request.member_id)
)
_REMINDERS = select(SentNotice.subject_id, SentNotice.due_on, SentNotice.sent_at).where(
    SentNotice.kind == bindparam("kind"), SentNotice.subject_id.in_(bindparam("employee_ids", expanding=True))
)
_NAMES = (Employee.id, Employee.member_id, Employee.last_name, Employee.first_name)


@dataclass(frozen=True)
class _Lists:
    """The statements of one day (their dates are the day's): the lists and their totals."""

    portabilities: Select[*tuple[Any, ...]]
    portabilities_total: Select[*tuple[Any, ...]]
    to_remind: Select[*tuple[Any, ...]]
    to_remind_total: Select[*tuple[Any, ...]]
    expiring: Select[*tuple[Any, ...]]


@functools.lru_cache(maxsize=2)
def _lists(today: date) -> _Lists:
    mine = Employee.company_id.in_(STRUCTURE_IDS)
    running = and_(
        mine, Employee.status == AffiliationStatus.PORTABILITY, Employee.portability_end_on >= today
    )
    late = and_(mine, effective_status_is(today, AffiliationStatus.TO_REMIND))
    expiring = (
        select(DispenseRequest.case, DispenseRequest.ends_on, *_NAMES)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(
            mine,
            Employee.status == AffiliationStatus.EXEMPTED,
            DispenseRequest.decision == DispenseDecision.ACCEPTED,
            DispenseRequest.ends_on >= today,
            DispenseRequest.ends_on <= today + EXPIRING_WITHIN,
        )
        .order_by(DispenseRequest.ends_on)
        .limit(LISTED)
    )
    return _Lists(
        portabilities=select(*_NAMES, Employee.portability_end_on)
        .where(running)
        .order_by(Employee.portability_end_on)
        .limit(LISTED),
        portabilities_total=select(func.count()).where(running),
        to_remind=select(*_NAMES, Employee.invited_at)
        .where(late)
        .order_by(Employee.invited_at)
        .limit(LISTED),
        to_remind_total=select(func.count()).where(late),
        expiring=expiring,
    )


def _proofs(session: Session, member_ids: list[int]) -> dict[int | None, tuple[int, datetime]]:
    """Per member: the attestations France Travail sent through Mes démarches, and the latest one's date."""
    if not member_ids:
        return {}
    rows = read(session, _PROOFS, {"member_ids": member_ids})
    return {member_id: (count, last) for member_id, count, last in rows}


def _reminders(session: Session, kind: str, employee_ids: list[int]) -> dict[tuple[int, date], datetime]:
    if not employee_ids:
        return {}
    rows = read(session, _REMINDERS, {"kind": kind, "employee_ids": employee_ids})
    return {(subject, due): sent for subject, due, sent in rows}


class _Former(Protocol):
    """What a portabilité's row needs of the employee (an ``Employee``, or a row of its columns)."""

    id: int
    member_id: int | None
    last_name: str
    first_name: str
    portability_end_on: date | None


def _portability_rows(session: Session, employees: Sequence[_Former], today: date) -> list[PortabilityRow]:
    proofs = _proofs(session, [e.member_id for e in employees if e.member_id])
    reminders = _reminders(session, PORTABILITY_ENDING, [e.id for e in employees])
    rows = []
    for e in employees:
        end = e.portability_end_on or today
        count, last = proofs.get(e.member_id or 0, (0, None))
        rows.append(
            PortabilityRow(
                employee_id=e.id,
                name=f"{e.last_name} {e.first_name}",
                ends_on=format_short_date(end),
                days_left=(end - today).days,
                proofs=count,
                last_proof=_day(last),
                reminded_on=_day(reminders.get((e.id, end))),
            )
        )
    return rows


def follow_up(session: Session, *, structure_ids: Sequence[int], today: date) -> FollowUp:
    """The three lists of HR's Accueil for these structures (the guard's ``VIEW_EMPLOYEES`` scope)."""
    lists, mine = _lists(today), {"structure_ids": list(structure_ids)}
    portabilities = read(session, lists.portabilities, mine).all()
    to_remind = read(session, lists.to_remind, mine).all()
    return FollowUp(
        portabilities=_portability_rows(session, portabilities, today),
        portabilities_total=read(session, lists.portabilities_total, mine).scalar() or 0,
        expiring=_expiring(read(session, lists.expiring, mine)),
        to_remind=[ToRemindRow(e.id, f"{e.last_name} {e.first_name}", _day(e.invited_at)) for e in to_remind],
        to_remind_total=read(session, lists.to_remind_total, mine).scalar() or 0,
    )


def _expiring(rows: Iterable[Row[Any]]) -> list[ExpiringProofRow]:
    """Accepted dispenses of dispensed employees whose end or proof date falls within 30 days."""
    found = []
    for row in rows:
        case = CASES.get(row.case)
        if case is None or case.end == EndKind.NONE or row.ends_on is None:
            continue
        found.append(
            ExpiringProofRow(
                employee_id=row.id,
                name=f"{row.last_name} {row.first_name}",
                case=case.label,
                due_on=format_short_date(row.ends_on),
                ends=case.end == EndKind.END_DATE,
            )
        )
    return found


# Every opening of the member's Accueil asks; nearly always there is none (built once, read as a column).
_MEMBER_PORTABILITY = (
    select(Employee.id)
    .where(
        Employee.member_id == bindparam("member_id"),
        Employee.status == AffiliationStatus.PORTABILITY,
        Employee.portability_end_on >= bindparam("today"),
    )
    .limit(1)
)


def member_portability(session: Session, *, member_id: int, today: date) -> PortabilityRow | None:
    """The member's own running portabilité, if any (their member space shows it)."""
    employee_id = read(session, _MEMBER_PORTABILITY, {"member_id": member_id, "today": today}).scalar()
    employee = session.get(Employee, employee_id) if employee_id is not None else None
    return _portability_rows(session, [employee], today)[0] if employee else None
