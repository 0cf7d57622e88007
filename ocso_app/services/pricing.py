"""How a décompte prices a care line.

The Sécurité sociale pays ``base × rate`` minus the participation forfaitaire or franchise médicale of the
care category (:func:`~ocso_app.services.care_catalog.ss_deduction`); the complementary pays what the
Sécurité sociale did not, up to its guarantee (:func:`guarantee_ceiling`: a percentage of the base including
the Sécurité sociale part, a flat amount per act, what is left of a yearly forfait) and never the
participation or franchise; the rest is the member's remaining charge. A 100 % Santé equipment is paid in full
by the complementary, without touching the forfait.

A yearly forfait is used in the order décomptes are paid (statement date, then statement, then line), in the
calendar year of the care, per beneficiary or for the whole family (:func:`forfait_key`);
:class:`ForfaitLedger` keeps that count while a history is generated, and
:mod:`ocso_app.services.forfaits` reads it back from the stored lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from ocso_app.services.care_catalog import ZERO, CareAct, ForfaitScope, GuaranteeRule, money, ss_deduction


@dataclass(frozen=True)
class LineAmounts:
    """The amounts of one care line; ``remaining_charge = spent - ss_reimbursed - complementary``."""

    amount_spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary_reimbursed: Decimal
    remaining_charge: Decimal


def guarantee_ceiling(
    rule: GuaranteeRule, *, base: Decimal, ss_gross: Decimal, forfait_left: Decimal | None = None
) -> Decimal:
    """The most OCSO pays on one act under ``rule``: the lowest of its ceilings (``forfait_left`` is what is
    left of the yearly forfait, the whole forfait when ``None``)."""
    ceilings = []
    if rule.rate_percent is not None:
        ceilings.append(money(base * rule.rate_percent / 100) - ss_gross)
    if rule.flat_amount is not None:
        ceilings.append(rule.flat_amount)
    if rule.yearly_amount is not None:
        ceilings.append(rule.yearly_amount if forfait_left is None else forfait_left)
    return max(min(ceilings, default=ZERO), ZERO)


def price_care(
    category: str,
    *,
    ss_rate: int,
    base: Decimal,
    spent: Decimal,
    quantity: int,
    rule: GuaranteeRule,
    forfait_left: Decimal | None = None,
    hundred_percent_sante: bool = False,
) -> LineAmounts:
    """Price a care of ``category`` from its totals (see the module docstring)."""
    base, spent = money(base), max(money(spent), money(base))
    ss_gross = money(base * ss_rate / 100)
    deduction = ss_deduction(category)
    kept = deduction.on(quantity) if deduction is not None and ss_rate else ZERO
    ss_paid = max(ss_gross - kept, ZERO)
    if hundred_percent_sante:
        complementary = spent - ss_gross
    else:
        ceiling = guarantee_ceiling(rule, base=base, ss_gross=ss_gross, forfait_left=forfait_left)
        complementary = max(min(spent - ss_gross, ceiling), ZERO)
    return LineAmounts(spent, base, ss_rate, ss_paid, complementary, spent - ss_paid - complementary)


def price_line(
    act: CareAct,
    *,
    unit_base: Decimal,
    unit_spent: Decimal,
    quantity: int,
    rule: GuaranteeRule,
    forfait_left: Decimal | None = None,
) -> LineAmounts:
    """Price ``quantity`` units of a catalog act as a décompte does."""
    return price_care(
        act.category,
        ss_rate=act.ss_rate,
        base=unit_base * quantity,
        spent=unit_spent * quantity,
        quantity=quantity,
        rule=rule,
        forfait_left=forfait_left,
    )


ForfaitKey = tuple[str, int | None, int]


def forfait_key(rule: GuaranteeRule, *, beneficiary_id: int, care_date: date) -> ForfaitKey | None:
    """Which yearly forfait a care uses: (category, beneficiary or ``None`` for the family, year of care);
    ``None`` when the guarantee has no yearly ceiling."""
    if rule.yearly_amount is None:
        return None
    who = None if rule.yearly_scope == ForfaitScope.FAMILY else beneficiary_id
    return rule.category, who, care_date.year


def cap_complementary(amounts: LineAmounts, ceiling: Decimal) -> LineAmounts:
    """``amounts`` with OCSO's part reduced to ``ceiling`` at most (the rest left to pay)."""
    complementary = min(amounts.complementary_reimbursed, max(ceiling, ZERO))
    return replace(
        amounts,
        complementary_reimbursed=complementary,
        remaining_charge=amounts.amount_spent - amounts.ss_reimbursed - complementary,
    )


@dataclass
class ForfaitLedger:
    """The yearly forfaits used so far, for lines priced in the order they are paid."""

    used: dict[ForfaitKey, Decimal] = field(default_factory=dict)

    def charge(
        self, rule: GuaranteeRule, *, beneficiary_id: int, care_date: date, amounts: LineAmounts
    ) -> LineAmounts:
        """``amounts`` (priced against the whole forfait) capped to what is left of it, and counted."""
        key = forfait_key(rule, beneficiary_id=beneficiary_id, care_date=care_date)
        if key is None or rule.yearly_amount is None:
            return amounts
        used = self.used.get(key, ZERO)
        capped = cap_complementary(amounts, rule.yearly_amount - used)
        self.used[key] = used + capped.complementary_reimbursed
        return capped
