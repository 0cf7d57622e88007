"""Counting the SQL statements a piece of code sends: the proof that a page runs a fixed number of queries,
never one per row (Accueil, the lists)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import Engine, event


class Sent(NamedTuple):
    statement: str
    parameters: Any


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[Sent]]:
    """The statements sent on ``engine`` while the block runs, in order, with their parameters (to ask the
    database for a statement's plan)."""
    sent: list[Sent] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        sent.append(Sent(statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", keep)
