"""Generated volume: companies with their contracts, and members with beneficiaries and two years of
décomptes (about ten care lines per member).

Built for scale: rows are plain dicts inserted with SQLAlchemy Core ``insert()`` in batches, primary keys are
assigned here (after the current maximum of each table), names and addresses come from small pools drawn once
from Faker, and care-line amounts are priced once per act and plan then picked at random. The same history
builder also writes the personas' décomptes.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from random import Random
from typing import NamedTuple

from faker import Faker
from sqlalchemy import Connection, Table, func, insert, select

from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    Beneficiary,
    BeneficiaryQuality,
    BusinessIntroducer,
    CareLine,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    ContributionStatement,
    DailyAllowance,
    Employee,
    EmployeeContract,
    EmployerGrant,
    Guarantee,
    HelpArticle,
    Member,
    NewsItem,
    PayeeKind,
    PortfolioEntry,
    Request,
    RequestMessage,
    SickLeave,
    Statement,
)
from ocso_app.seed.data import reference
from ocso_app.services import care_catalog
from ocso_app.services.care_catalog import CARE_ACTS, HEALTH_PLANS, ZERO, CareAct, HealthPlan, money
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.identifiers import french_iban, luhn_complete, nir_with_key
from ocso_app.services.pricing import LineAmounts, price_line

BATCH_ROWS = 10_000
FLUSH_EVERY_MEMBERS = 2_000
MEMBERS_PER_COMPANY = 50
HISTORY_DAYS = 730
VARIANTS_PER_ACT = 64
LINES_PER_STATEMENT = (1, 1, 1, 2, 2, 3, 4)
EXTRA_BENEFICIARIES = (0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4)
CHILD_RANKS = ("EA", "EB", "EC", "ED")
EMAIL_DOMAINS = ("example.fr", "example.com", "example.org")

# Every table the demo fills, parents before children.
TABLE_ORDER: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[attr-defined]
    for model in (
        BusinessIntroducer,
        Company,
        Contract,
        ContractOption,
        Guarantee,
        PortfolioEntry,
        Member,
        Beneficiary,
        Account,
        EmployerGrant,
        Employee,
        EmployeeContract,
        Statement,
        CareLine,
        SickLeave,
        DailyAllowance,
        ContributionStatement,
        NewsItem,
        HelpArticle,
        Request,
        RequestMessage,
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


@dataclass(frozen=True)
class Pools:
    """Names and places drawn once from Faker, then picked with ``random.Random`` in the hot loop."""

    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    practitioners: dict[str, tuple[str, ...]]


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens, for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower().replace(" ", "-") if c.isalnum() or c == "-")


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def build_pools(fake: Faker, rng: Random) -> Pools:
    """Draw the pools; deterministic for a seeded Faker and Random."""
    male = _unique([fake.first_name_male() for _ in range(400)])
    female = _unique([fake.first_name_female() for _ in range(400)])
    last = _unique([fake.last_name() for _ in range(2500)])
    streets = _unique([fake.street_name() for _ in range(1500)])
    return Pools(male, female, last, streets, _practitioners(rng, male + female, last))


def _practitioners(rng: Random, first: Sequence[str], last: Sequence[str]) -> dict[str, tuple[str, ...]]:
    def person(fmt: str) -> str:
        return fmt.format(f=rng.choice(first), l=rng.choice(last).upper())

    towns = [town[1].title() for town in reference.TOWNS]
    places = ["du Centre", "de la Gare", "des Arcades", "du Marché", "de l'Océan", "des Halles", "du Parc"]
    return {
        "MEDG": tuple(person("Dr {f} {l}") for _ in range(300)),
        "MEDS": tuple(person("Dr {f} {l}") for _ in range(200)),
        "PHAR": tuple(f"Pharmacie {rng.choice(places)} – {rng.choice(towns)}" for _ in range(150)),
        "LABO": tuple(f"Laboratoire de biologie médicale {rng.choice(towns)}" for _ in range(40)),
        "RADL": tuple(f"Centre d'imagerie médicale {rng.choice(towns)}" for _ in range(40)),
        "HOSP": tuple(
            f"{kind} {rng.choice(towns)}"
            for kind in ("Clinique de", "Centre hospitalier de", "Polyclinique de")
            for _ in range(10)
        ),
        "OPTI": tuple(person("Optique {l}") for _ in range(60)),
        "DENT": tuple(person("Dr {f} {l}, chirurgien-dentiste") for _ in range(120)),
        "AUDI": tuple(person("Audition {l}") for _ in range(30)),
        "KINE": tuple(person("{f} {l}, masseur-kinésithérapeute") for _ in range(120)),
    }


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
    if act.tiers_payant and rng.random() < 0.85:
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
    """What every generator needs: randomness, ids, pools, pre-priced acts and the load's clock."""

    conn: Connection
    rng: Random
    ids: Ids
    pools: Pools
    today: date
    now: datetime
    picker: ActPicker = field(default_factory=ActPicker)
    variants: dict[str, list[list[tuple[int, LineAmounts]]]] = field(default_factory=dict)

    def priced(self, plan: HealthPlan, act_index: int) -> tuple[int, LineAmounts]:
        """A pre-priced (quantity, amounts) of the act under the plan."""
        if plan.code not in self.variants:
            self.variants[plan.code] = [
                [price_random(self.rng, act, plan) for _ in range(VARIANTS_PER_ACT)] for act in CARE_ACTS
            ]
        return self.rng.choice(self.variants[plan.code][act_index])


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
    """A member whose décomptes are generated: beneficiaries as (id, first covered day)."""

    member_id: int
    payee_name: str
    operator: str
    plan: HealthPlan
    beneficiaries: Sequence[tuple[int, date]]


