"""Numbers that a unique column keeps unique (numéro d'adhérent, numéro client, contract number): a service
checks that a number is free, then writes it. Two agents at the same moment can both find the same number
free; the database refuses the second write, which is then tried again with the next number under a
savepoint, so that the rest of the caller's transaction stays as it was. Only that column's unique constraint
is retried: any other refusal (a required value missing, a foreign key to nothing, another unique column) is
the caller's mistake, raised at once rather than tried twenty times and told as « réessayez »."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocso_app.db import savepoint
from ocso_app.models.base import NAMING_CONVENTION
from ocso_app.services.errors import OcsoError

TRIES = 20
_UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def _number_refused(error: IntegrityError, row: object, column: str) -> bool:
    """Whether the database refused ``row`` because another row holds its ``column`` (its unique
    constraint, named by the models' convention), and not for any other reason."""
    table = inspect(row).mapper.local_table.name
    cause = error.orig
    diagnostic = getattr(cause, "diag", None)
    if diagnostic is not None:  # psycopg: the SQLSTATE and the constraint's name
        constraint = NAMING_CONVENTION["uq"] % {"table_name": table, "column_0_name": column}
        return (
            getattr(cause, "sqlstate", None) == _UNIQUE_VIOLATION and diagnostic.constraint_name == constraint
        )
    return f"UNIQUE constraint failed: {table}.{column}" in str(cause)  # SQLite names the column


def unique_refused(error: IntegrityError) -> bool:
    """Whether the database refused a write because another row holds one of its unique values (any unique
    constraint), and not for another reason (a required value missing, a foreign key to nothing)."""
    cause = error.orig
    if getattr(cause, "diag", None) is not None:  # psycopg
        return getattr(cause, "sqlstate", None) == _UNIQUE_VIOLATION
    return "UNIQUE constraint failed" in str(cause)  # SQLite


def write_with_free_number(
    session: Session, row: object, column: str, candidates: Iterable[str], *, exhausted: str
) -> str:
    """``row`` (new, or already in the session) with its ``column`` set to each of the first ``TRIES``
    ``candidates`` (the numbers found free), flushed under a savepoint, until the database accepts one:
    returns it. A number taken meanwhile (the unique constraint refuses it) rolls its savepoint back and the
    next candidate is tried; ``OcsoError(exhausted)`` when none was accepted. Any other ``IntegrityError`` is
    raised as it is."""
    for number in islice(candidates, TRIES):
        try:
            with savepoint(session):
                setattr(row, column, number)
                session.add(row)
                session.flush()
        except IntegrityError as error:
            if not _number_refused(error, row, column):
                raise
            continue
        return number
    raise OcsoError(exhausted)
