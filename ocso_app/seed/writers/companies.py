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
