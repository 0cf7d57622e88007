"""Counting the SQL statements a piece of code sends: the proof that a page runs a fixed number of queries,
never one per row (Accueil, the lists)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """The statements sent on ``engine`` while the block runs, in order."""
    sent: list[str] = []

    def keep(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", keep)
