"""Employees of a company, their registrations on its contracts, and their arrêts de travail with the
indemnités journalières paid for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from ocso_app.models import AffiliationStatus
from ocso_app.seed.context import Context, Person
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.companies import ALL_STAFF, CompanyPlans
from ocso_app.services.care_catalog import money

COVERED = frozenset(
    {AffiliationStatus.AFFILIATED, AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY}
)  # statuses registered on the santé contract (radiated ones until they left)


@dataclass(frozen=True)
class Registration:
    """An employee's registration on one contract, with its option, from ``start``."""

    contract_id: int
    option_id: int | None
    start: date


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
    personnel_category: str = ALL_STAFF,
    portability_end: date | None = None,
    registrations: Sequence[Registration] | None = None,
) -> int:
    """An employee row and their contract registrations: by default, once affiliated (or radiated, or in
    portabilité), on the santé (``option_id``) and prévoyance contracts from ``adhesion``. ``invited_at``
    defaults to five days before ``adhesion``, ``hired_on`` to up to two months before, a portabilité's end
    to a year after ``radiated_on``; registrations end with the portabilité, or else the radiation."""
    employee_id = ctx.ids.take(T["employees"])
    invited = invited_at or datetime.combine(
        adhesion, datetime.min.time(), tzinfo=ctx.now.tzinfo
    ) - timedelta(days=5)
    covered = status in COVERED
    if status == AffiliationStatus.PORTABILITY and radiated_on and portability_end is None:
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
            "personnel_category": personnel_category,
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
    if registrations is None:
        registrations = (
            [
                Registration(plans.health_contract_id, option_id, adhesion),
                Registration(plans.provident_contract_id, plans.provident_option_id, adhesion),
            ]
            if covered
            else []
        )
    for registration in registrations:
        buf.add(
            T["employee_contracts"],
            {
                "id": ctx.ids.take(T["employee_contracts"]),
                "employee_id": employee_id,
                "contract_id": registration.contract_id,
                "option_id": registration.option_id,
                "start_date": registration.start,
                "end_date": portability_end or radiated_on,
            },
        )
    return employee_id


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
