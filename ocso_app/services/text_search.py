"""Searching names as people type them, without minding accents or case (« helene » finds « HÉLÈNE »,
« oeuvray » finds « ŒUVRAY »), the same way on SQLite and PostgreSQL: the typed words, folded, are each
looked for in a column that keeps the stored text folded the same way (``ocso_app.models.search``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, bindparam
from sqlalchemy.orm import InstrumentedAttribute

from ocso_app.models.search import fold

MAX_TERMS = 4


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches_every_word(folded: InstrumentedAttribute[str], typed: str) -> ColumnElement[bool] | None:
    """A condition: each word of ``typed`` (the first ``MAX_TERMS``) is found in the ``folded`` column, in any
    order (« jean dupont » and « dupont jean » alike); ``None`` when nothing was typed."""
    words = typed_words(typed)
    if not words:
        return None
    return and_(*(folded.like(_like_pattern(word), escape="\\") for word in words))


def typed_words(typed: str) -> list[str]:
    """The words of ``typed`` looked for (the first ``MAX_TERMS``, folded)."""
    return fold(typed).split()[:MAX_TERMS]


def matches_bound_words(folded: InstrumentedAttribute[str], count: int) -> ColumnElement[bool]:
    """``matches_every_word`` for a statement built once: ``count`` words bound at each run, as
    ``word_0``, ``word_1``… (their values from ``word_parameters``)."""
    return and_(*(folded.like(bindparam(f"word_{i}"), escape="\\") for i in range(count)))


def word_parameters(words: list[str]) -> dict[str, str]:
    """The values of ``matches_bound_words``'s parameters for ``words`` (``typed_words``)."""
    return {f"word_{i}": _like_pattern(word) for i, word in enumerate(words)}


__all__ = ["fold", "matches_bound_words", "matches_every_word", "typed_words", "word_parameters"]
