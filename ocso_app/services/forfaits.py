"""The yearly forfaits of a member's guarantees (optique, aides auditives, médecines douces…): what their
décomptes used, what is left this year, per beneficiary or for the whole family as the contract says, and
how much of a forfait was used before a given line.

The rules come from :mod:`~ocso_app.services.care_catalog` through the member's contract option; the use is
OCSO's part of the stored care lines, counted as :func:`~ocso_app.services.pricing.forfait_key` says, in the
order the décomptes were paid. Every read takes ``member_id`` from the guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, select

from ocso_app.db import Reader, read
from ocso_app.models import Beneficiary, CareLine, Contract, ContractKind, ContractOption, Member, Statement
from ocso_app.services.care_catalog import (
    FORFAIT_SCOPE_LABELS,
    ZERO,
    ForfaitScope,
    GuaranteeRule,
    HealthPlan,
    plan_by_code,
)
from ocso_app.services.formats import format_money
from ocso_app.services.pricing import ForfaitKey, forfait_key

FAMILY = "Toute la famille"


# Accueil and Mes remboursements run these on every opening: built once (see services/sessions.py).
PLAN = (
    select(ContractOption.code)
    .join(Member, Member.contract_option_id == ContractOption.id)
    .join(Contract, Contract.id == ContractOption.contract_id)
    .where(Member.id == bindparam("member_id"), Contract.kind == ContractKind.SANTE)
)
_HOUSEHOLD = (
    select(Beneficiary.id, Beneficiary.first_name, Beneficiary.last_name, Beneficiary.end_date)
    .where(Beneficiary.member_id == bindparam("member_id"))
    .order_by(Beneficiary.rank)
)
# The year's lines of every category (a handful), those of a forfait kept in Python: an expanding ``IN`` of
# the forfaits' categories is rewritten at every execution, which costs more than the rows it saves.
_USED = select(CareLine.beneficiary_id, CareLine.care_category, CareLine.complementary_reimbursed).where(
    CareLine.member_id == bindparam("member_id"),
    CareLine.care_date >= bindparam("first_day"),
    CareLine.care_date <= bindparam("last_day"),
)


def member_plan(session: Reader, *, member_id: int) -> HealthPlan | None:
    """The santé plan of the member's contract option (one query, ``PLAN``: another query can read it as a
    scalar subquery, bound the same way); ``None`` without one."""
    return plan_by_code(read(session, PLAN, {"member_id": member_id}).scalar())


@dataclass(frozen=True)
class ForfaitUse:
    """One yearly forfait for one beneficiary (or the family): amounts ``Decimal``, strings for the page."""

    category: str
    label: str
    rule: str
    scope: str
    who: str
    beneficiary_id: int | None
    total: Decimal
    used: Decimal
    left: Decimal

    @property
    def used_percent(self) -> int:
        """How much of the forfait is used, in whole percent (for the bar)."""
        return int(self.used * 100 / self.total) if self.total else 100

    def display(self) -> dict[str, str]:
        """The strings a card shows."""
        return {
            "label": self.label,
            "rule": self.rule,
            "scope": self.scope,
            "who": self.who,
            "used": format_money(self.used),
            "left": format_money(self.left),
            "total": format_money(self.total),
            "percent": str(self.used_percent),
        }


@dataclass(frozen=True)
class Person:
    """A beneficiary of the member's contract, named as the pages name them (``JULIE DUBOIS``)."""

    id: int
    name: str
    end_date: date | None

    def covered_in(self, year: int) -> bool:
        return self.end_date is None or self.end_date >= date(year, 1, 1)


def household(session: Reader, *, member_id: int) -> list[Person]:
    """The member's beneficiaries, the member first, those whose cover ended included (one query): a page
    that shows them and the forfaits reads them once (``forfaits_left(people=...)``)."""
    rows = read(session, _HOUSEHOLD, {"member_id": member_id}).all()
    return [Person(row.id, f"{row.first_name.upper()} {row.last_name.upper()}", row.end_date) for row in rows]


def _used_this_year(
    session: Reader, member_id: int, plan: HealthPlan, year: int
) -> dict[ForfaitKey, Decimal]:
    rules = {rule.category: rule for rule in plan.yearly_rules()}
    if not rules:
        return {}
    rows = read(
        session,
        _USED,
        {"member_id": member_id, "first_day": date(year, 1, 1), "last_day": date(year, 12, 31)},
    ).all()
    used: dict[ForfaitKey, Decimal] = {}
    for beneficiary_id, category, amount in rows:
        if category not in rules:
            continue
        key = forfait_key(rules[category], beneficiary_id=beneficiary_id, care_date=date(year, 1, 1))
        if key is not None:
            used[key] = used.get(key, ZERO) + Decimal(amount)
    return used


