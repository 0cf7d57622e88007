"""Indemnités journalières (guide 000 §06): the arrêts de travail of the employees of the caller's structures
under their prévoyance (incapacité) contracts, each with the payments of indemnités journalières made for it,
and the sums of the selection.

Every query is restricted by the structure ids the employer guard gives (the leave's company and the
employee's company), never by an id from the browser alone. Only affiliation-side facts are read: no care,
no reimbursement, no medical reason. The period filter bears on the **payment date** (« payées du … au … »):
a payment belongs to exactly one period, so the sums of two consecutive months add up to the sum of both.
One round of queries per view: the count, one page of leaves, their payments, the sums (no query per row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVarTuple

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from ocso_app.db import read
from ocso_app.models import Company, Contract, ContractKind, DailyAllowance, Employee, SickLeave
from ocso_app.services.employer_access import STRUCTURE_IDS
from ocso_app.services.formats import counted, format_money, format_short_date
from ocso_app.services.ids import parse_id
from ocso_app.services.periods import InvalidFilter, parse_period
from ocso_app.services.reimbursements import Option

Columns = TypeVarTuple("Columns")
PAGE_SIZE = 10
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
INVALID_EMPLOYEE = "Ce salarié n'a pas d'arrêt de travail dans vos structures."
STATUS_LABELS = {"en_cours": "En cours", "cloture": "Clôturé"}
RUNNING = "en_cours"
CLOSED = "cloture"


def stored_status(end: date | None, today: date) -> str:
    """The status stored for a leave ending on ``end`` (``None``: no end known), as of ``today``."""
    return RUNNING if end is None or end >= today else CLOSED


def leave_status(stored: str, end_date: date | None, today: date) -> str:
    """The French status of a leave; a running leave whose end date has passed reads « Clôturé »."""
    if stored == RUNNING and end_date is not None and end_date < today:
        stored = CLOSED
    return STATUS_LABELS.get(stored, stored.replace("_", " ").capitalize())


def employee_name(last_name: str, first_name: str, born: date | None = None) -> str:
    """« LAMBERT Sophie »: the nom first, as on the employer's lists; with ``born``, the year of birth that
    tells a namesake apart: « FAIVRE François (né(e) en 1985) »."""
    name = f"{last_name.upper()} {first_name}"
    return f"{name} (né(e) en {born.year})" if born is not None else name


# What names an employee on the page (``_named``).
_NAMED = (
    Employee.last_name,
    Employee.first_name,
    Employee.company_id,
    Employee.search_name,
    Employee.birth_date,
)


def _namesakes(session: Session, structure_ids: Sequence[int], rows: Sequence[Any]) -> set[tuple[int, str]]:
    """(structure, folded name) of the names of ``rows`` that several employees of a structure bear (one
    query over those names only)."""
    if not rows:
        return set()
    names = {row.search_name for row in rows}
    found = session.execute(
        select(Employee.company_id, Employee.search_name)
        .where(Employee.company_id.in_(structure_ids), Employee.search_name.in_(names))
        .group_by(Employee.company_id, Employee.search_name)
        .having(func.count(Employee.id) > 1)
    )
    return {(row.company_id, row.search_name) for row in found}


def _named(row: Any, namesakes: set[tuple[int, str]]) -> str:
    """A row's employee (``last_name``, ``first_name``, ``company_id``, ``search_name``, ``birth_date``)."""
    shared = (row.company_id, row.search_name) in namesakes
    return employee_name(row.last_name, row.first_name, row.birth_date if shared else None)


def days_label(count: int) -> str:
    """« 0 jour » (a franchise of none), « 1 jour », « 3 jours », « 2 785 jours »."""
    return counted(count, "jour")


def leave_dates(start: date, end: date | None) -> str:
    """« du 01/03/2024 au 14/04/2024 », or « depuis le 06/01/2025 » while it runs with no end known."""
    if end is None:
        return f"depuis le {format_short_date(start)}"
    return f"du {format_short_date(start)} au {format_short_date(end)}"


def leaves_label(count: int) -> str:
    """« Aucun arrêt de travail », « 1 arrêt de travail », « 12 arrêts de travail »."""
    if count == 0:
        return "Aucun arrêt de travail"
    return counted(count, "arrêt de travail", "arrêts de travail")


def _money(value: Decimal | None) -> Decimal:
    # SQLite's SUM over NUMERIC may come back as a float-ish Decimal: quantize to the cent.
    return Decimal(value or 0).quantize(CENT)


# --- filters


@dataclass(frozen=True)
class AllowanceFilters:
    """A validated selection; ``None`` means "all". ``start``/``end`` bound the payment date."""

    start: date | None = None
    end: date | None = None
    employee_id: int | None = None
    running_on: date | None = None  # only the leaves « En cours » on that day (Accueil's counter)


