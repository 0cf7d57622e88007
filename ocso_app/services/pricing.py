"""How a décompte prices a care line.

The Sécurité sociale pays ``base × rate`` minus the participation forfaitaire (2 € on consultations, biology
and imaging); the complementary pays up to its guarantee (a percentage of the base including the Sécurité
sociale part, or a flat amount) and never the participation forfaitaire; the rest is the member's remaining
charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ocso_app.services.care_catalog import ZERO, CareAct, GuaranteeRule, money

PARTICIPATION_FORFAITAIRE = Decimal("2.00")


@dataclass(frozen=True)
class LineAmounts:
    """The amounts of one care line; ``remaining_charge = spent - ss_reimbursed - complementary``."""

    amount_spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary_reimbursed: Decimal
    remaining_charge: Decimal


def price_line(
    act: CareAct, *, unit_base: Decimal, unit_spent: Decimal, quantity: int, rule: GuaranteeRule
) -> LineAmounts:
    """Price one line as a décompte does (see the module docstring)."""
    base = money(unit_base * quantity)
    spent = max(money(unit_spent * quantity), base)
    ss_gross = money(base * act.ss_rate / 100)
    participation = PARTICIPATION_FORFAITAIRE if act.participation and act.ss_rate else ZERO
    ss_paid = max(ss_gross - participation, ZERO)
    if rule.flat_amount is not None:
        ceiling = rule.flat_amount
    else:
        ceiling = money(base * (rule.rate_percent or 0) / 100) - ss_gross
    complementary = max(min(spent - ss_gross, ceiling), ZERO)
    return LineAmounts(spent, base, act.ss_rate, ss_paid, complementary, spent - ss_paid - complementary)
