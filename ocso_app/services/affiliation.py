"""The affiliation status an employer reads, always right on the day it is read.

The stored status changes when someone acts (HR invites, the employee affiliates, HR radiates). Two rules
depend on time alone: an employee still « en cours d'affiliation » 8 days after the invitation, without
having acted, is « à relancer » (guide 003: « la durée maximum de ce statut est de 8 jours »: invited on the
1st, in Paris, « à relancer » on the 9th); a relance starts the 8 days again, so they count from the
latest of ``Employee.invited_at`` (the invitation, kept as sent) and ``Employee.last_reminder_at`` (the
latest relance), and not at all once the employee has answered (``invited_at`` cleared); a portabilité
whose end date has passed leaves a « radié(e) » (art. L911-8: the rights end with it). They are computed
here, in Python for one row and in SQL for lists and counts, so that no nightly job is needed for the status
to be right.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, and_, case, or_

from ocso_app.models import AffiliationStatus, Employee
from ocso_app.services.formats import PARIS

REMIND_AFTER_DAYS = 8

STATUS_LABELS: dict[AffiliationStatus, str] = {
    AffiliationStatus.PENDING: "En cours d'affiliation",
    AffiliationStatus.TO_REMIND: "À relancer",
    AffiliationStatus.AFFILIATED: "Affilié(e)",
    AffiliationStatus.EXEMPTED: "Dispensé(e)",
    AffiliationStatus.RADIATED: "Radié(e)",
    AffiliationStatus.PORTABILITY: "En portabilité",
}


def remind_before(today: date) -> datetime:
    """Invitations sent before this instant, in UTC, were sent ``REMIND_AFTER_DAYS`` calendar days or more
    before ``today`` in Paris: the 8 days of « en cours » are the day of the invitation and the 7 after."""
    first_day_still_pending = today - timedelta(days=REMIND_AFTER_DAYS - 1)
    return datetime.combine(first_day_still_pending, time.min, tzinfo=PARIS).astimezone(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def waiting_since(invited_at: datetime, last_reminder_at: datetime | None) -> datetime:
    """When the 8 days of an invited employee started: the invitation, or the latest relance (UTC)."""
    moments = [_aware(invited_at)] + ([_aware(last_reminder_at)] if last_reminder_at else [])
    return max(moments)


def effective_status(
    status: AffiliationStatus | str,
    invited_at: datetime | None,
    today: date,
    *,
    last_reminder_at: datetime | None = None,
    portability_end: date | None = None,
) -> AffiliationStatus:
    """The status of one employee as read on ``today`` (give ``last_reminder_at`` wherever « à relancer »
    is told from « en cours »: a relance restarts the 8 days)."""
    status = AffiliationStatus(status)
    late = invited_at is not None and waiting_since(invited_at, last_reminder_at) < remind_before(today)
    if status == AffiliationStatus.PENDING and late:
        return AffiliationStatus.TO_REMIND
    if status == AffiliationStatus.PORTABILITY and portability_end is not None and portability_end < today:
        return AffiliationStatus.RADIATED
    return status


def _waited(today: date) -> ColumnElement[bool]:
    """Invited, and neither invited nor relancé(e) within the 8 days."""
    before = remind_before(today)
    return and_(
        Employee.invited_at.is_not(None),
        Employee.invited_at < before,
        or_(Employee.last_reminder_at.is_(None), Employee.last_reminder_at < before),
    )


class StatusDates(Protocol):
    """What the status of an employee is read from: an ``Employee``, or a row selecting these columns."""

    @property
    def status(self) -> AffiliationStatus | str: ...
    @property
    def invited_at(self) -> datetime | None: ...
    @property
    def last_reminder_at(self) -> datetime | None: ...
    @property
    def portability_end_on(self) -> date | None: ...


def status_of(employee: StatusDates, today: date) -> AffiliationStatus:
    """``effective_status`` of an employee (or a row of the same columns) on ``today``."""
    return effective_status(
        employee.status,
        employee.invited_at,
        today,
        last_reminder_at=employee.last_reminder_at,
        portability_end=employee.portability_end_on,
    )


def _late(today: date) -> ColumnElement[bool]:
    """Still « en cours d'affiliation » 8 days after the invitation or the latest relance."""
    return and_(Employee.status == AffiliationStatus.PENDING, _waited(today))


def _ended(today: date) -> ColumnElement[bool]:
    """A portabilité whose end date has passed."""
    return and_(
        Employee.status == AffiliationStatus.PORTABILITY,
        Employee.portability_end_on.is_not(None),
        Employee.portability_end_on < today,
    )


def effective_status_column(today: date) -> ColumnElement[str]:
    """``effective_status`` as a SQL expression over ``Employee`` (to group, count and sort)."""
    return case(
        (_late(today), AffiliationStatus.TO_REMIND.value),
        (_ended(today), AffiliationStatus.RADIATED.value),
        else_=Employee.status,
    )


def effective_status_is(today: date, status: AffiliationStatus) -> ColumnElement[bool]:
    """``effective_status_column(today) == status`` written on the stored columns, so that the structure's
    index answers it (a ``CASE`` hides them: the database computes it on every employee of the structure)."""
    stored = Employee.status == status
    if status == AffiliationStatus.TO_REMIND:
        return or_(_late(today), stored)
    if status == AffiliationStatus.RADIATED:
        return or_(_ended(today), stored)
    if status == AffiliationStatus.PENDING:
        return and_(stored, ~_waited(today))
    if status == AffiliationStatus.PORTABILITY:
        return and_(stored, or_(Employee.portability_end_on.is_(None), Employee.portability_end_on >= today))
    return stored


def status_label(status: AffiliationStatus | str) -> str:
    """The French label of a status."""
    return STATUS_LABELS[AffiliationStatus(status)]