def add_statement(
    ctx: Context,
    buf: RowBuffer,
    owner: HistoryOwner,
    *,
    paid_on: date,
    payee: PayeeKind,
    lines: Sequence[LineSpec],
) -> None:
    """One décompte and its lines; a hospital (practitioner payee) is named after its first line."""
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
    while left > 0:
        first = forced.pop(0) if forced else ctx.picker.pick(rng)
        payee = payee_of(CARE_ACTS[first], rng)
        count = min(left, rng.choice(LINES_PER_STATEMENT))
        paid_on = start + timedelta(days=rng.randint(28, span))
        acts = [first] + [ctx.picker.pick(rng, payee) for _ in range(count - 1)]
        lines = [_line(ctx, owner, act_index, paid_on) for act_index in acts]
        add_statement(ctx, buf, owner, paid_on=paid_on, payee=payee, lines=lines)
        left -= count


def _line(ctx: Context, owner: HistoryOwner, act_index: int, paid_on: date) -> LineSpec:
    rng = ctx.rng
    act = CARE_ACTS[act_index]
    care_date = paid_on - timedelta(days=rng.randint(2, 26))
    covered = [b for b in owner.beneficiaries if b[1] <= care_date] or owner.beneficiaries[:1]
    quantity, amounts = ctx.priced(owner.plan, act_index)
    practitioner = rng.choice(ctx.pools.practitioners[act.category])
    return LineSpec(rng.choice(covered)[0], quantity, care_date, act, amounts, practitioner)


# --- companies


@dataclass(frozen=True)
class CompanyPlans:
    """The ids a generated company's employees are attached to."""

    company_id: int
    health_contract_id: int
    provident_contract_id: int
    option_ids: dict[str, int]
    provident_option_id: int
    start: date