def _use(rule: GuaranteeRule, who: str, beneficiary_id: int | None, used: Decimal) -> ForfaitUse:
    total = rule.yearly_amount or ZERO
    used = min(used, total)
    return ForfaitUse(
        rule.category,
        rule.label,
        rule.rule,
        FORFAIT_SCOPE_LABELS[rule.yearly_scope],
        who,
        beneficiary_id,
        total,
        used,
        total - used,
    )


def forfaits_left(
    session: Reader, *, member_id: int, today: date, people: Sequence[Person] | None = None
) -> list[ForfaitUse]:
    """Every yearly forfait of the member's plan for this calendar year: one per beneficiary covered this
    year, or one for the family when the contract shares it (three small queries, two when the caller read
    the member's ``household`` already)."""
    plan = member_plan(session, member_id=member_id)
    if plan is None:
        return []
    used = _used_this_year(session, member_id, plan, today.year)
    if people is None:
        people = household(session, member_id=member_id)
    covered = [(person.id, person.name) for person in people if person.covered_in(today.year)]
    uses = []
    for rule in plan.yearly_rules():
        if rule.yearly_scope == ForfaitScope.FAMILY:
            uses.append(_use(rule, FAMILY, None, used.get((rule.category, None, today.year), ZERO)))
            continue
        for beneficiary_id, name in covered:
            key = (rule.category, beneficiary_id, today.year)
            uses.append(_use(rule, name, beneficiary_id, used.get(key, ZERO)))
    return uses


def forfait_left(uses: Iterable[ForfaitUse], *, category: str, beneficiary_id: int) -> Decimal | None:
    """What is left of the forfait of ``category`` for a beneficiary (or their family), from
    :func:`forfaits_left`; ``None`` when the guarantee has no yearly ceiling."""
    for use in uses:
        if use.category == category and use.beneficiary_id in (None, beneficiary_id):
            return use.left
    return None


@dataclass(frozen=True)
class LineRef:
    """What :func:`used_before` needs of a care line."""

    id: int
    beneficiary_id: int
    category: str
    care_date: date


# ▼ runs it (built once, as ``_USED``): the member's lines of those years, in the order they were paid.
_LINES_IN_ORDER = (
    select(
        CareLine.id,
        CareLine.beneficiary_id,
        CareLine.care_category,
        CareLine.care_date,
        CareLine.complementary_reimbursed,
    )
    .join(Statement, Statement.id == CareLine.statement_id)
    .where(
        CareLine.member_id == bindparam("member_id"),
        CareLine.care_date >= bindparam("first_day"),
        CareLine.care_date <= bindparam("last_day"),
    )
    .order_by(Statement.paid_on, Statement.id, CareLine.id)
)


def used_before(
    session: Reader, *, member_id: int, plan: HealthPlan, lines: Iterable[LineRef]
) -> dict[int, Decimal]:
    """For each line of a yearly forfait, how much of that forfait earlier décomptes had used (one query, only
    when some line has a yearly forfait)."""
    rules = {rule.category: rule for rule in plan.yearly_rules()}
    wanted = {
        line.id: key
        for line in lines
        if line.category in rules
        and (
            key := forfait_key(
                rules[line.category], beneficiary_id=line.beneficiary_id, care_date=line.care_date
            )
        )
    }
    if not wanted:
        return {}
    years = sorted({key[2] for key in wanted.values()})
    rows = read(
        session,
        _LINES_IN_ORDER,
        {"member_id": member_id, "first_day": date(years[0], 1, 1), "last_day": date(years[-1], 12, 31)},
    ).all()
    running: dict[ForfaitKey, Decimal] = {}
    before: dict[int, Decimal] = {}
    for line_id, beneficiary_id, category, care_date, amount in rows:
        rule = rules.get(category)
        key = forfait_key(rule, beneficiary_id=beneficiary_id, care_date=care_date) if rule else None
        if key is None:
            continue
        if line_id in wanted:
            before[line_id] = running.get(key, ZERO)
        running[key] = running.get(key, ZERO) + Decimal(amount)
    return before
