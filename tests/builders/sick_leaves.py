"""A company's prévoyance (incapacité) contract, an employee's registration on it, and arrêts de travail of
its employees with their payments of indemnités journalières, for the Indemnités journalières tests.

Amounts follow the seed's rule (gross = daily × days, charges = 6,7 % of gross rounded to the cent, net =
gross − charges), computed here from the builder's own inputs so tests can assert exact French strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from ocso_app.models import (
    Company,
    Contract,
    ContractKind,
    DailyAllowance,
    Employee,
    EmployeeContract,
    SickLeave,
)
from tests.builders._unique import unused

INSURER = "Prévoyance des Deux Rives"
CHARGES_RATE = Decimal("0.067")  # CSG 6,2 % + CRDS 0,5 %


def cents(value: Decimal) -> Decimal:
    """Rounded half-up to the cent."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def make_provident_contract(
    session: Session, *, company: Company, kind: ContractKind = ContractKind.PREVOYANCE
) -> Contract:
    """A signed prévoyance (incapacité) contract of ``company`` (or, with ``kind``, a santé one)."""
    contract = Contract(
        company_id=company.id,
        kind=kind,
        number=unused(session, Contract.number, lambda n: f"P9{n:09d}"),
        label="Prévoyance – Incapacité de travail",
        insurer=INSURER,
        personnel_category="Ensemble du personnel",
        start_date=date(2021, 1, 1),
        end_date=None,
        signed_on=date(2020, 12, 10),
        employer_share_percent=Decimal(60),
    )
    session.add(contract)
    session.flush()
    return contract


def make_registration(
    session: Session,
    *,
    employee: Employee,
    contract: Contract,
    start: date = date(2024, 1, 15),
    end: date | None = None,
) -> EmployeeContract:
    """``employee`` registered on ``contract`` from ``start`` to ``end`` (its last covered day; ``None``:
    still covered), as the pré-affiliation registers a new employee."""
    registration = EmployeeContract(
        employee_id=employee.id, contract_id=contract.id, start_date=start, end_date=end
    )
    session.add(registration)
    session.flush()
    return registration


def make_sick_leave(
    session: Session,
    *,
    employee: Employee,
    contract: Contract,
    start: date,
    end: date | None,
    daily: Decimal,
    periods: Sequence[tuple[date, date]] = (),
    status: str = "en_cours",
    waiting_days: int = 3,
) -> tuple[SickLeave, list[DailyAllowance]]:
    """An arrêt de travail of ``employee`` and one payment per ``(period start, period end)``, each paid five
    days after its period."""
    leave = SickLeave(
        company_id=employee.company_id,
        employee_id=employee.id,
        contract_id=contract.id,
        reference=unused(session, SickLeave.reference, lambda n: f"AT-T{n:08d}"),
        reason="Maladie",
        start_date=start,
        end_date=end,
        waiting_days=waiting_days,
        status=status,
    )
    session.add(leave)
    session.flush()
    payments = []
    for number, (first, last) in enumerate(periods, start=1):
        days = (last - first).days + 1
        gross = cents(daily * days)
        charges = cents(gross * CHARGES_RATE)
        payments.append(
            DailyAllowance(
                sick_leave_id=leave.id,
                statement_number=f"{leave.reference}-{number:02d}",
                period_start=first,
                period_end=last,
                days=days,
                daily_amount=daily,
                gross_amount=gross,
                social_charges=charges,
                net_amount=gross - charges,
                paid_on=last + timedelta(days=5),
            )
        )
    session.add_all(payments)
    session.flush()
    return leave, payments
