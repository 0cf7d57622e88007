"""How a contribution is split between the employer and the employee: one rule for every page and PDF that
shows the two parts (the affiliation page's offer, the bulletin individuel d'adhésion).

The contract gives the employer's share as a percentage; its part is rounded half up to the cent, and the
employee pays the rest, so that the two parts always add up to the contribution and the employer never pays
less than its percentage (a santé contract's employer pays at least half, art. L911-7 CSS). Rounding the
employee's part separately gave the employee a cent more on the offer than on the BIA for a half cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ocso_app.services.care_catalog import money


@dataclass(frozen=True)
class ContributionSplit:
    """The two parts of one monthly contribution, in euros to the cent."""

    employer: Decimal
    employee: Decimal


def split_contribution(total: Decimal, *, employer_percent: Decimal) -> ContributionSplit:
    """``total`` split at ``employer_percent`` % for the employer (rounded half up), the rest for the
    employee."""
    employer = money(total * employer_percent / 100)  # half up to the cent
    return ContributionSplit(employer=employer, employee=total - employer)