def _running(today: date | BindParameter[date]) -> list[ColumnElement[bool]]:
    """The leaves that read « En cours » on ``today``, as ``leave_status`` reads them: stored running and
    not past their end date (Accueil's counter and the page's « En cours » filter)."""
    return [SickLeave.status == RUNNING, or_(SickLeave.end_date.is_(None), SickLeave.end_date >= today)]


def _in_scope(structure_ids: Sequence[int] | BindParameter[int]) -> list[ColumnElement[bool]]:
    """The leaves the caller may see: of its structures, of their employees, under a prévoyance contract
    (``structure_ids``: the guard's, or ``STRUCTURE_IDS`` in a prebuilt statement)."""
    return [
        SickLeave.company_id.in_(structure_ids),
        Employee.company_id.in_(structure_ids),
        Contract.kind == ContractKind.PREVOYANCE,
    ]


def _scoped(query: Select[*Columns]) -> Select[*Columns]:
    return query.join(Employee, Employee.id == SickLeave.employee_id).join(
        Contract, Contract.id == SickLeave.contract_id
    )


# Built once: Accueil counts them on every opening (``db.read``), within the page's own scope.
_RUNNING_LEAVES = _scoped(select(func.count(SickLeave.id))).where(
    *_in_scope(STRUCTURE_IDS), *_running(bindparam("today"))
)


def running_leaves(session: Session, *, structure_ids: Sequence[int], today: date) -> int:
    """How many of the leaves this page lists for ``structure_ids`` read « En cours » ``today`` (Accueil's
    « arrêts en cours »)."""
    found = read(session, _RUNNING_LEAVES, {"structure_ids": list(structure_ids), "today": today}).scalar()
    return found or 0


def parse_filters(
    session: Session,
    *,
    structure_ids: Sequence[int],
    start: str = "",
    end: str = "",
    employee: str = "",
    running_on: date | None = None,
) -> AllowanceFilters:
    """Check what the browser sent: the dates (jj/mm/aaaa or ISO, du ≤ au) and an employee of the caller's
    structures who has a leave; ``running_on``: only the leaves « En cours » that day."""
    first, last = parse_period(start, end)
    employee_id = None
    if (employee or "").strip():
        wanted = parse_id(employee.strip())
        found = (
            session.scalar(
                _scoped(select(SickLeave.employee_id))
                .where(SickLeave.employee_id == wanted, *_in_scope(structure_ids))
                .limit(1)
            )
            if wanted is not None
            else None
        )
        if found is None:
            raise InvalidFilter(INVALID_EMPLOYEE)
        employee_id = wanted
    return AllowanceFilters(first, last, employee_id, running_on)


def _selected(structure_ids: Sequence[int], filters: AllowanceFilters) -> list[ColumnElement[bool]]:
    conditions = _in_scope(structure_ids)
    if filters.employee_id is not None:
        conditions.append(SickLeave.employee_id == filters.employee_id)
    if filters.running_on is not None:
        conditions.extend(_running(filters.running_on))
    return conditions


def _leave_conditions(structure_ids: Sequence[int], filters: AllowanceFilters) -> list[ColumnElement[bool]]:
    """The leaves of the selection: with a period, only those having a payment in it."""
    conditions = _selected(structure_ids, filters)
    if filters.start or filters.end:
        conditions.append(
            exists().where(DailyAllowance.sick_leave_id == SickLeave.id, *_payment_conditions(filters))
        )
    return conditions


