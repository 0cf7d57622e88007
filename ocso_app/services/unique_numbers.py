"""Numbers that a unique column keeps unique (numéro d'adhérent, numéro client, contract number): a service
checks that a number is free, then writes it. Two agents at the same moment can both find the same number
free; the database refuses the second write, which is then tried again with the next number under a
savepoint, so that the rest of the caller's transaction stays as it was."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocso_app.services.errors import OcsoError

TRIES = 20


def write_with_free_number(
    session: Session, row: object, column: str, candidates: Iterable[str], *, exhausted: str
) -> str:
    """``row`` (new, or already in the session) with its ``column`` set to each of the first ``TRIES``
    ``candidates`` (the numbers found free), flushed under a savepoint, until the database accepts one:
    returns it. A number taken meanwhile (the unique constraint refuses it) rolls its savepoint back and the
    next candidate is tried; ``OcsoError(exhausted)`` when none was accepted."""
    for number in islice(candidates, TRIES):
        try:
            with session.begin_nested():
                setattr(row, column, number)
                session.add(row)
                session.flush()
        except IntegrityError:
            continue
        return number
    raise OcsoError(exhausted)
