"""Relances of the employees who have not answered their affiliation invitation (guide 003: « à relancer »
after 8 days): the one step a relance is, used by the fiche's « Relancer par e-mail » and by Accueil's
« Relancer tous les salarié(e)s en attente », which runs it for every employee due, a batch at a time: a new
personal link e-mailed (the earlier one revoked); the date of the relance kept beside the invitation's, which
stays as sent, the 8 days starting again from it; a row « Relance par e-mail » in the status history, naming
who sent it; one in the audit log.

An employee is due when they are « à relancer » on the day, not yet a member, and were not relancé(e) in the
last 24 hours. Each one is claimed by a conditional update before the e-mail is written, so a double click,
a replayed event or a second tab never relance anybody twice. Those without an e-mail address get no
e-mail: they are listed apart, HR posts them the affiliation letter from their fiche.

Affiliation data only: names and counts, never a care line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from ocso_app.models import AffiliationStatus, Employee
from ocso_app.services import affiliation_invitations, audit
from ocso_app.services.affiliation import effective_status_is
from ocso_app.services.employee_status import HR, StatusAuthor, change_status, hr_author
from ocso_app.services.formats import paris_date

REMIND_EVERY = timedelta(hours=24)
BATCH = 25  # employees relancés per transaction (their e-mails leave when it commits)
MAX_PER_RUN = 3000  # one « Relancer tous » at most: the largest staff the portal serves
LISTED = 20  # employees without an e-mail named on the confirmation
EVENT_TYPE = "Fiche salarié(e)"
GROUPED_EVENT_TYPE = "Affiliations à relancer"
HISTORY_NOTE = "Relance par e-mail"


def send_reminder(
    session: Session, employee: Employee, *, actor: audit.Actor, now: datetime, event_type: str = EVENT_TYPE
) -> None:
    """One relance of an employee who has an e-mail address: the new link e-mailed after the commit,
    ``last_reminder_at`` set to ``now`` (``invited_at`` kept), the status history's row (« en cours » again:
    the 8 days restart) and the audit row, by ``actor``."""
    affiliation_invitations.invite(session, employee, now=now, reminder=True)
    by = hr_author(session, actor.account_id) if actor.account_id is not None else StatusAuthor(None, HR)
    change_status(session, employee, AffiliationStatus.PENDING, on=paris_date(now), by=by, note=HISTORY_NOTE)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=event_type,
        action=f"Relance par e-mail du/de la salarié(e) n° {employee.id}",
    )


def _due(structure_ids: Sequence[int], now: datetime) -> ColumnElement[bool]:
    """« À relancer » today in these structures, not a member yet, not relancé(e) within 24 hours."""
    return and_(
        Employee.company_id.in_(list(structure_ids)),
        effective_status_is(paris_date(now), AffiliationStatus.TO_REMIND),
        Employee.member_id.is_(None),
        or_(Employee.last_reminder_at.is_(None), Employee.last_reminder_at < now - REMIND_EVERY),
    )


_HAS_EMAIL = and_(Employee.email.is_not(None), Employee.email != "")


@dataclass(frozen=True)
class Unreachable:
    """An employee due for a relance who has no e-mail address (HR posts the letter from the fiche)."""

    employee_id: int
    name: str


@dataclass(frozen=True)
class ReminderPlan:
    """What « Relancer tous » would do now: how many e-mails, and who has no address."""

    by_email: int
    without_email: list[Unreachable]
    without_email_total: int

    @property
    def capped(self) -> bool:
        """More are due than one run sends: the rest wait for the next click."""
        return self.by_email > MAX_PER_RUN


def plan(session: Session, *, structure_ids: Sequence[int], now: datetime) -> ReminderPlan:
    """The confirmation's figures for the caller's structures (the guard's ``MANAGE_EMPLOYEES`` scope)."""
    due = _due(structure_ids, now)
    by_email = session.scalar(select(func.count()).where(due, _HAS_EMAIL)) or 0
    unreachable = session.execute(
        select(Employee.id, Employee.last_name, Employee.first_name, func.count().over().label("total"))
        .where(due, ~_HAS_EMAIL)
        .order_by(Employee.search_name, Employee.id)
        .limit(LISTED)
    ).all()
    return ReminderPlan(
        by_email=by_email,
        without_email=[Unreachable(r.id, f"{r.last_name} {r.first_name}") for r in unreachable],
        without_email_total=unreachable[0].total if unreachable else 0,
    )


@dataclass(frozen=True)
class Batch:
    """One batch of « Relancer tous »: how many were relancés, and whether more may be due."""

    reminded: int
    more: bool


def remind_next(
    session: Session,
    *,
    structure_ids: Sequence[int],
    actor: audit.Actor,
    now: datetime,
    limit: int = BATCH,
) -> Batch:
    """Relance the next ``limit`` employees due who have an e-mail address, each claimed first by a
    conditional update of its reminder date (an employee another click or tab claimed is skipped)."""
    limit = max(0, min(limit, BATCH))
    due = and_(_due(structure_ids, now), _HAS_EMAIL)
    employees = session.scalars(select(Employee).where(due).order_by(Employee.id).limit(limit)).all()
    reminded = 0
    for employee in employees:
        claimed = session.execute(
            update(Employee)
            .where(Employee.id == employee.id, due)
            .values(last_reminder_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]  # (a CursorResult for an UPDATE)
            send_reminder(session, employee, actor=actor, now=now, event_type=GROUPED_EVENT_TYPE)
            reminded += 1
    session.flush()
    return Batch(reminded=reminded, more=len(employees) == limit > 0)
