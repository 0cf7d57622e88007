"""Mon historique: the member's own audit events (DATE, TYPE ACTION, ACTION, INTERFACE), filtered, paged."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from ocso_app.models import AuditEvent
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import PARIS, format_paris_datetime
from ocso_app.services.typed_text import has_control

PER_PAGE = 15
BAD_PERIOD = "La date de début doit précéder la date de fin."


@dataclass(frozen=True)
class HistoryRow:
    date_label: str
    event_type: str
    action: str
    interface: str


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    total: int = 0


def _bounds(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """Dates are days in Paris; the column holds UTC instants."""
    if start and end and start > end:
        raise OcsoError(BAD_PERIOD)
    conditions: list[ColumnElement[bool]] = []
    if start:
        conditions.append(AuditEvent.occurred_at >= datetime.combine(start, time(), PARIS).astimezone(UTC))
    if end and end < date.max:  # nothing comes after 31/12/9999, and no day can be added to it
        after = datetime.combine(end + timedelta(days=1), time(), PARIS).astimezone(UTC)
        conditions.append(AuditEvent.occurred_at < after)
    return conditions


def event_types(session: Session, *, member_id: int) -> list[str]:
    """The types of action present in this member's history, for the filter."""
    return list(
        session.scalars(
            select(AuditEvent.event_type)
            .where(AuditEvent.member_id == member_id)
            .distinct()
            .order_by(AuditEvent.event_type)
        )
    )


def history_page(
    session: Session,
    *,
    member_id: int,
    start: date | None = None,
    end: date | None = None,
    event_type: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> HistoryPage:
    """One page of the member's actions, newest first; ``member_id`` comes from the guard."""
    conditions = [AuditEvent.member_id == member_id, *_bounds(start, end)]
    if event_type:  # a type with a control character (a NUL: PostgreSQL refuses it in a query) is no type
        conditions.append(false() if has_control(event_type) else AuditEvent.event_type == event_type)
    total = session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(AuditEvent.occurred_at, AuditEvent.event_type, AuditEvent.action, AuditEvent.interface)
        .where(*conditions)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return HistoryPage(
        rows=[HistoryRow(format_paris_datetime(r[0]), r[1], r[2], str(r[3].value)) for r in rows],
        page=page,
        pages=pages,
        total=total,
    )
