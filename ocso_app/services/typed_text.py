"""Text that somebody typed in a form or that an imported file brought, checked before it is written, so
that SQLite and PostgreSQL answer it alike: PostgreSQL refuses a NUL character in any text, and a value
longer than its ``String(n)`` column, with an error the user would meet as « Une erreur inattendue »;
SQLite keeps both.

A one-line field (a name, an e-mail address, a title, an address) accepts no control character; a message
keeps its tabs and line breaks (``has_control``); a caller refuses such text with a French message naming
the field (``bad_character``), and writes nothing. A value the portal writes itself from typed text (the
audit log's action, a status change's author) is shortened to its column instead (``fitted``): the
column's length is read from the model (``column_length``), never repeated by hand.

A value stored in capitals (a last name, a commune, a company name) is checked in capitals: a few letters
lengthen when put in capitals (« ß » → « SS », « ﬁ » → « FI », « ΐ » → three characters), so a value typed
within its column's length could overflow it after ``upper()``. A field refused when too long compares
``capitals_length``; a field cut to its column is cut with ``cut_for_capitals``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

BAD_CHARACTER = (
    "Le champ « {field} » contient un caractère invisible non admis (caractère de contrôle) : "
    "saisissez-le à nouveau."
)
BAD_CHARACTER_IN_FORM = (
    "Le formulaire contient un caractère invisible non admis (caractère de contrôle) : "
    "saisissez-le à nouveau."
)
_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")
_IN_MESSAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, line feed and carriage return kept


def has_control(text: str, *, message: bool = False) -> bool:
    """Whether ``text`` holds a control character (NUL among them): any in a one-line field, any but the
    tab and the line breaks in a ``message``."""
    return (_IN_MESSAGE if message else _IN_LINE).search(text) is not None


def bad_character(field: str | None) -> str:
    """The French refusal of a field holding a control character (``None``: a field the form does not let
    anyone type in, which only a forged event fills)."""
    return BAD_CHARACTER.format(field=field) if field else BAD_CHARACTER_IN_FORM


def searched(typed: str) -> str:
    """What a search box's text looks for: its words, single-spaced, a control character between them taken
    as a blank (a NUL pasted or sent would be refused by PostgreSQL in the query)."""
    return " ".join(_IN_LINE.sub(" ", typed or "").split())


def column_length(attribute: InstrumentedAttribute[Any]) -> int:
    """The length the model declares for a ``String(n)`` column (``Employee.city`` → 80)."""
    column_type = attribute.expression.type
    if not isinstance(column_type, String) or column_type.length is None:
        raise TypeError(f"{attribute} has no length")
    return column_type.length


def fitted(text: str, limit: int) -> str:
    """``text`` as a column of ``limit`` characters holds it: shortened, the cut marked by « … », when it is
    longer."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def capitals_length(text: str) -> int:
    """How many characters ``text`` counts once in capitals (« Weiß » 4, « WEISS » 5)."""
    return len(text.upper())


def cut_for_capitals(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, shorter still when some of its letters lengthen in capitals:
    ``cut_for_capitals(text, n).upper()`` holds in ``n`` characters."""
    text = text[:limit]
    while capitals_length(text) > limit:
        text = text[:-1]
    return text
