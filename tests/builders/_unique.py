"""Unique identifiers for builders: a counter of this test process, skipping values already stored.

Rows committed by route and browser tests stay in the run's database next to the demo data the browser
tests load, so a random number could meet one of them; a counter that also checks the table cannot.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

_counter = itertools.count(1)


def unused(session: Session, column: InstrumentedAttribute[str], make: Callable[[int], str]) -> str:
    """The first value ``make(n)`` for the next ``n`` of this process that ``column`` does not hold yet."""
    while True:
        value = make(next(_counter))
        if session.scalar(select(column).where(column == value).limit(1)) is None:
            return value
