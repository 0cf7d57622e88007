"""News items ("OCSO m'informe" on Accueil, Actualités): those current on a given day for an audience.

Members and employers only ever see items whose publication date has come and that OCSO did not withdraw
(``withdrawn_at``); the staff write, schedule and withdraw them in ``services/editorial.py``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import BindParameter, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from ocso_app.db import Reader, read
from ocso_app.models import Audience, NewsItem
from ocso_app.services.formats import format_long_date


@dataclass(frozen=True)
class NewsRow:
    """One news item, display-ready."""

    title: str
    body: str
    is_alert: bool
    published_on: str


def current_news(session: Reader, *, audience: Audience, today: date, limit: int | None = 5) -> list[NewsRow]:
    """Items for ``audience`` (or everybody) published by ``today`` and not expired; alerts first."""
    rows = read(session, _current(limit), {"audience": audience, "today": today})
    return [
        NewsRow(title, body, alert, format_long_date(published)) for title, body, alert, published in rows
    ]


@functools.cache
def _current(limit: int | None) -> Select[str, str, bool, date]:
    """Every Accueil runs it: built once per ``limit`` (see services/sessions.py), with a fixed ``IN`` of
    two values (an expanding one is rewritten at every execution, which tripled the query's cost)."""
    today: BindParameter[date] = bindparam("today")
    return (
        select(NewsItem.title, NewsItem.body, NewsItem.is_alert, NewsItem.published_on)
        .where(
            NewsItem.audience.in_([bindparam("audience"), Audience.ALL]),
            NewsItem.published_on <= today,
            NewsItem.withdrawn_at.is_(None),
            or_(NewsItem.expires_on.is_(None), NewsItem.expires_on >= today),
        )
        .order_by(NewsItem.is_alert.desc(), NewsItem.published_on.desc(), NewsItem.id.desc())
        .limit(limit)
    )


def all_news(session: Session, *, audience: Audience, today: date, limit: int = 50) -> list[NewsRow]:
    """ACTUALITÉS: every item for ``audience`` (or everybody) published by ``today``, newest first."""
    rows = session.scalars(
        select(NewsItem)
        .where(
            NewsItem.audience.in_((audience, Audience.ALL)),
            NewsItem.published_on <= today,
            NewsItem.withdrawn_at.is_(None),
        )
        .order_by(NewsItem.published_on.desc(), NewsItem.id.desc())
        .limit(limit)
    )
    return [NewsRow(row.title, row.body, row.is_alert, format_long_date(row.published_on)) for row in rows]
