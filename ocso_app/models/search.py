"""The folded form of a text that name searches compare with: lower case, without accents nor ligatures
(« HÉLÈNE Lefèvre » → ``helene lefevre``, « ŒUVRAY » → ``oeuvray``).

Neither SQLite (whose ``lower`` is ASCII-only) nor PostgreSQL without its ``unaccent`` extension folds
accents, and folding in SQL on every search costs a function call per row. So a searchable table keeps the
folded text in a column written with the row (``Employee.search_name``, ``Member.search_name``,
``Company.search_name``), the typed text is folded by the
same function, and a search is a plain ``LIKE`` on both databases.
"""

from __future__ import annotations

from sqlalchemy.engine.default import DefaultExecutionContext

_LETTERS = {
    "a": "àâäáãå",
    "c": "ç",
    "e": "éèêë",
    "i": "îïíì",
    "n": "ñ",
    "o": "ôöóòõø",
    "u": "ùûüú",
    "y": "ÿý",
}
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_PLAIN = str.maketrans(
    {accented: plain for plain, letters in _LETTERS.items() for accented in letters} | _LIGATURES
)


def fold(text: str) -> str:
    """``text`` lower-cased, without accents nor ligatures, its blanks collapsed to single spaces."""
    return " ".join(text.lower().translate(_PLAIN).split())


def person_name(last_name: str | None, first_name: str | None) -> str:
    """What a search of people compares with: « nom prénom », folded."""
    return fold(f"{last_name or ''} {first_name or ''}")


def person_name_of_insert(context: DefaultExecutionContext) -> str:
    """A person's ``search_name`` for a row inserted without it (the demo loader's and bulk inserts)."""
    row = context.get_current_parameters()  # type: ignore[no-untyped-call]  # (untyped in SQLAlchemy)
    return person_name(row.get("last_name"), row.get("first_name"))


def name_of_insert(context: DefaultExecutionContext) -> str:
    """A company's ``search_name`` (its folded name) for a row inserted without it."""
    row = context.get_current_parameters()  # type: ignore[no-untyped-call]  # (untyped in SQLAlchemy)
    return fold(row.get("name") or "")
