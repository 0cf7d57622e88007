"""A stricter SQLite cursor for the tests: it notes every write sent while a read of the same connection is
not read to its end.

Such a read holds the connection's snapshot: when another process committed since it started, SQLite refuses
the write at once (« database is locked », whatever the busy timeout), and if the unit of work then fails
with the read still alive, the connection went back to the pool frozen (``ocso_app.db._close_cursors``). A
service must read its results before it writes (``.all()``, ``.first()``, ``.scalar()``…), which it can
only be seen doing when the two interleave: ``tests/conftest.py`` fails the test that sent such a write.
"""

from __future__ import annotations

import re
from typing import Any

from ocso_app.db import SQLiteCursor

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

# (the write, the statements of the reads it met unread), in the order they were sent
writes_over_open_reads: list[tuple[str, list[str]]] = []


class CheckedCursor(SQLiteCursor):
    """``SQLiteCursor`` knowing whether its rows may not all be read yet (``pending``)."""

    pending = False

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if WRITE.match(sql):
            open_reads = [
                cursor.statement
                for cursor in getattr(self.connection, "cursors", ())
                if cursor is not self and getattr(cursor, "pending", False)
            ]
            if open_reads:
                writes_over_open_reads.append((sql, open_reads))
        result = super().execute(sql, parameters)
        self.pending = self.description is not None
        return result

    def fetchone(self) -> Any:
        row = super().fetchone()
        if row is None:
            self.pending = False
        return row

    def fetchmany(self, size: int = 1) -> list[Any]:
        rows = super().fetchmany(size)
        if len(rows) < size:
            self.pending = False
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        self.pending = False
        return rows

    def close(self) -> None:
        self.pending = False
        super().close()