def _payment_conditions(filters: AllowanceFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.start:
        conditions.append(DailyAllowance.paid_on >= filters.start)
    if filters.end:
        conditions.append(DailyAllowance.paid_on <= filters.end)
    return conditions


def employee_options(session: Session, *, structure_ids: Sequence[int]) -> list[Option]:
    """The employees of the caller's structures who have a leave, by name (the employee filter)."""
    rows = session.execute(
        _scoped(select(Employee.id, *_NAMED).select_from(SickLeave))
        .where(*_in_scope(structure_ids))
        .distinct()
        .order_by(Employee.search_name, Employee.id)
    ).all()
    namesakes = _namesakes(session, structure_ids, rows)
    return [Option(str(row.id), _named(row, namesakes)) for row in rows]


# --- the list


@dataclass(frozen=True)
class PaymentRow:
    """One payment of indemnités journalières, display-ready."""

    id: int
    number: str
    period: str
    days: str
    daily_amount: str
    gross: str
    charges: str
    net: str
    paid_on: str


@dataclass(frozen=True)
class LeaveRow:
    """One arrêt de travail and its payments (those of the selected period), display-ready."""

    id: int
    employee: str
    structure: str
    reference: str
    dates: str
    waiting_days: str
    status: str
    payments: list[PaymentRow] = field(default_factory=list)


@dataclass(frozen=True)
class AllowanceTotals:
    """Sums of every payment of the selection (all pages)."""

    days: int = 0
    gross: Decimal = ZERO
    charges: Decimal = ZERO
    net: Decimal = ZERO
    payment_count: int = 0

    def formatted(self) -> dict[str, str]:
        """Display strings for the page."""
        return {
            "days": days_label(self.days),
            "gross": format_money(self.gross),
            "charges": format_money(self.charges),
            "net": format_money(self.net),
            "payments": counted(self.payment_count, "paiement"),
        }


@dataclass(frozen=True)
class AllowancesView:
    """What Indemnités journalières shows for one selection: a page of leaves, their count, the sums."""

    leaves: list[LeaveRow]
    page: int
    pages: int
    has_next: bool
    leave_count: int
    totals: AllowanceTotals
    several_structures: bool


def payment_row(allowance: DailyAllowance) -> PaymentRow:
    """A payment as the page and the décompte show it."""
    return PaymentRow(
        id=allowance.id,
        number=allowance.statement_number,
        period=f"du {format_short_date(allowance.period_start)} au {format_short_date(allowance.period_end)}",
        days=days_label(allowance.days),
        daily_amount=format_money(allowance.daily_amount),
        gross=format_money(allowance.gross_amount),
        charges=format_money(allowance.social_charges),
        net=format_money(allowance.net_amount),
        paid_on=format_short_date(allowance.paid_on),
    )


def _payments(
    session: Session, leave_ids: list[int], filters: AllowanceFilters
) -> dict[int, list[PaymentRow]]:
    if not leave_ids:
        return {}
    rows = session.scalars(
        select(DailyAllowance)
        .where(DailyAllowance.sick_leave_id.in_(leave_ids), *_payment_conditions(filters))
        .order_by(DailyAllowance.period_start, DailyAllowance.id)
    ).all()
    by_leave: dict[int, list[PaymentRow]] = defaultdict(list)
    for allowance in rows:
        by_leave[allowance.sick_leave_id].append(payment_row(allowance))
    return by_leave


def totals(session: Session, *, structure_ids: Sequence[int], filters: AllowanceFilters) -> AllowanceTotals:
    """Days, gross, charges and net of every payment of the selection (one ``SUM``)."""
    row = session.execute(
        _scoped(
            select(
                func.sum(DailyAllowance.days),
                func.sum(DailyAllowance.gross_amount),
                func.sum(DailyAllowance.social_charges),
                func.sum(DailyAllowance.net_amount),
                func.count(DailyAllowance.id),
            )
            .select_from(DailyAllowance)
            .join(SickLeave, SickLeave.id == DailyAllowance.sick_leave_id)
        ).where(*_selected(structure_ids, filters), *_payment_conditions(filters))
    ).one()
    return AllowanceTotals(int(row[0] or 0), _money(row[1]), _money(row[2]), _money(row[3]), row[4])


def allowances_view(
    session: Session, *, structure_ids: Sequence[int], filters: AllowanceFilters, today: date, page: int = 1
) -> AllowancesView:
    """The page ``page`` of the selected leaves (newest first, ``PAGE_SIZE`` per page) with their payments of
    the period, and the sums of the whole selection."""
    conditions = _leave_conditions(structure_ids, filters)
    count = session.scalar(_scoped(select(func.count(SickLeave.id))).where(*conditions)) or 0
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.execute(
        _scoped(
            select(
                SickLeave.id,
                SickLeave.reference,
                SickLeave.start_date,
                SickLeave.end_date,
                SickLeave.waiting_days,
                SickLeave.status,
                *_NAMED,
                Company.name.label("structure"),
            )
        )
        .join(Company, Company.id == SickLeave.company_id)
        .where(*conditions)
        .order_by(SickLeave.start_date.desc(), SickLeave.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    payments = _payments(session, [row.id for row in rows], filters)
    namesakes = _namesakes(session, structure_ids, rows)
    leaves = [
        LeaveRow(
            id=row.id,
            employee=_named(row, namesakes),
            structure=row.structure,
            reference=row.reference,
            dates=leave_dates(row.start_date, row.end_date),
            waiting_days=days_label(row.waiting_days),
            status=leave_status(row.status, row.end_date, today),
            payments=payments.get(row.id, []),
        )
        for row in rows
    ]
    return AllowancesView(
        leaves=leaves,
        page=page,
        pages=pages,
        has_next=page < pages,
        leave_count=count,
        totals=totals(session, structure_ids=structure_ids, filters=filters),
        several_structures=len(set(structure_ids)) > 1,
    )