def add_contract(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    kind: ContractKind,
    number: str,
    start: date,
    signed: bool = True,
    label: str | None = None,
) -> int:
    """A contract row; santé contracts are labelled « Frais de santé », prévoyance ones « Prévoyance »."""
    contract_id = ctx.ids.take(T["contracts"])
    default_label = (
        "Frais de santé – Ensemble du personnel"
        if kind == ContractKind.SANTE
        else f"Prévoyance – {care_catalog.PROVIDENT_PLAN_LABEL}"
    )
    buf.add(
        T["contracts"],
        {
            "id": contract_id,
            "company_id": company_id,
            "kind": kind,
            "number": number,
            "label": label or default_label,
            "insurer": ctx.rng.choice(reference.INSURERS),
            "personnel_category": "Ensemble du personnel",
            "start_date": start,
            "end_date": None,
            "signed_on": start - timedelta(days=21) if signed else None,
            "employer_share_percent": Decimal(ctx.rng.choice((50, 50, 60, 100))),
            "created_at": ctx.now,
        },
    )
    return contract_id


def add_option(
    ctx: Context,
    buf: RowBuffer,
    *,
    contract_id: int,
    code: str,
    label: str,
    is_base: bool,
    monthly: Decimal,
    rules: Sequence[care_catalog.GuaranteeRule],
) -> int:
    """A contract option and its guarantee table."""
    option_id = ctx.ids.take(T["contract_options"])
    buf.add(
        T["contract_options"],
        {
            "id": option_id,
            "contract_id": contract_id,
            "code": code,
            "label": label,
            "is_base": is_base,
            "monthly_contribution": monthly,
        },
    )
    for rule in rules:
        buf.add(
            T["guarantees"],
            {
                "id": ctx.ids.take(T["guarantees"]),
                "option_id": option_id,
                "care_category": rule.category,
                "label": rule.label,
                "rule": rule.rule,
                "rate_percent": rule.rate_percent,
                "flat_amount": rule.flat_amount,
                "notes": None,
            },
        )
    return option_id


def add_contracts(
    ctx: Context, buf: RowBuffer, *, company_id: int, start: date, numbers: tuple[str, str]
) -> CompanyPlans:
    """A signed santé contract (base + option) and a signed prévoyance contract (base)."""
    health = add_contract(
        ctx, buf, company_id=company_id, kind=ContractKind.SANTE, number=numbers[0], start=start
    )
    options = {
        plan.code: add_option(
            ctx,
            buf,
            contract_id=health,
            code=plan.code,
            label=plan.label,
            is_base=plan.is_base,
            monthly=plan.monthly_contribution,
            rules=plan.rules,
        )
        for plan in HEALTH_PLANS
    }
    provident = add_contract(
        ctx, buf, company_id=company_id, kind=ContractKind.PREVOYANCE, number=numbers[1], start=start
    )
    provident_option = add_option(
        ctx,
        buf,
        contract_id=provident,
        code="BASE",
        label=care_catalog.PROVIDENT_PLAN_LABEL,
        is_base=True,
        monthly=care_catalog.PROVIDENT_MONTHLY_CONTRIBUTION,
        rules=care_catalog.PROVIDENT_RULES,
    )
    return CompanyPlans(company_id, health, provident, options, provident_option, start)


