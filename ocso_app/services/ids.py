"""Identifiers from the outside (a URL, an event's arguments): parsed strictly, in one place.

Only ASCII digits, at most 18 of them (a 64-bit database id), and positive: ``"²"``, ``"1e3"``, ``" 7"``,
``"-1"`` or a 23-digit number are no id at all, and a caller answers them as it answers an unknown id.
"""

from __future__ import annotations

MAX_DIGITS = 18


def parse_id(value: object) -> int | None:
    """The database id ``value`` spells, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 10**MAX_DIGITS else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return None
    number = int(value)
    return number if number > 0 else None
