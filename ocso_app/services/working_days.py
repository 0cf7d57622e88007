"""Working days in France, as OCSO's services count them: Monday to Friday, French public holidays excepted
(the ``holidays`` library's calendar for France: 1er janvier, lundi de Pâques, 1er et 8 mai, Ascension,
lundi de Pentecôte, 14 juillet, 15 août, 1er et 11 novembre, Noël), days in Paris time.

A démarche's age is the working time elapsed since it was sent, in working days: each working day counts
for the share of it that elapsed (Friday 16:00 → Tuesday 16:00 is two working days), weekends and holidays
for nothing. The work queue highlights a démarche older than ``TARGET_DAYS``.
"""

from __future__ import annotations

import functools
import math
from datetime import date, datetime, time, timedelta

import holidays

from ocso_app.services.formats import PARIS, as_utc

TARGET_DAYS = 2  # OCSO answers a démarche within 2 working days
EPSILON = 1e-9  # a sum of shares of days: 4 days may come out as 3.999…


@functools.cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FR", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a French public holiday."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants (UTC) where ``day`` starts and ends in Paris (23 or 25 hours at a clock change)."""
    start = datetime.combine(day, time(), tzinfo=PARIS)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=PARIS)
    return as_utc(start), as_utc(end)


def elapsed(start: datetime, end: datetime) -> float:
    """The working days between two instants: each working day counts for the share of it inside
    ``[start, end]``; 0 when ``end`` is not after ``start``."""
    start, end = as_utc(start), as_utc(end)
    total = 0.0
    day = start.astimezone(PARIS).date()
    last = end.astimezone(PARIS).date()
    while day <= last:
        if is_working_day(day):
            lower, upper = _day_bounds(day)
            overlap = min(end, upper) - max(start, lower)
            if overlap > timedelta():
                total += overlap / (upper - lower)
        day += timedelta(days=1)
    return total


def moment_before(end: datetime, days: float) -> datetime:
    """The instant ``days`` working days before ``end``: a démarche sent before it has waited more than
    ``days`` (what the queue's age filter compares the sending time with)."""
    end = as_utc(end)
    remaining = days
    day = end.astimezone(PARIS).date()
    while True:
        lower, upper = _day_bounds(day)
        if is_working_day(day):
            available = (min(end, upper) - lower) / (upper - lower)
            if available >= remaining:
                return min(end, upper) - (upper - lower) * remaining
            remaining -= available
        day -= timedelta(days=1)


def age_label(days: float) -> str:
    """« moins d'un jour ouvré », « 1 jour ouvré », « plus d'un jour ouvré », « plus de 2 jours ouvrés »:
    the whole working days elapsed, « plus de » when a share of the next one too, so that a démarche past
    the target of 2 days never reads « 2 jours ouvrés » in red."""
    whole = math.floor(days + EPSILON)
    if whole < 1:
        return "moins d'un jour ouvré"
    more = days - whole > EPSILON
    if whole == 1:
        return "plus d'un jour ouvré" if more else "1 jour ouvré"
    return f"plus de {whole} jours ouvrés" if more else f"{whole} jours ouvrés"


def is_late(days: float) -> bool:
    """Past the target of ``TARGET_DAYS`` working days."""
    return days > TARGET_DAYS + EPSILON  # as ``age_label``: late exactly when it says « plus de 2 »
