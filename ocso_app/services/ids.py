"""Numbers from the outside (a URL, an event's arguments, a typed field, a cell of an imported file): parsed
strictly, in one place.

Only ASCII digits: ``str.isdigit`` also accepts « ² » or « ٣ », which ``int`` refuses or reads as another
digit, and a long string of digits is a number no database integer holds (SQLite raised ``OverflowError``;
PostgreSQL refuses a query with it) and past 4 300 digits ``int`` itself refuses. So a number is read with
its bounds, and anything else is no number at all: a caller answers it as it answers a wrong value.

Ids are positive and at most ``MAX_ID`` (our primary keys are 32-bit integers): ``"²"``, ``"1e3"``, ``" 7"``,
``"-1"`` or a 16-digit number are no id, and a caller answers them as it answers an unknown id.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def parse_whole(value: object, *, low: int, high: int) -> int | None:
    """The whole number from ``low`` to ``high`` that the string ``value`` spells in ASCII digits (leading
    zeros allowed, no sign, no space), or ``None``."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    significant = value.lstrip("0") or "0"
    if len(significant) > len(str(high)):  # never hand int() a number too long for it
        return None
    number = int(significant)
    return number if low <= number <= high else None


def parse_id(value: object) -> int | None:
    """The database id ``value`` spells, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    return parse_whole(value, low=1, high=MAX_ID)
