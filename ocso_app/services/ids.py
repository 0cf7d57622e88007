"""Identifiers from the outside (a URL, an event's arguments): parsed strictly, in one place.

Only ASCII digits, positive, and at most ``MAX_ID`` (our primary keys are 32-bit integers: on PostgreSQL a
larger number in a query is an error, not a miss): ``"²"``, ``"1e3"``, ``" 7"``, ``"-1"`` or a 16-digit
number are no id at all, and a caller answers them as it answers an unknown id.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
MAX_DIGITS = len(str(MAX_ID))


def parse_id(value: object) -> int | None:
    """The database id ``value`` spells, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
