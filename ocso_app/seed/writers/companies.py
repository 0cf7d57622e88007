"""Companies, their santé and prévoyance contracts with options and guarantee tables, introducers'
portfolios and the quarterly contribution statements (bordereaux)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ocso_app.models import ContractKind
from ocso_app.seed.context import Context
from ocso_app.seed.data import reference
from ocso_app.seed.data import volume as shape
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.services import care_catalog
from ocso_app.services.care_catalog import HEALTH_PLANS, ZERO, money
from ocso_app.services.contract_plans import catalog_plans, guarantee_columns, option_columns

ALL_STAFF = "Ensemble du personnel"


@dataclass(frozen=True)
class CompanyPlans:
    """The ids a company's employees are attached to."""

    company_id: int
    health_contract_id: int
    provident_contract_id: int
    option_ids: dict[str, int]
    provident_option_id: int
    start: date


def add_company(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    client_number: str,
    siren: str,
    name: str,
    security_code_hash: str,
    address: tuple[str, str, str],
    phone: str,
    email: str,
    parent_id: int | None = None,
) -> int:
    """A company (or, with ``parent_id``, one of its structures); ``address`` is (line, postal code, city)."""
    buf.add(
        T["companies"],
        {
            "id": company_id,
            "client_number": client_number,
            "siren": siren,
            "name": name,
            "security_code_hash": security_code_hash,
            "parent_id": parent_id,
            "address_line": address[0],
            "postal_code": address[1],
            "city": address[2],
            "phone": phone,
            "email": email,
            "created_at": ctx.now,
        },
    )
    return company_id


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
    personnel_category: str = ALL_STAFF,
) -> int:
    """A contract row; santé contracts are labelled « Frais de santé », prévoyance ones « Prévoyance »."""
    contract_id = ctx.ids.take(T["contracts"])
    default_label = (
        f"Frais de santé – {ALL_STAFF}"
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
            "personnel_category": personnel_category,
            "start_date": start,
            "end_date": None,
            "signed_on": start - timedelta(days=21) if signed else None,
            "employer_share_percent": Decimal(ctx.rng.choice(shape.EMPLOYER_SHARE_PERCENTS)),
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
    """A contract option and its guarantee table (its rows as ``contract_plans`` writes them)."""
    option_id = ctx.ids.take(T["contract_options"])
    plan = care_catalog.HealthPlan(code, label, is_base, monthly, tuple(rules))
    buf.add(T["contract_options"], {"id": option_id, "contract_id": contract_id, **option_columns(plan)})
    for rule in rules:
        buf.add(
            T["guarantees"],
            {"id": ctx.ids.take(T["guarantees"]), "option_id": option_id, **guarantee_columns(rule)},
        )
    return option_id


def add_catalog_options(
    ctx: Context, buf: RowBuffer, *, contract_id: int, kind: ContractKind
) -> dict[str, int]:
    """The catalog's options of a contract of ``kind`` (``contract_plans.catalog_plans``) with their
    guarantee tables: option id by plan code."""
    return {
        plan.code: add_option(
            ctx,
            buf,
            contract_id=contract_id,
            code=plan.code,
            label=plan.label,
            is_base=plan.is_base,
            monthly=plan.monthly_contribution,
            rules=plan.rules,
        )
        for plan in catalog_plans(kind)
    }


def add_health_options(ctx: Context, buf: RowBuffer, *, contract_id: int) -> dict[str, int]:
    """The santé plans (base and option) of a contract with their guarantee tables: option id by plan code."""
    return add_catalog_options(ctx, buf, contract_id=contract_id, kind=ContractKind.SANTE)


def add_contracts(
    ctx: Context, buf: RowBuffer, *, company_id: int, start: date, numbers: tuple[str, str]
) -> CompanyPlans:
    """A signed santé contract (base + option) and a signed prévoyance contract (base)."""
    health = add_contract(
        ctx, buf, company_id=company_id, kind=ContractKind.SANTE, number=numbers[0], start=start
    )
    options = add_health_options(ctx, buf, contract_id=health)
    provident = add_contract(
        ctx, buf, company_id=company_id, kind=ContractKind.PREVOYANCE, number=numbers[1], start=start
    )
    [provident_option] = add_catalog_options(
        ctx, buf, contract_id=provident, kind=ContractKind.PREVOYANCE
    ).values()
    return CompanyPlans(company_id, health, provident, options, provident_option, start)


def add_portfolio_entry(
    ctx: Context, buf: RowBuffer, *, introducer_id: int, company_id: int, since: date, commission: Decimal
) -> None:
    """A company in an introducer's portfolio."""
    buf.add(
        T["portfolio_entries"],
        {
            "id": ctx.ids.take(T["portfolio_entries"]),
            "introducer_id": introducer_id,
            "company_id": company_id,
            "since": since,
            "commission_percent": commission,
        },
    )


def add_contributions(
    ctx: Context, buf: RowBuffer, plans: CompanyPlans, *, headcount: int, quarters: int, reference_prefix: str
) -> None:
    """Quarterly bordereaux for both contracts; the last one is still to pay until its due date."""
    for back in range(quarters, 0, -1):  # the current quarter is not billed yet
        period_start = quarter_start(ctx.today, back)
        if period_start < plans.start:
            continue
        period_end = quarter_end(period_start)
        for kind, contract_id, monthly in (
            ("S", plans.health_contract_id, HEALTH_PLANS[0].monthly_contribution),
            ("P", plans.provident_contract_id, care_catalog.PROVIDENT_MONTHLY_CONTRIBUTION),
        ):
            due = money(monthly * headcount * 3)
            due_on = period_end + timedelta(days=30)
            paid = due if due_on < ctx.today else ZERO
            add_contribution(
                ctx,
                buf,
                company_id=plans.company_id,
                contract_id=contract_id,
                reference=contribution_reference(reference_prefix, kind, period_start),
                period_start=period_start,
                headcount=headcount,
                amounts=(due, paid),
                due_on=due_on,
                status="payee" if paid else "a_payer",
            )


def add_contribution(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    contract_id: int,
    reference: str,
    period_start: date,
    headcount: int,
    amounts: tuple[Decimal, Decimal],
    due_on: date,
    status: str,
) -> int:
    """One quarter's bordereau of a contract; ``amounts``: (due, paid)."""
    statement_id = ctx.ids.take(T["contribution_statements"])
    buf.add(
        T["contribution_statements"],
        {
            "id": statement_id,
            "company_id": company_id,
            "contract_id": contract_id,
            "reference": reference,
            "period_start": period_start,
            "period_end": quarter_end(period_start),
            "headcount": headcount,
            "amount_due": amounts[0],
            "amount_paid": amounts[1],
            "due_on": due_on,
            "status": status,
        },
    )
    return statement_id


def contribution_reference(prefix: str, kind: str, period_start: date) -> str:
    """A bordereau's reference: the company's prefix, the contract's letter, the year and quarter."""
    return f"{prefix}{kind}{period_start:%Y}T{period_start.month // 3 + 1}"


def quarter_start(day: date, back: int = 0) -> date:
    """The first day of the quarter ``back`` quarters before the one of ``day``."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    return date(index // 4, index % 4 * 3 + 1, 1)


def quarter_end(start: date) -> date:
    """The last day of the quarter starting on ``start``."""
    next_month = start.month + 3
    following = date(start.year + (next_month > 12), (next_month - 1) % 12 + 1, 1)
    return following - timedelta(days=1)