def add_contributions(
    ctx: Context, buf: RowBuffer, plans: CompanyPlans, *, headcount: int, quarters: int, reference_prefix: str
) -> None:
    """Quarterly bordereaux for both contracts; the last one is still to pay until its due date."""
    year, quarter = ctx.today.year, (ctx.today.month - 1) // 3  # the current quarter is not billed yet
    for back in range(quarters, 0, -1):
        q_index = year * 4 + quarter - back
        period_start = date(q_index // 4, q_index % 4 * 3 + 1, 1)
        if period_start < plans.start:
            continue
        period_end = _quarter_end(period_start)
        for kind, contract_id, monthly in (
            ("S", plans.health_contract_id, HEALTH_PLANS[0].monthly_contribution),
            ("P", plans.provident_contract_id, care_catalog.PROVIDENT_MONTHLY_CONTRIBUTION),
        ):
            due = money(monthly * headcount * 3)
            due_on = period_end + timedelta(days=30)
            paid = due if due_on < ctx.today else ZERO
            buf.add(
                T["contribution_statements"],
                {
                    "id": ctx.ids.take(T["contribution_statements"]),
                    "company_id": plans.company_id,
                    "contract_id": contract_id,
                    "reference": f"{reference_prefix}{kind}{period_start:%Y}T{period_start.month // 3 + 1}",
                    "period_start": period_start,
                    "period_end": period_end,
                    "headcount": headcount,
                    "amount_due": due,
                    "amount_paid": paid,
                    "due_on": due_on,
                    "status": "payee" if paid else "a_payer",
                },
            )


def _quarter_end(start: date) -> date:
    next_month = start.month + 3
    following = date(start.year + (next_month > 12), (next_month - 1) % 12 + 1, 1)
    return following - timedelta(days=1)


def add_sick_leave(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    employee_id: int,
    contract_id: int,
    reference: str,
    reason: str,
    start: date,
    days: int | None,
    daily: Decimal,
) -> None:
    """An arrêt de travail (``days`` ``None``: still running) and its monthly indemnités journalières."""
    leave_id = ctx.ids.take(T["sick_leaves"])
    end = None if days is None else start + timedelta(days=days - 1)
    buf.add(
        T["sick_leaves"],
        {
            "id": leave_id,
            "company_id": company_id,
            "employee_id": employee_id,
            "contract_id": contract_id,
            "reference": reference,
            "reason": reason,
            "start_date": start,
            "end_date": end,
            "waiting_days": 3,
            "status": "en_cours" if end is None or end >= ctx.today else "cloture",
            "created_at": ctx.now,
        },
    )
    period_start = start + timedelta(days=3)
    last_day = min(end or ctx.today, ctx.today - timedelta(days=7))
    number = 1
    while period_start <= last_day:
        period_end = min(period_start + timedelta(days=29), last_day)
        _add_allowance(ctx, buf, leave_id, f"{reference}-{number:02d}", period_start, period_end, daily)
        period_start, number = period_end + timedelta(days=1), number + 1


def _add_allowance(
    ctx: Context, buf: RowBuffer, leave_id: int, number: str, start: date, end: date, daily: Decimal
) -> None:
    days = (end - start).days + 1
    gross = money(daily * days)
    charges = money(gross * Decimal("0.067"))  # CSG (6,2 %) and CRDS (0,5 %) on indemnités journalières
    buf.add(
        T["daily_allowances"],
        {
            "id": ctx.ids.take(T["daily_allowances"]),
            "sick_leave_id": leave_id,
            "statement_number": number,
            "period_start": start,
            "period_end": end,
            "days": days,
            "daily_amount": daily,
            "gross_amount": gross,
            "social_charges": charges,
            "net_amount": gross - charges,
            "paid_on": end + timedelta(days=5),
        },
    )


# --- people


def make_nir(rng: Random, *, male: bool, birth: date, town: tuple[str, str, str]) -> str:
    """A valid 15-digit NIR consistent with sex, birth month and commune of birth."""
    department = town[0][:2]
    first13 = f"{1 if male else 2}{birth.year % 100:02d}{birth.month:02d}{department}{town[2]}"
    return nir_with_key(f"{first13}{rng.randint(1, 999):03d}")


def make_iban(rng: Random) -> tuple[str, str]:
    """(IBAN, BIC) of an account in a French bank."""
    bank, bic = rng.choice(reference.BANKS)
    return french_iban(
        bank, f"{rng.randint(1, 99999):05d}", f"{rng.randint(0, 10**11 - 1):011d}"
    ), bic


@dataclass(frozen=True)
class Person:
    """A generated adult."""

    male: bool
    first_name: str
    last_name: str
    birth: date

    @property
    def civility(self) -> str:
        return "M." if self.male else "Mme"


def random_person(ctx: Context, *, min_age: int, max_age: int, last_name: str | None = None) -> Person:
    """Someone aged between ``min_age`` and ``max_age``."""
    rng = ctx.rng
    male = rng.random() < 0.5
    first = rng.choice(ctx.pools.male_first if male else ctx.pools.female_first)
    birth = ctx.today - timedelta(days=rng.randint(min_age * 365, max_age * 365))
    return Person(male, first, last_name or rng.choice(ctx.pools.last_names).upper(), birth)


def member_numbers(rng: Random, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct 6-digit numéros d'adhérent, none of them in ``taken``."""
    if count > 999_999 - len(taken):
        raise ValueError("Trop d'adhérents demandés : les numéros d'adhérent ont 6 chiffres.")
    drawn = rng.sample(range(1, 1_000_000), count + len(taken))
    return [number for number in (f"{n:06d}" for n in drawn) if number not in taken][:count]


@dataclass
class VolumeCompany:
    """A generated company and the members to attach to it."""

    member_numbers: list[str]
    introducer_id: int | None


def add_volume_company(ctx: Context, buf: RowBuffer, company: VolumeCompany, security_code_hash: str) -> None:
    """A company, its contracts, employees in several statuses, its members and their décomptes."""
    rng = ctx.rng
    company_id = _add_company_row(ctx, buf, security_code_hash)
    start = date(ctx.today.year - rng.randint(2, 8), 1, 1)
    plans = add_contracts(
        ctx,
        buf,
        company_id=company_id,
        start=start,
        numbers=(f"SAN-{company_id:07d}", f"PRV-{company_id:07d}"),
    )
    if company.introducer_id:
        buf.add(
            T["portfolio_entries"],
            {
                "id": ctx.ids.take(T["portfolio_entries"]),
                "introducer_id": company.introducer_id,
                "company_id": company_id,
                "since": start,
                "commission_percent": Decimal(rng.choice((3, 4, 5))),
            },
        )
    employee_ids = [add_volume_member(ctx, buf, plans, number) for number in company.member_numbers]
    for status in _other_statuses(rng):
        add_other_employee(ctx, buf, plans, status)
    add_contributions(
        ctx,
        buf,
        plans,
        headcount=max(len(employee_ids), 1),
        quarters=4,
        reference_prefix=f"B{company_id:07d}",
    )
    if employee_ids and rng.random() < 0.3:
        _add_random_sick_leave(ctx, buf, plans, rng.choice(employee_ids))


def _add_company_row(ctx: Context, buf: RowBuffer, security_code_hash: str) -> int:
    rng = ctx.rng
    company_id = ctx.ids.take(T["companies"])
    town = rng.choice(reference.TOWNS)
    name = f"{rng.choice(reference.COMPANY_ACTIVITIES)} {rng.choice(ctx.pools.last_names).upper()}"
    buf.add(
        T["companies"],
        {
            "id": company_id,
            "client_number": f"C{100000 + company_id:06d}",
            "siren": luhn_complete(f"{rng.randint(10_000_000, 99_999_999)}"),
            "name": name,
            "security_code_hash": security_code_hash,
            "parent_id": None,
            "address_line": f"{rng.randint(1, 120)} {rng.choice(ctx.pools.streets)}",
            "postal_code": town[0],
            "city": town[1],
            "phone": _phone(rng, "05"),
            "email": f"contact@{ascii_slug(name)}.example.fr",
            "created_at": ctx.now,
        },
    )
    return company_id


def _add_random_sick_leave(ctx: Context, buf: RowBuffer, plans: CompanyPlans, employee_id: int) -> None:
    rng = ctx.rng
    add_sick_leave(
        ctx,
        buf,
        company_id=plans.company_id,
        employee_id=employee_id,
        contract_id=plans.provident_contract_id,
        reference=f"AT{plans.company_id:08d}",
        reason=rng.choice(("Maladie", "Maladie", "Accident du travail", "Accident de trajet")),
        start=ctx.today - timedelta(days=rng.randint(20, 400)),
        days=rng.choice((None, 14, 30, 60, 90)),
        daily=draw_amount(rng, ("28.00", "95.00")),
    )


def _other_statuses(rng: Random) -> list[AffiliationStatus]:
    others = [s for s in AffiliationStatus if s != AffiliationStatus.AFFILIATED]
    return [rng.choice(others) for _ in range(rng.randint(2, 6))]


def _phone(rng: Random, prefix: str) -> str:
    digits = f"{prefix}{rng.randint(0, 99_999_999):08d}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _email(rng: Random, first: str, last: str) -> str:
    return f"{ascii_slug(first)}.{ascii_slug(last)}@{rng.choice(EMAIL_DOMAINS)}"


def add_volume_member(ctx: Context, buf: RowBuffer, plans: CompanyPlans, number: str) -> int:
    """A member (an affiliated employee), their beneficiaries and décomptes; returns the employee id."""
    rng = ctx.rng
    person = random_person(ctx, min_age=22, max_age=64)
    town = rng.choice(reference.TOWNS)
    nir = encrypt_field(make_nir(rng, male=person.male, birth=person.birth, town=town))
    earliest = max(plans.start, person.birth + timedelta(days=365 * 18))
    adhesion = earliest + timedelta(days=rng.randint(0, max((ctx.today - earliest).days - 90, 0)))
    plan = HEALTH_PLANS[0] if rng.random() < 0.7 else HEALTH_PLANS[1]
    email = _email(rng, person.first_name, person.last_name) if rng.random() < 0.8 else None
    operator = rng.choice(reference.TIERS_PAYANT_OPERATORS)
    member_id = _add_member_row(
        ctx,
        buf,
        number=number,
        person=person,
        nir=nir,
        email=email,
        town=town,
        adhesion=adhesion,
        option_id=plans.option_ids[plan.code],
        operator=operator,
    )
    beneficiaries = add_beneficiaries(
        ctx, buf, member_id=member_id, person=person, nir=nir, adhesion=adhesion, town=town
    )
    owner = HistoryOwner(member_id, f"{person.last_name} {person.first_name}", operator, plan, beneficiaries)
    add_history(
        ctx,
        buf,
        owner,
        start=max(adhesion, ctx.today - timedelta(days=HISTORY_DAYS)),
        end=ctx.today - timedelta(days=1),
        line_count=rng.randint(2, 12) + 2 * (len(beneficiaries) - 1),
    )
    return add_employee(
        ctx,
        buf,
        plans,
        person=person,
        member_id=member_id,
        nir=nir,
        email=email,
        status=AffiliationStatus.AFFILIATED,
        adhesion=adhesion,
        option_id=plans.option_ids[plan.code],
    )


def _add_member_row(
    ctx: Context,
    buf: RowBuffer,
    *,
    number: str,
    person: Person,
    nir: str,
    email: str | None,
    town: tuple[str, str, str],
    adhesion: date,
    option_id: int,
    operator: str,
) -> int:
    rng = ctx.rng
    member_id = ctx.ids.take(T["members"])
    iban, bic = make_iban(rng)
    buf.add(
        T["members"],
        {
            "id": member_id,
            "member_number": number,
            "civility": person.civility,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth,
            "nir_enc": nir,
            "email": email,
            "phone": _phone(rng, rng.choice(("06", "07"))) if rng.random() < 0.85 else None,
            "address_line": f"{rng.randint(1, 150)} {rng.choice(ctx.pools.streets)}",
            "postal_code": town[0],
            "city": town[1],
            "iban_enc": encrypt_field(iban),
            "bic": bic,
            "adhesion_date": adhesion,
            "radiation_date": None,
            "contract_option_id": option_id,
            "tiers_payant_operator": operator,
            "created_at": ctx.now,
        },
    )
    return member_id


def add_beneficiaries(
    ctx: Context,
    buf: RowBuffer,
    *,
    member_id: int,
    person: Person,
    nir: str,
    adhesion: date,
    town: tuple[str, str, str],
) -> list[tuple[int, date]]:
    """The member (rank AS), maybe a spouse (CJ) and children (EA, EB…): returns (id, first covered day)."""
    rng = ctx.rng
    rows = [("AS", BeneficiaryQuality.MEMBER, person, nir, adhesion)]
    extra = rng.choice(EXTRA_BENEFICIARIES)
    if extra and rng.random() < 0.55:
        spouse = random_person(
            ctx, min_age=22, max_age=64, last_name=person.last_name if rng.random() < 0.6 else None
        )
        spouse_nir = encrypt_field(make_nir(rng, male=spouse.male, birth=spouse.birth, town=town))
        rows.append(("CJ", BeneficiaryQuality.SPOUSE, spouse, spouse_nir, adhesion))
        extra -= 1
    for rank in CHILD_RANKS[:extra]:
        child = _child(ctx, person)
        if child is not None:
            rows.append((rank, BeneficiaryQuality.CHILD, child, None, max(adhesion, child.birth)))
    covered = []
    for rank, quality, who, who_nir, since in rows:
        beneficiary_id = ctx.ids.take(T["beneficiaries"])
        buf.add(
            T["beneficiaries"],
            {
                "id": beneficiary_id,
                "member_id": member_id,
                "rank": rank,
                "quality": quality,
                "first_name": who.first_name.upper(),
                "last_name": who.last_name.upper(),
                "birth_date": who.birth,
                "nir_enc": who_nir,
                "adhesion_date": since,
                "end_date": None,
                "created_at": ctx.now,
            },
        )
        covered.append((beneficiary_id, since))
    return covered


def _child(ctx: Context, parent: Person) -> Person | None:
    earliest = parent.birth + timedelta(days=365 * 20)
    latest = ctx.today - timedelta(days=60)
    if earliest >= latest:
        return None
    birth = earliest + timedelta(days=ctx.rng.randint(0, min((latest - earliest).days, 365 * 25)))
    male = ctx.rng.random() < 0.5
    first = ctx.rng.choice(ctx.pools.male_first if male else ctx.pools.female_first)
    return Person(male, first, parent.last_name, birth)


def add_employee(
    ctx: Context,
    buf: RowBuffer,
    plans: CompanyPlans,
    *,
    person: Person,
    member_id: int | None,
    nir: str | None,
    email: str | None,
    status: AffiliationStatus,
    adhesion: date,
    option_id: int | None,
    radiated_on: date | None = None,
    reason: str | None = None,
    invited_at: datetime | None = None,
    hired_on: date | None = None,
) -> int:
    """An employee row and, once affiliated (or radiated, or in portabilité), both contract registrations.
    ``invited_at`` defaults to five days before ``adhesion``, ``hired_on`` to up to two months before."""
    employee_id = ctx.ids.take(T["employees"])
    invited = invited_at or datetime.combine(
        adhesion, datetime.min.time(), tzinfo=ctx.now.tzinfo
    ) - timedelta(days=5)
    covered = status in (
        AffiliationStatus.AFFILIATED,
        AffiliationStatus.RADIATED,
        AffiliationStatus.PORTABILITY,
    )
    portability_end = None
    if status == AffiliationStatus.PORTABILITY and radiated_on:
        portability_end = radiated_on + timedelta(days=365)
    buf.add(
        T["employees"],
        {
            "id": employee_id,
            "company_id": plans.company_id,
            "member_id": member_id,
            "civility": person.civility,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth,
            "nir_enc": nir,
            "email": email,
            "personnel_category": "Ensemble du personnel",
            "hired_on": hired_on or adhesion - timedelta(days=ctx.rng.randint(0, 60)),
            "status": status,
            "invited_at": invited,
            "last_reminder_at": None,
            "affiliated_on": adhesion if covered else None,
            "radiated_on": radiated_on,
            "radiation_reason": reason,
            "portability_end_on": portability_end,
            "created_at": ctx.now,
        },
    )
    if covered:
        for contract_id, opt in (
            (plans.health_contract_id, option_id),
            (plans.provident_contract_id, plans.provident_option_id),
        ):
            buf.add(
                T["employee_contracts"],
                {
                    "id": ctx.ids.take(T["employee_contracts"]),
                    "employee_id": employee_id,
                    "contract_id": contract_id,
                    "option_id": opt,
                    "start_date": adhesion,
                    "end_date": portability_end or radiated_on,
                },
            )
    return employee_id


def add_other_employee(ctx: Context, buf: RowBuffer, plans: CompanyPlans, status: AffiliationStatus) -> None:
    """An employee who is not (or no longer) an active member: pending, to remind, exempted, gone."""
    rng = ctx.rng
    person = random_person(ctx, min_age=19, max_age=62)
    email = _email(rng, person.first_name, person.last_name)
    waited = {AffiliationStatus.PENDING: rng.randint(0, 7), AffiliationStatus.TO_REMIND: rng.randint(9, 40)}
    since = ctx.today - timedelta(days=waited.get(status, rng.randint(200, 900)))
    since = max(since, plans.start)
    radiated_on = reason = None
    if status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY):
        radiated_on = ctx.today - timedelta(days=rng.randint(15, 300))
        since = min(since, radiated_on - timedelta(days=30))
        reason = (
            "Démission"
            if status == AffiliationStatus.RADIATED
            else rng.choice(("Licenciement", "Fin de CDD", "Rupture conventionnelle"))
        )
    invited_at = None
    if status in waited:
        invited_at = ctx.now - timedelta(days=waited[status], hours=rng.randint(1, 20))
    add_employee(
        ctx,
        buf,
        plans,
        person=person,
        member_id=None,
        nir=None,
        email=email,
        status=status,
        adhesion=since,
        option_id=plans.option_ids["BASE"],
        radiated_on=radiated_on,
        reason=reason,
        invited_at=invited_at,
    )


# --- the whole volume


def company_sizes(rng: Random, members: int) -> list[int]:
    """Members per company: about :data:`MEMBERS_PER_COMPANY` on average, summing to ``members``."""
    sizes: list[int] = []
    left = members
    while left > 0:
        size = min(left, rng.randint(MEMBERS_PER_COMPANY // 5, MEMBERS_PER_COMPANY * 9 // 5))
        sizes.append(size)
        left -= size
    return sizes


def load_volume(
    ctx: Context,
    buf: RowBuffer,
    *,
    members: int,
    taken_numbers: frozenset[str],
    introducer_ids: Sequence[int],
    security_code_hash: str,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Generate ``members`` members in companies of about fifty, flushing every few thousand members.

    Generated companies share one security-code hash of a random code nobody knows (bcrypt per company would
    take minutes), so employer accounts can only be opened on the personas' companies."""
    numbers = iter(member_numbers(ctx.rng, members, set(taken_numbers)))
    done = pending = 0
    for index, size in enumerate(company_sizes(ctx.rng, members)):
        introducer = introducer_ids[index % 3] if index % 3 < len(introducer_ids) else None
        company = VolumeCompany([next(numbers) for _ in range(size)], introducer)
        add_volume_company(ctx, buf, company, security_code_hash)
        done, pending = done + size, pending + size
        if pending >= FLUSH_EVERY_MEMBERS:
            buf.flush()
            pending = 0
            if progress:
                progress(done, members)
    buf.flush()
    if progress and pending:
        progress(done, members)
