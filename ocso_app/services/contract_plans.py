"""The options a contract gets from the care catalog (santé: the base plan and the option; prévoyance: the
provident plan) and their guarantee tables, as the rows the portal reads: the one writer used by the staff's
« Ajouter un contrat », the demo data (bulk rows) and the tests' builders, so that a contract made anywhere
reads the same in Entreprise, the affiliation and the member's guarantees (``care_catalog.plan_by_code``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ocso_app.models import ContractKind, ContractOption, Guarantee
from ocso_app.services.care_catalog import HEALTH_PLANS, PROVIDENT_PLAN, GuaranteeRule, HealthPlan


def catalog_plans(kind: ContractKind) -> tuple[HealthPlan, ...]:
    """The options a new contract of ``kind`` gets, its base plan first."""
    return HEALTH_PLANS if kind == ContractKind.SANTE else (PROVIDENT_PLAN,)


def option_columns(plan: HealthPlan) -> dict[str, Any]:
    """A ``ContractOption`` row's columns for ``plan`` (without its ids)."""
    return {
        "code": plan.code,
        "label": plan.label,
        "is_base": plan.is_base,
        "monthly_contribution": plan.monthly_contribution,
    }


def guarantee_columns(rule: GuaranteeRule) -> dict[str, Any]:
    """A ``Guarantee`` row's columns for one line of a guarantee table (without its ids)."""
    return {
        "care_category": rule.category,
        "label": rule.label,
        "rule": rule.rule,
        "rate_percent": rule.rate_percent,
        "flat_amount": rule.flat_amount,
        "notes": None,
    }


def add_catalog_options(session: Session, *, contract_id: int, kind: ContractKind) -> dict[str, int]:
    """The catalog's options of a contract of ``kind`` and their guarantee tables, in the caller's
    transaction: option id by plan code."""
    ids: dict[str, int] = {}
    for plan in catalog_plans(kind):
        option = ContractOption(contract_id=contract_id, **option_columns(plan))
        session.add(option)
        session.flush()
        session.add_all(Guarantee(option_id=option.id, **guarantee_columns(rule)) for rule in plan.rules)
        ids[plan.code] = option.id
    session.flush()
    return ids
