"""Searching names as people type them, without minding accents or case (« helene » finds « HÉLÈNE »,
« oeuvray » finds « ŒUVRAY »), the same way on SQLite and PostgreSQL: the typed words, folded, are each
looked for in a column that keeps the stored text folded the same way (``ocso_app.models.search``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import InstrumentedAttribute

from ocso_app.models.search import fold

MAX_TERMS = 4


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches_every_word(folded: InstrumentedAttribute[str], typed: str) -> ColumnElement[bool] | None:
    """A condition: each word of ``typed`` (the first ``MAX_TERMS``) is found in the ``folded`` column, in any
    order (« jean dupont » and « dupont jean » alike); ``None`` when nothing was typed."""
    words = fold(typed).split()[:MAX_TERMS]
    if not words:
        return None
    return and_(*(folded.like(_like_pattern(word), escape="\\") for word in words))


__all__ = ["fold", "matches_every_word"]
