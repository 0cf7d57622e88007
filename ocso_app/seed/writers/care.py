"""Décomptes: one statement and its care lines, and a member's generated history of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from ocso_app.models import PayeeKind
from ocso_app.seed.context import Context, payee_of
from ocso_app.seed.data import volume as shape
from ocso_app.seed.data.activity import GuideStatement, last_on
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.services import care_catalog
from ocso_app.services.care_catalog import CARE_ACTS, ZERO, CareAct, HealthPlan, act_by_label
from ocso_app.services.pricing import ForfaitLedger, LineAmounts, price_line


class LineSpec(NamedTuple):
    """One care line before it gets its ids."""

    beneficiary_id: int
    quantity: int
    care_date: date
    act: CareAct
    amounts: LineAmounts
    practitioner: str | None


@dataclass(frozen=True)
class HistoryOwner:
    """A member whose décomptes are generated: beneficiaries as (id, first covered day); ``forfaits`` counts
    the yearly forfaits their décomptes used, which must therefore be added in the order they are paid."""

    member_id: int
    payee_name: str
    operator: str
    plan: HealthPlan
    beneficiaries: Sequence[tuple[int, date]]
    forfaits: ForfaitLedger = field(default_factory=ForfaitLedger)


def add_statement(
    ctx: Context,
    buf: RowBuffer,
    owner: HistoryOwner,
    *,
    paid_on: date,
    payee: PayeeKind,
    lines: Sequence[LineSpec],
) -> None:
    """One décompte and its lines, capped to the yearly forfaits left; a hospital (practitioner payee) is
    named after its first line."""
    lines = [
        line._replace(
            amounts=owner.forfaits.charge(
                owner.plan.rule_for(line.act.category),
                beneficiary_id=line.beneficiary_id,
                care_date=line.care_date,
                amounts=line.amounts,
            )
        )
        for line in lines
    ]
    statement_id = ctx.ids.take(T["statements"])
    payee_name = {PayeeKind.MEMBER: owner.payee_name, PayeeKind.OPERATOR: owner.operator}.get(
        payee, lines[0].practitioner or owner.operator
    )
    total = sum((line.amounts.complementary_reimbursed for line in lines), ZERO)
    buf.add(
        T["statements"],
        {
            "id": statement_id,
            "member_id": owner.member_id,
            "number": f"D{statement_id:011d}",
            "paid_on": paid_on,
            "payee_kind": payee,
            "payee_name": payee_name[:80],
            "total_paid": total,
            "created_at": ctx.now,
        },
    )
    for beneficiary_id, quantity, care_date, act, amounts, practitioner in lines:
        buf.add(
            T["care_lines"],
            {
                "id": ctx.ids.take(T["care_lines"]),
                "statement_id": statement_id,
                "member_id": owner.member_id,
                "beneficiary_id": beneficiary_id,
                "care_date": care_date,
                "care_category": act.category,
                "act_code": act.code,
                "act_label": act.label,
                "practitioner": practitioner,
                "quantity": quantity,
                "amount_spent": amounts.amount_spent,
                "ss_base": amounts.ss_base,
                "ss_rate": amounts.ss_rate,
                "ss_reimbursed": amounts.ss_reimbursed,
                "complementary_reimbursed": amounts.complementary_reimbursed,
                "remaining_charge": amounts.remaining_charge,
            },
        )


def add_history(
    ctx: Context,
    buf: RowBuffer,
    owner: HistoryOwner,
    *,
    start: date,
    end: date,
    line_count: int,
    first_acts: Sequence[int] = (),
) -> None:
    """About ``line_count`` care lines paid between ``start`` and ``end``, grouped into décomptes by payee;
    ``first_acts`` (act indexes) open the first décomptes, so a persona covers every category."""
    rng = ctx.rng
    span = (end - start).days
    if span < 30:
        return
    forced = list(first_acts)
    left = line_count
    planned: list[tuple[date, PayeeKind, list[LineSpec]]] = []
    while left > 0:
        first = forced.pop(0) if forced else ctx.picker.pick(rng)
        payee = payee_of(CARE_ACTS[first], rng)
        count = min(left, rng.choice(shape.LINES_PER_STATEMENT))
        paid_on = start + timedelta(days=rng.randint(shape.FIRST_PAYMENT_AFTER_DAYS, span))
        acts = [first] + [ctx.picker.pick(rng, payee) for _ in range(count - 1)]
        planned.append((paid_on, payee, [_line(ctx, owner, act_index, paid_on) for act_index in acts]))
        left -= count
    for paid_on, payee, lines in sorted(planned, key=lambda statement: statement[0]):  # the forfaits' order
        add_statement(ctx, buf, owner, paid_on=paid_on, payee=payee, lines=lines)


def _line(ctx: Context, owner: HistoryOwner, act_index: int, paid_on: date) -> LineSpec:
    rng = ctx.rng
    act = CARE_ACTS[act_index]
    care_date = paid_on - timedelta(days=rng.randint(*shape.CARE_DAYS_BEFORE_PAYMENT))
    covered = [b for b in owner.beneficiaries if b[1] <= care_date] or owner.beneficiaries[:1]
    quantity, amounts = ctx.priced(owner.plan, act_index)
    practitioner = rng.choice(ctx.pools.practitioners[act.category])
    return LineSpec(rng.choice(covered)[0], quantity, care_date, act, amounts, practitioner)


def every_category() -> list[int]:
    """The first act (index) of every care category, to open a persona's history."""
    return [
        next(i for i, act in enumerate(CARE_ACTS) if act.category == category)
        for category in care_catalog.CARE_CATEGORIES
    ]


def add_guide_statements(
    ctx: Context,
    buf: RowBuffer,
    owner: HistoryOwner,
    guide: Sequence[GuideStatement],
    beneficiaries: dict[str, tuple[int, date]],
) -> None:
    """A guide's décomptes with their exact amounts, in the year of the first one's latest occurrence; care
    was six days before payment, by the category's first practitioners; ``beneficiaries`` by rank."""
    year = last_on(ctx.today, guide[0][0], guide[0][1]).year
    for month, day, payee, specs in guide:
        paid_on = date(year, month, day)
        lines: list[LineSpec] = []
        for label, rank, unit_base, unit_spent, quantity in specs:
            act = act_by_label(label)
            amounts = price_line(
                act,
                unit_base=Decimal(unit_base),
                unit_spent=Decimal(unit_spent),
                quantity=quantity,
                rule=owner.plan.rule_for(act.category),
            )
            practitioner = ctx.pools.practitioners[act.category][len(lines)]
            care_date = paid_on - timedelta(days=6)
            lines.append(LineSpec(beneficiaries[rank][0], quantity, care_date, act, amounts, practitioner))
        add_statement(ctx, buf, owner, paid_on=paid_on, payee=payee, lines=lines)
