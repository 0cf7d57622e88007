"""What every writer shares: the load's randomness, ids, clock and name pools, the structures' HR logins, and
the care acts priced once per plan then picked at random (so the hot loop draws from small tables instead of
pricing each line)."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from random import Random

from faker import Faker
from sqlalchemy import Connection

from ocso_app.models import PayeeKind
from ocso_app.seed.data import reference
from ocso_app.seed.data import volume as shape
from ocso_app.seed.rows import Ids
from ocso_app.services.care_catalog import CARE_ACTS, CareAct, HealthPlan
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.pricing import LineAmounts, price_line


@dataclass(frozen=True)
class Pools:
    """Names and places drawn once from Faker, then picked with ``random.Random`` in the hot loop."""

    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    practitioners: dict[str, tuple[str, ...]]


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def build_pools(fake: Faker, rng: Random) -> Pools:
    """Draw the pools; deterministic for a seeded Faker and Random."""
    male = _unique([fake.first_name_male() for _ in range(shape.MALE_FIRST_NAME_DRAWS)])
    female = _unique([fake.first_name_female() for _ in range(shape.FEMALE_FIRST_NAME_DRAWS)])
    last = _unique([fake.last_name() for _ in range(shape.LAST_NAME_DRAWS)])
    streets = _unique([fake.street_name() for _ in range(shape.STREET_DRAWS)])
    return Pools(male, female, last, streets, _practitioners(rng, male + female, last))


def _practitioners(rng: Random, first: Sequence[str], last: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The practitioners of :data:`~ocso_app.seed.data.volume.PRACTITIONERS`, by care category."""
    places = {"place": shape.PHARMACY_PLACES, "town": [town[1].title() for town in reference.TOWNS]}
    named: dict[str, list[str]] = {}
    for pool in shape.PRACTITIONERS:
        fields = [name for _, name, _, _ in string.Formatter().parse(pool.template) if name]
        for _ in range(pool.count):
            if pool.person:
                values = {"f": rng.choice(first), "l": rng.choice(last).upper()}
            else:
                values = {name: rng.choice(places[name]) for name in fields}
            named.setdefault(pool.category, []).append(pool.template.format(**values))
    return {category: tuple(names) for category, names in named.items()}


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens, for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower().replace(" ", "-") if c.isalnum() or c == "-")


def draw_amount(rng: Random, bounds: tuple[str, str]) -> Decimal:
    """A price in euros, uniform to the cent between the two bounds."""
    low, high = (int(Decimal(b) * 100) for b in bounds)
    return Decimal(rng.randint(low, high)).scaleb(-2)


def price_random(rng: Random, act: CareAct, plan: HealthPlan) -> tuple[int, LineAmounts]:
    """(quantity, amounts) of one plausible occurrence of ``act`` under ``plan``."""
    quantity = rng.randint(act.min_quantity, act.max_quantity)
    unit_base = draw_amount(rng, act.base)
    unit_spent = max(draw_amount(rng, act.spent), unit_base) if act.spent else unit_base
    return quantity, price_line(
        act, unit_base=unit_base, unit_spent=unit_spent, quantity=quantity, rule=plan.rule_for(act.category)
    )


def payee_of(act: CareAct, rng: Random) -> PayeeKind:
    """Who is paid: hospitals directly, tiers-payant acts mostly through the operator, else the member."""
    if act.category == "HOSP":
        return PayeeKind.PRACTITIONER
    if act.tiers_payant and rng.random() < shape.OPERATOR_PAYEE_SHARE:
        return PayeeKind.OPERATOR
    return PayeeKind.MEMBER


class ActPicker:
    """Weighted choice of acts, overall or among the acts one payee can be paid for."""

    def __init__(self) -> None:
        indexes = range(len(CARE_ACTS))
        self._all = self._table(indexes)
        self._by_payee = {
            PayeeKind.MEMBER: self._table([i for i in indexes if CARE_ACTS[i].category != "HOSP"]),
            PayeeKind.OPERATOR: self._table(
                [i for i in indexes if CARE_ACTS[i].tiers_payant and CARE_ACTS[i].category != "HOSP"]
            ),
            PayeeKind.PRACTITIONER: self._table([i for i in indexes if CARE_ACTS[i].category == "HOSP"]),
        }

    @staticmethod
    def _table(indexes: Sequence[int]) -> tuple[list[int], list[int]]:
        return list(indexes), list(accumulate(CARE_ACTS[i].weight for i in indexes))

    def pick(self, rng: Random, payee: PayeeKind | None = None) -> int:
        """An act index, weighted by how often the act occurs."""
        indexes, cum = self._by_payee[payee] if payee else self._all
        return rng.choices(indexes, cum_weights=cum)[0]


@dataclass
class Context:
    """What every generator needs: randomness, ids, pools, pre-priced acts, the load's clock and the files it
    stored."""

    conn: Connection
    rng: Random
    ids: Ids
    pools: Pools
    today: date
    now: datetime
    picker: ActPicker = field(default_factory=ActPicker)
    variants: dict[str, list[list[tuple[int, LineAmounts]]]] = field(default_factory=dict)
    stored_files: list[str] = field(default_factory=list)  # storage keys written (removed if the load fails)
    dispense_proofs: dict[str, bytes] = field(
        default_factory=dict
    )  # one drawn PDF a case (writers.employees)
    # company id → the demo login of its HR (its administrator), who pré-affiliated, accepted the dispenses
    # and radiated there (writers.employees); structures without a demo login have none
    hr_authors: dict[int, StatusAuthor] = field(default_factory=dict)
    # company id → that HR's e-mail, where the pré-affiliation sends the employees' dispense requests
    hr_addresses: dict[int, str] = field(default_factory=dict)

    def priced(self, plan: HealthPlan, act_index: int) -> tuple[int, LineAmounts]:
        """A pre-priced (quantity, amounts) of the act under the plan."""
        if plan.code not in self.variants:
            draws = range(shape.VARIANTS_PER_ACT)
            self.variants[plan.code] = [
                [price_random(self.rng, act, plan) for _ in draws] for act in CARE_ACTS
            ]
        return self.rng.choice(self.variants[plan.code][act_index])


@dataclass(frozen=True)
class Person:
    """Someone's civil status as the rows need it."""

    male: bool
    first_name: str
    last_name: str
    birth: date

    @property
    def civility(self) -> str:
        return "M." if self.male else "Mme"


def random_person(ctx: Context, *, ages: tuple[int, int], last_name: str | None = None) -> Person:
    """Someone aged between ``ages[0]`` and ``ages[1]``."""
    rng = ctx.rng
    male = rng.random() < 0.5
    first = rng.choice(ctx.pools.male_first if male else ctx.pools.female_first)
    birth = ctx.today - timedelta(days=rng.randint(ages[0] * 365, ages[1] * 365))
    return Person(male, first, last_name or rng.choice(ctx.pools.last_names).upper(), birth)
