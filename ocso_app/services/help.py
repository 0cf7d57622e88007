"""J'ai besoin d'aide: the help articles of a space, searchable without regard to accents or case."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Audience, HelpArticle


@dataclass(frozen=True)
class HelpEntry:
    id: int
    topic: str
    question: str
    answer: str


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_help(session: Session, *, audience: Audience, query: str = "") -> list[HelpEntry]:
    """Articles for ``audience`` (or everybody) containing every word of ``query``, in the guide's order."""
    rows = session.scalars(
        select(HelpArticle)
        .where(HelpArticle.audience.in_((audience, Audience.ALL)))
        .order_by(HelpArticle.position, HelpArticle.id)
    )
    words = _fold(query[:100]).split()
    entries = []
    for row in rows:
        haystack = _fold(f"{row.topic} {row.question} {row.answer}")
        if all(word in haystack for word in words):
            entries.append(HelpEntry(row.id, row.topic, row.question, row.answer))
    return entries
