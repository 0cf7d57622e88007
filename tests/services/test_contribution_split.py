"""A contribution is split between the employer and the employee by one rule (Decimal, the employer's
share rounded half up to the cent, the employee paying the rest), the same on the affiliation page's offer
and on the bulletin individuel d'adhésion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ocso_app.models import AffiliationStatus, ContractKind, ContractOption
from ocso_app.services import enrolment_choice, membership_form
from ocso_app.services.contribution_split import split_contribution
from tests.builders import make_company, make_employee
from tests.builders.contracts import make_contract

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("total", "percent", "employer", "employee"),
    [
        ("45.25", "50", "22.63", "22.62"),  # half a cent: the employer's part is rounded up, never below 50 %
        ("62.40", "50", "31.20", "31.20"),
        ("33.33", "60", "20.00", "13.33"),
        ("10.00", "100", "10.00", "0.00"),
        ("10.00", "0", "0.00", "10.00"),
        ("19.99", "33.5", "6.70", "13.29"),
    ],
)
def test_the_two_parts_are_cents_and_add_up_to_the_contribution(total, percent, employer, employee):
    split = split_contribution(Decimal(total), employer_percent=Decimal(percent))
    assert (split.employer, split.employee) == (Decimal(employer), Decimal(employee))
    assert split.employer + split.employee == Decimal(total)


def test_the_offer_and_the_bia_give_the_employee_the_same_part_of_a_half_cent_contribution(db):
    """The offer rounded the employee's 22,625 € up to 22,63 €, the BIA the employer's: 22,62 € for the
    employee; the same employee read two prices a cent apart."""
    company = make_company(db)
    contract = make_contract(db, company=company, kind=ContractKind.SANTE, share=Decimal(50))
    base = db.scalar(
        select(ContractOption).where(ContractOption.contract_id == contract.id, ContractOption.is_base)
    )
    base.monthly_contribution = Decimal("45.25")
    db.flush()
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING)

    offered = next(o for o in enrolment_choice.offer(db, employee, today=TODAY).options if o.is_base)
    choice = membership_form.parse_choice(contract=str(contract.id), options="", payroll="oui")
    assert choice is not None
    bia = membership_form.compose(db, structure_ids=(company.id,), choice=choice, today=TODAY)
    assert bia is not None
    printed = next(o for o in bia.options if o.is_base)

    assert offered.employee_contribution == printed.employee == Decimal("22.62")
    assert printed.employer == Decimal("22.63")
