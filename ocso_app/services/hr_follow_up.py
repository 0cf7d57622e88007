"""What HR must follow so that nobody is caught out (issue 13), on the Espace Employeur's Accueil: the
portabilités running (end date, the former employee's proofs received, whether sent from their member space
or recorded by OCSO from an e-mail or a letter, the reminder sent a month before the end), the dispense
proofs that expire within 30 days or are late, the employees neither affiliated nor dispensed 8 days after
their invitation, and those HR registered without inviting them (an affiliation complète left unfinished, an
import whose invitations stopped), whom nobody else will ever prompt. The former employee sees their own
portabilité in their member space.

Affiliation data only: names, dates, counts of proofs sent — never a care line nor a document's content.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from ocso_app.db import Reader, read
from ocso_app.models import (
    AffiliationStatus,
    DispenseDecision,
    DispenseRequest,
    Employee,
    PortabilityProof,
    Request,
    SentNotice,
)
from ocso_app.services.affiliation import effective_status_is
from ocso_app.services.daily import PORTABILITY_ENDING
from ocso_app.services.dispense_renewal import GRACE
from ocso_app.services.dispenses import CASES, EndKind
from ocso_app.services.employer_access import STRUCTURE_IDS, unheard_follow_up
from ocso_app.services.formats import format_short_date, in_days, paris_date
from ocso_app.services.requests.labels import PORTABILITY_PROOF, SEND_DOCUMENTS

EXPIRING_WITHIN = timedelta(days=30)
YEARLY_PROOF_CASES = tuple(code for code, case in CASES.items() if case.end == EndKind.YEARLY_PROOF)
LISTED = 10


@dataclass(frozen=True)
class PortabilityRow:
    """One portabilité as HR and the former employee follow it."""

    employee_id: int
    name: str
    ends_on: str
    ends_in: str  # « dans 21 jours », « dans 1 jour », « aujourd'hui » (its last day)
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
    late: bool = False  # a yearly proof whose date has passed without HR filing the new one
    last_day: str = ""  # late: the last day to file it before the daily job ends the dispense


@dataclass(frozen=True)
class ToRemindRow:
    """An employee waiting for HR: invited 8 days ago or more without answering (``invited_on``), or
    registered without an invitation (``invited_on`` is "", ``registered_on`` says since when)."""

    employee_id: int
    name: str
    invited_on: str
    registered_on: str
    company_id: int = 0  # their structure: whether the caller may relancer them there


@dataclass(frozen=True)
class FollowUp:
    portabilities: list[PortabilityRow]
    portabilities_total: int
    expiring: list[ExpiringProofRow]
    to_remind: list[ToRemindRow]
    to_remind_total: int
    unheard_total: int = 0  # open affiliations whose HR addresses nobody receives any more


def _day(moment: datetime | None) -> str:
    return format_short_date(paris_date(moment)) if moment else ""


# The statements HR's Accueil runs on every opening, built once (``db.read``, no ORM result machinery); the
# structures and the member are bound at each run. A list comes with its total (the window's count is over
# every matching row, before the limit), a portabilité with its proofs and reminder: one statement each.
# A proof is a démarche the member sent from the Espace Santé Assuré, or one OCSO recorded from the company's
# file after receiving it by e-mail or post (``portability_proofs``: the only way for a former employee
# covered by the prévoyance alone, who has no member file); HR counts both.
_PROOF = (Request.request_type == SEND_DOCUMENTS, Request.subject == PORTABILITY_PROOF)
_SENT = (Request.member_id == Employee.member_id, *_PROOF)
_RECORDED = PortabilityProof.employee_id == Employee.id
_PORTABILITY = (
    Employee.id,
    Employee.last_name,
    Employee.first_name,
    Employee.portability_end_on,
    (
        select(func.count()).where(*_SENT).scalar_subquery()
        + select(func.count()).where(_RECORDED).scalar_subquery()
    ).label("proofs"),
    select(func.max(Request.created_at)).where(*_SENT).scalar_subquery().label("last_proof"),
    select(func.max(PortabilityProof.received_on)).where(_RECORDED).scalar_subquery().label("last_recorded"),
    select(SentNotice.sent_at)
    .where(
        SentNotice.kind == PORTABILITY_ENDING,
        SentNotice.subject_id == Employee.id,
        SentNotice.due_on == Employee.portability_end_on,
    )
    .limit(1)
    .scalar_subquery()
    .label("reminded_at"),
)
_TOTAL = func.count().over().label("total")
_NAMES = (Employee.id, Employee.last_name, Employee.first_name)


def _never_invited() -> ColumnElement[bool]:
    """« En cours » without an invitation nor a dispense request awaiting HR's decision (sending one stops
    the invitation's clock the same way): HR began the affiliation complète and left, or an import's
    invitations were not all sent. The employee has nothing to answer; only HR can take it up again."""
    awaiting_decision = exists().where(
        DispenseRequest.employee_id == Employee.id, DispenseRequest.decision == DispenseDecision.REQUESTED
    )
    return and_(
        Employee.status == AffiliationStatus.PENDING, Employee.invited_at.is_(None), ~awaiting_decision
    )


# How many of the structures' open affiliations nobody follows any more: one count, whatever their number.
_UNHEARD = select(func.count()).where(Employee.company_id.in_(STRUCTURE_IDS), unheard_follow_up())


@dataclass(frozen=True)
class _Lists:
    """The statements of one day (their dates are the day's)."""

    portabilities: Select[*tuple[Any, ...]]
    to_remind: Select[*tuple[Any, ...]]
    expiring: Select[*tuple[Any, ...]]


@functools.lru_cache(maxsize=2)
def _lists(today: date) -> _Lists:
    mine = Employee.company_id.in_(STRUCTURE_IDS)
    running = and_(
        mine, Employee.status == AffiliationStatus.PORTABILITY, Employee.portability_end_on >= today
    )
    waiting = and_(mine, or_(effective_status_is(today, AffiliationStatus.TO_REMIND), _never_invited()))
    newer = aliased(DispenseRequest)
    renewed = exists().where(  # HR filed a newer proof (``dispense_renewal``): this one is history
        newer.employee_id == DispenseRequest.employee_id,
        newer.decision == DispenseDecision.ACCEPTED,
        newer.id > DispenseRequest.id,
    )
    expiring = (
        select(DispenseRequest.case, DispenseRequest.ends_on, *_NAMES)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(
            mine,
            Employee.status == AffiliationStatus.EXEMPTED,
            DispenseRequest.decision == DispenseDecision.ACCEPTED,
            ~renewed,
            # a dispense that ends is ended by the daily job; a late yearly proof is listed until it is
            # filed, or until the job ends the dispense once its grace is over (``dispense_renewal.lapsed``)
            or_(DispenseRequest.ends_on >= today, DispenseRequest.case.in_(YEARLY_PROOF_CASES)),
            DispenseRequest.ends_on <= today + EXPIRING_WITHIN,
        )
        .order_by(DispenseRequest.ends_on)
        .limit(LISTED)
    )
    # the page of portabilités first, then their proofs and reminders: for these 10 rows, not for every
    # running portabilité of the structures (the total counts them all)
    shown = (
        select(Employee.id, _TOTAL)
        .where(running)
        .order_by(Employee.portability_end_on, Employee.id)
        .limit(LISTED)
        .subquery()
    )
    return _Lists(
        portabilities=select(*_PORTABILITY, shown.c.total)
        .join(shown, shown.c.id == Employee.id)
        .order_by(Employee.portability_end_on, Employee.id),
        to_remind=select(*_NAMES, Employee.invited_at, Employee.created_at, Employee.company_id, _TOTAL)
        .where(waiting)
        .order_by(func.coalesce(Employee.invited_at, Employee.created_at), Employee.id)
        .limit(LISTED),
        expiring=expiring,
    )


def _last_proof(sent: datetime | None, recorded: date | None) -> str:
    """The later of the last démarche (a moment, dated in Paris) and the last proof OCSO recorded (the day
    it was received); "" when there is neither."""
    days = [day for day in (paris_date(sent) if sent else None, recorded) if day is not None]
    return format_short_date(max(days)) if days else ""


def _portability_row(row: Row[Any], today: date) -> PortabilityRow:
    """A row of ``_PORTABILITY`` (a running portabilité: its end date is set) as HR and the member read it."""
    end = row.portability_end_on or today
    return PortabilityRow(
        employee_id=row.id,
        name=f"{row.last_name} {row.first_name}",
        ends_on=format_short_date(end),
        ends_in=in_days((end - today).days),
        proofs=row.proofs,
        last_proof=_last_proof(row.last_proof, row.last_recorded),
        reminded_on=_day(row.reminded_at),
    )


def follow_up(session: Session, *, structure_ids: Sequence[int], today: date) -> FollowUp:
    """The three lists of HR's Accueil for these structures (the guard's ``VIEW_EMPLOYEES`` scope), and how
    many open affiliations' follow-up addresses nobody receives (``unheard_follow_up``)."""
    lists, mine = _lists(today), {"structure_ids": list(structure_ids)}
    portabilities = read(session, lists.portabilities, mine).all()
    to_remind = read(session, lists.to_remind, mine).all()
    unheard = read(session, _UNHEARD, mine).scalar() or 0
    return FollowUp(
        portabilities=[_portability_row(row, today) for row in portabilities],
        portabilities_total=portabilities[0].total if portabilities else 0,
        expiring=_expiring(read(session, lists.expiring, mine), today),
        to_remind=[
            ToRemindRow(
                e.id, f"{e.last_name} {e.first_name}", _day(e.invited_at), _day(e.created_at), e.company_id
            )
            for e in to_remind
        ],
        to_remind_total=to_remind[0].total if to_remind else 0,
        unheard_total=unheard,
    )


def _expiring(rows: Iterable[Row[Any]], today: date) -> list[ExpiringProofRow]:
    """Accepted dispenses of dispensed employees whose end or proof date falls within 30 days, and the
    yearly proofs whose date has passed."""
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
                late=row.ends_on < today,
                last_day=format_short_date(row.ends_on + GRACE) if row.ends_on < today else "",
            )
        )
    return found


# Every opening of the member's Accueil asks; nearly always there is none (built once).
_MEMBER_PORTABILITY = (
    select(*_PORTABILITY)
    .where(
        Employee.member_id == bindparam("member_id"),
        Employee.status == AffiliationStatus.PORTABILITY,
        Employee.portability_end_on >= bindparam("today"),
    )
    .limit(1)
)


def member_portability(session: Reader, *, member_id: int, today: date) -> PortabilityRow | None:
    """The member's own running portabilité, if any (their member space shows it)."""
    row = read(session, _MEMBER_PORTABILITY, {"member_id": member_id, "today": today}).first()
    return _portability_row(row, today) if row is not None else None
