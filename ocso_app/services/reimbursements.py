"""Mes remboursements: the member's décomptes filtered by period, beneficiary and care category.

Every read takes ``member_id`` keyword-only (from the guard, never from the browser) and puts it in the
``WHERE`` clause. Aggregates and totals are SQL ``GROUP BY`` / ``SUM`` over the filtered care lines; the list
is paged (newest payment first) and a statement's lines are loaded when its row is expanded, in one query.
Amounts stay ``Decimal``; the display strings come from :mod:`ocso_app.services.formats`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from ocso_app.db import Reader, read
from ocso_app.models import Beneficiary, CareLine, Statement
from ocso_app.services import audit, forfaits
from ocso_app.services.care_catalog import CARE_CATEGORIES, plan_by_code
from ocso_app.services.explanations import LineExplanation, StoredLine, explain_lines
from ocso_app.services.forfaits import Person, household
from ocso_app.services.formats import format_long_date, format_money, format_short_date
from ocso_app.services.ids import parse_id
from ocso_app.services.periods import INVALID_DATE as INVALID_DATE  # re-exported: the check is shared
from ocso_app.services.periods import INVALID_PERIOD as INVALID_PERIOD
from ocso_app.services.periods import InvalidFilter, parse_period

PAGE_SIZE = 20
ZERO = Decimal("0.00")
INVALID_BENEFICIARY = "Ce bénéficiaire n'est pas rattaché à votre contrat."
INVALID_CATEGORY = "Cette nature d'acte n'existe pas."


def category_label(code: str) -> str:
    """The French name of a care category (``PHAR`` → Pharmacie)."""
    return CARE_CATEGORIES.get(code, code)


# --- filters


@dataclass(frozen=True)
class Filters:
    """A validated selection; ``None`` means "all"."""

    start: date | None = None
    end: date | None = None
    beneficiary_id: int | None = None
    category: str | None = None


def parse_filters(
    session: Reader,
    *,
    member_id: int,
    start: str = "",
    end: str = "",
    beneficiary: str = "",
    category: str = "",
    beneficiaries: Sequence[Option] | None = None,
) -> Filters:
    """Check what the browser sent: dates, a beneficiary of this member (among ``beneficiaries``, the
    member's ``beneficiary_options`` when the caller already has them), a known care category."""
    first, last = parse_period(start, end)
    beneficiary_id = None
    if (beneficiary or "").strip():
        wanted = parse_id(beneficiary.strip())
        known = _known_beneficiaries(session, member_id, beneficiaries)
        if wanted is None or str(wanted) not in {o.value for o in known}:
            raise InvalidFilter(INVALID_BENEFICIARY)
        beneficiary_id = wanted
    code = (category or "").strip().upper() or None
    if code is not None and code not in CARE_CATEGORIES:
        raise InvalidFilter(INVALID_CATEGORY)
    return Filters(first, last, beneficiary_id, code)


Shape = tuple[bool, bool, bool, bool]  # which of start, end, beneficiary, category a selection sets


def _shape(filters: Filters) -> Shape:
    return (
        filters.start is not None,
        filters.end is not None,
        filters.beneficiary_id is not None,
        filters.category is not None,
    )


def _parameters(member_id: int, filters: Filters, **more: object) -> dict[str, object]:
    """The values of a selection's statement (those its shape does not use are ignored)."""
    return {
        "member_id": member_id,
        "start": filters.start,
        "end": filters.end,
        "beneficiary_id": filters.beneficiary_id,
        "category": filters.category,
        **more,
    }


def _line_conditions(shape: Shape) -> list[ColumnElement[bool]]:
    """The care lines of a selection of this shape, its values bound at execution (``_parameters``): the
    statements are built once per shape, not per event."""
    start, end, beneficiary, category = shape
    conditions = [CareLine.member_id == bindparam("member_id")]
    if start:
        conditions.append(CareLine.care_date >= bindparam("start"))
    if end:
        conditions.append(CareLine.care_date <= bindparam("end"))
    if beneficiary:
        conditions.append(CareLine.beneficiary_id == bindparam("beneficiary_id"))
    if category:
        conditions.append(CareLine.care_category == bindparam("category"))
    return conditions


# --- options of the filter form


@dataclass(frozen=True)
class Option:
    """One choice of a select: value sent back, label shown."""

    value: str
    label: str


def beneficiary_options(
    session: Reader, *, member_id: int, people: Sequence[Person] | None = None
) -> list[Option]:
    """The member's beneficiaries (the member first), as ``JULIE DUBOIS``; from ``people`` (the member's
    ``forfaits.household``) when the caller read them already."""
    if people is None:
        people = household(session, member_id=member_id)
    return [Option(str(person.id), person.name) for person in people]


def _known_beneficiaries(
    session: Reader, member_id: int, beneficiaries: Sequence[Option] | None
) -> Sequence[Option]:
    """``beneficiaries`` if the caller read them already in this event, else read now."""
    return beneficiary_options(session, member_id=member_id) if beneficiaries is None else beneficiaries


def category_options() -> list[Option]:
    """Every nature d'acte."""
    return [Option(code, label) for code, label in CARE_CATEGORIES.items()]


# --- aggregates and totals


@dataclass(frozen=True)
class Share:
    """One slice of a pie: its label and the amount spent (Decimal)."""

    label: str
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    """Sums of the filtered care lines."""

    spent: Decimal = ZERO
    social_security: Decimal = ZERO
    complementary: Decimal = ZERO
    remaining: Decimal = ZERO
    line_count: int = 0
    statement_count: int | None = None  # only :func:`totals` counts the décomptes

    def formatted(self) -> dict[str, str]:
        """Display strings for the page and the PDF."""
        return {
            "spent": format_money(self.spent),
            "social_security": format_money(self.social_security),
            "complementary": format_money(self.complementary),
            "remaining": format_money(self.remaining),
        }


def _money(value: Decimal | None) -> Decimal:
    # SQLite's SUM over NUMERIC may come back as a float-ish Decimal: quantize to the cent.
    return Decimal(value or 0).quantize(Decimal("0.01"))


def shares_by_beneficiary(session: Session, *, member_id: int, filters: Filters) -> list[Share]:
    """Amount spent per beneficiary (one ``GROUP BY``), largest first."""
    spent = func.sum(CareLine.amount_spent)
    rows = session.execute(
        select(Beneficiary.first_name, Beneficiary.last_name, spent)
        .join(Beneficiary, Beneficiary.id == CareLine.beneficiary_id)
        .where(*_line_conditions(_shape(filters)))
        .group_by(CareLine.beneficiary_id, Beneficiary.first_name, Beneficiary.last_name)
        .order_by(spent.desc()),
        _parameters(member_id, filters),
    ).all()
    return [Share(f"{first.upper()} {last.upper()}", _money(total)) for first, last, total in rows]


def shares_by_category(session: Session, *, member_id: int, filters: Filters) -> list[Share]:
    """Amount spent per nature d'acte (one ``GROUP BY``), largest first."""
    spent = func.sum(CareLine.amount_spent)
    rows = session.execute(
        select(CareLine.care_category, spent)
        .where(*_line_conditions(_shape(filters)))
        .group_by(CareLine.care_category)
        .order_by(spent.desc()),
        _parameters(member_id, filters),
    ).all()
    return [Share(category_label(code), _money(total)) for code, total in rows]


def totals(session: Session, *, member_id: int, filters: Filters) -> Totals:
    """Total spent, Sécurité sociale, OCSO and reste à charge of the filtered lines (one ``SUM``)."""
    row = session.execute(
        select(
            func.sum(CareLine.amount_spent),
            func.sum(CareLine.ss_reimbursed),
            func.sum(CareLine.complementary_reimbursed),
            func.sum(CareLine.remaining_charge),
            func.count(CareLine.id),
            func.count(func.distinct(CareLine.statement_id)),
        ).where(*_line_conditions(_shape(filters))),
        _parameters(member_id, filters),
    ).one()
    return Totals(_money(row[0]), _money(row[1]), _money(row[2]), _money(row[3]), row[4], row[5])


# --- the list


@dataclass(frozen=True)
class StatementRow:
    """One payment of the list, display-ready."""

    id: int
    number: str
    paid_on: str
    payee: str
    amount: str


@dataclass(frozen=True)
class StatementPage:
    """One page of the list: rows, page number (from 1) and whether more pages follow."""

    rows: list[StatementRow] = field(default_factory=list)
    page: int = 1
    has_next: bool = False


@functools.cache
def _matching_statements(shape: Shape) -> Select[int]:
    """The ids of the payments having at least one line in a selection of this shape, newest first."""
    query = select(Statement.id).where(Statement.member_id == bindparam("member_id"))
    if any(shape):  # every décompte has lines: with no filter, no need to look at them (nor hash them all)
        query = query.where(exists().where(CareLine.statement_id == Statement.id, *_line_conditions(shape)))
    return query.order_by(Statement.paid_on.desc(), Statement.id.desc())


@functools.cache
def _page_query(shape: Shape) -> Select[int, str, date, str, Decimal]:
    return (
        _matching_statements(shape)
        .with_only_columns(
            Statement.id, Statement.number, Statement.paid_on, Statement.payee_name, Statement.total_paid
        )
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def statement_page(session: Reader, *, member_id: int, filters: Filters, page: int = 1) -> StatementPage:
    """The payments having at least one line in the selection, newest first, ``PAGE_SIZE`` per page."""
    page = max(1, page)
    parameters = _parameters(member_id, filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    rows = read(session, _page_query(_shape(filters)), parameters).all()
    shown = [
        StatementRow(
            row.id, row.number, format_long_date(row.paid_on), row.payee_name, format_money(row.total_paid)
        )
        for row in rows[:PAGE_SIZE]
    ]
    return StatementPage(shown, page, len(rows) > PAGE_SIZE)


def matching_statement_ids(session: Session, *, member_id: int, filters: Filters) -> list[int]:
    """Every statement of the selection, newest first (the merged PDF)."""
    return list(session.scalars(_matching_statements(_shape(filters)), _parameters(member_id, filters)))


@dataclass(frozen=True)
class LineRow:
    """One care line of a décompte, every column display-ready."""

    care_date: str
    beneficiary: str
    act: str
    category: str
    spent: str
    ss_base: str
    ss_rate: str
    ss_reimbursed: str
    complementary: str
    remaining: str
    payee: str


_OWNED_LINES = (  # columns, not ORM objects: half the cost, and nothing is written back
    select(
        *CareLine.__table__.columns,
        Beneficiary.first_name,
        Beneficiary.last_name,
        Statement.payee_name,
        Statement.number.label("statement_number"),  # what the member's Mon historique names
        forfaits.PLAN.scalar_subquery().label("plan_code"),  # for ▼'s explanations, in the same query
    )
    .select_from(CareLine)
    .join(Statement, Statement.id == CareLine.statement_id)
    .join(Beneficiary, Beneficiary.id == CareLine.beneficiary_id)
    .where(
        CareLine.statement_id == bindparam("statement_id"),
        CareLine.member_id == bindparam("member_id"),
        Statement.member_id == bindparam("member_id"),
    )
    .order_by(CareLine.care_date, CareLine.id)
)


@dataclass(frozen=True)
class _Owned:
    """One of the member's statements: its lines (line, beneficiary's name, payee), empty for anybody
    else's; the code of the member's santé plan (``None`` without one, or without lines); its number."""

    lines: list[tuple[StoredLine, str, str]]
    plan_code: str | None = None
    number: str = ""


def _owned_lines(session: Reader, member_id: int, statement_id: int) -> _Owned:
    rows = read(session, _OWNED_LINES, {"statement_id": statement_id, "member_id": member_id}).all()
    if not rows:
        return _Owned([])
    lines: list[tuple[StoredLine, str, str]] = [
        (row, f"{row.first_name.upper()} {row.last_name.upper()}", row.payee_name) for row in rows
    ]
    return _Owned(lines, rows[0].plan_code, rows[0].statement_number)


def member_statement_lines(session: Session, *, member_id: int, statement_id: int) -> list[LineRow]:
    """The lines of one of the member's statements (one query); empty for anybody else's statement."""
    return [line_row(*row) for row in _owned_lines(session, member_id, statement_id).lines]


def line_row(line: StoredLine, beneficiary: str, payee: str) -> LineRow:
    return LineRow(
        care_date=format_short_date(line.care_date),
        beneficiary=beneficiary,
        act=line.act_label if line.quantity == 1 else f"{line.act_label} (×{line.quantity})",
        category=category_label(line.care_category),
        spent=format_money(line.amount_spent),
        ss_base=format_money(line.ss_base),
        ss_rate=f"{line.ss_rate} %",
        ss_reimbursed=format_money(line.ss_reimbursed),
        complementary=format_money(line.complementary_reimbursed),
        remaining=format_money(line.remaining_charge),
        payee=payee,
    )


# --- what the page loads in one go


@dataclass(frozen=True)
class ReimbursementsView:
    """Everything Mes remboursements shows for one selection."""

    page: StatementPage
    by_beneficiary: list[Share]
    by_category: list[Share]
    totals: Totals


def _shares(amounts: dict[str, Decimal]) -> list[Share]:
    return [Share(label, amount) for label, amount in sorted(amounts.items(), key=lambda kv: (-kv[1], kv[0]))]


@functools.cache
def _summary_query(shape: Shape) -> Select[int, str, Decimal, Decimal, Decimal, Decimal, int]:
    return (
        select(
            CareLine.beneficiary_id,
            CareLine.care_category,
            func.sum(CareLine.amount_spent),
            func.sum(CareLine.ss_reimbursed),
            func.sum(CareLine.complementary_reimbursed),
            func.sum(CareLine.remaining_charge),
            func.count(),
        )
        .where(*_line_conditions(shape))
        .group_by(CareLine.beneficiary_id, CareLine.care_category)
    )


def summarise(
    session: Reader, *, member_id: int, filters: Filters, beneficiaries: Sequence[Option] | None = None
) -> tuple[list[Share], list[Share], Totals]:
    """Both pies and the sums from one scan of the selection: SQL sums ``GROUP BY`` (beneficiary, category),
    at most a few dozen groups, then added up exactly (``Decimal``)."""
    groups = read(session, _summary_query(_shape(filters)), _parameters(member_id, filters)).all()
    names = {int(o.value): o.label for o in _known_beneficiaries(session, member_id, beneficiaries)}
    by_beneficiary: dict[str, Decimal] = {}
    by_category: dict[str, Decimal] = {}
    sums = [ZERO, ZERO, ZERO, ZERO]
    count = 0
    for beneficiary_id, category, *amounts, lines in groups:
        amounts = [_money(value) for value in amounts]
        name, label = names.get(beneficiary_id, "?"), category_label(category)
        by_beneficiary[name] = by_beneficiary.get(name, ZERO) + amounts[0]
        by_category[label] = by_category.get(label, ZERO) + amounts[0]
        sums = [total + amount for total, amount in zip(sums, amounts, strict=True)]
        count += lines
    return (
        _shares(by_beneficiary),
        _shares(by_category),
        Totals(sums[0], sums[1], sums[2], sums[3], line_count=count, statement_count=None),
    )


def reimbursements_view(
    session: Reader,
    *,
    member_id: int,
    filters: Filters,
    page: int = 1,
    beneficiaries: Sequence[Option] | None = None,
) -> ReimbursementsView:
    """List page, both aggregates and the totals: two queries on the care lines, and one on beneficiaries
    unless the caller has their ``beneficiary_options`` already."""
    by_beneficiary, by_category, sums = summarise(
        session, member_id=member_id, filters=filters, beneficiaries=beneficiaries
    )
    return ReimbursementsView(
        page=statement_page(session, member_id=member_id, filters=filters, page=page),
        by_beneficiary=by_beneficiary,
        by_category=by_category,
        totals=sums,
    )


def describe_filters(session: Session, *, member_id: int, filters: Filters) -> str:
    """The selection in words, for the audit log and the PDF ("soins du 01/01/2025 au 31/03/2025, JULIE
    DUBOIS, Pharmacie"): the dates are the care's, one phrase without a comma inside."""
    parts = []
    if filters.start and filters.end:
        parts.append(f"soins du {format_short_date(filters.start)} au {format_short_date(filters.end)}")
    elif filters.start:
        parts.append(f"soins depuis le {format_short_date(filters.start)}")
    elif filters.end:
        parts.append(f"soins jusqu'au {format_short_date(filters.end)}")
    if filters.beneficiary_id:
        names = {int(o.value): o.label for o in beneficiary_options(session, member_id=member_id)}
        parts.append(names.get(filters.beneficiary_id, ""))
    if filters.category:
        parts.append(category_label(filters.category))
    return ", ".join(p for p in parts if p) or "toutes périodes, tous bénéficiaires, tous actes"


# --- audited views (the actor comes from the guard)

CONSULTATION = "Consultation"


def record_reimbursements_consultation(session: Reader, *, actor: audit.Actor) -> None:
    """Opening Mes remboursements is a view of health data: one audit row."""
    audit.record_by(session, actor, event_type=CONSULTATION, action="Consultation des remboursements")


@dataclass(frozen=True)
class StatementDetail:
    """What the ▼ of a décompte shows: its lines and how each was computed."""

    lines: list[LineRow] = field(default_factory=list)
    explanations: list[LineExplanation] = field(default_factory=list)


def statement_detail(session: Reader, *, actor: audit.Actor, statement_id: int) -> StatementDetail:
    """The lines of one of ``actor.member_id``'s décomptes with their explanation (two queries at most, the
    member's plan read with the lines), the consultation audited when there are lines; empty (and nothing
    written) for anybody else's."""
    if actor.member_id is None:
        return StatementDetail()
    owned = _owned_lines(session, actor.member_id, statement_id)
    rows = owned.lines
    if not rows:
        return StatementDetail()
    explained = explain_lines(
        session,
        member_id=actor.member_id,
        plan=plan_by_code(owned.plan_code),
        lines=[(line, name) for line, name, _ in rows],
    )
    audit.record_by(  # after the reads, which would otherwise flush it first
        session,
        actor,
        event_type=CONSULTATION,
        action=f"Consultation du décompte de prestations n° {owned.number}",
    )
    return StatementDetail([line_row(*row) for row in rows], explained)


def statement_lines(session: Session, *, actor: audit.Actor, statement_id: int) -> list[LineRow]:
    """The lines of :func:`statement_detail`."""
    return statement_detail(session, actor=actor, statement_id=statement_id).lines
