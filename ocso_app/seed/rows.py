"""Rows as plain dicts: the tables the demo fills in foreign-key order, the ids it gives them and the buffer
that inserts them with SQLAlchemy Core ``insert()`` in batches."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, Table, func, insert, select

from ocso_app.models import (
    Account,
    AuditEvent,
    Beneficiary,
    BusinessIntroducer,
    CareLine,
    Company,
    Contract,
    ContractDocument,
    ContractOption,
    ContributionStatement,
    DailyAllowance,
    DispenseRequest,
    Document,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerGrant,
    EmployerGuide,
    Guarantee,
    HelpArticle,
    LoginSession,
    Member,
    NewsItem,
    PortfolioEntry,
    RadiationClosedRow,
    RadiationRecord,
    Request,
    RequestAttachment,
    RequestMessage,
    SickLeave,
    Statement,
)

BATCH_ROWS = 10_000

# Every table the demo fills, parents before children.
TABLE_ORDER: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[attr-defined]
    for model in (
        BusinessIntroducer,
        Company,
        Contract,
        ContractOption,
        Guarantee,
        ContractDocument,
        PortfolioEntry,
        Member,
        Beneficiary,
        Account,
        LoginSession,
        EmployerGrant,
        Employee,
        EmployeeContract,
        EmployeeStatusChange,
        DispenseRequest,
        RadiationRecord,
        RadiationClosedRow,
        Statement,
        CareLine,
        SickLeave,
        DailyAllowance,
        ContributionStatement,
        Document,
        EmployerGuide,
        NewsItem,
        HelpArticle,
        Request,
        RequestMessage,
        RequestAttachment,
        AuditEvent,
    )
)
T = {table.name: table for table in TABLE_ORDER}


class Ids:
    """The next primary key of each table, continuing after the maximum found in the database."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        """A fresh id for ``table``."""
        if table.name not in self._next:
            current = self._conn.execute(select(func.max(table.c.id))).scalar()
            self._next[table.name] = (current or 0) + 1
        value = self._next[table.name]
        self._next[table.name] = value + 1
        return value

    @property
    def tables(self) -> list[str]:
        """The tables this allocator handed ids for (their sequences need resetting on PostgreSQL)."""
        return sorted(self._next)


class RowBuffer:
    """Rows waiting to be inserted, written table by table in foreign-key order."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._rows: dict[str, list[dict]] = {}
        self.counts: Counter[str] = Counter()

    def add(self, table: Table, row: dict) -> None:
        """Queue one row."""
        self._rows.setdefault(table.name, []).append(row)

    def flush(self) -> None:
        """Insert everything queued, in batches of :data:`BATCH_ROWS`."""
        for table in TABLE_ORDER:
            rows = self._rows.pop(table.name, [])
            for start in range(0, len(rows), BATCH_ROWS):
                self._conn.execute(insert(table), rows[start : start + BATCH_ROWS])
            self.counts[table.name] += len(rows)
