"""The folded form of a text that name searches compare with: lower case, without accents nor ligatures
(« HÉLÈNE Lefèvre » → ``helene lefevre``, « ŒUVRAY » → ``oeuvray``).

Neither SQLite (whose ``lower`` is ASCII-only) nor PostgreSQL without its ``unaccent`` extension folds
accents, and folding in SQL on every search costs a function call per row. So a searchable table keeps the
folded text in a column written with the row (``Employee.search_name``), the typed text is folded by the
same function, and a search is a plain ``LIKE`` on both databases.
"""

from __future__ import annotations

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
