"""The portabilité covers prévoyance too (art. L911-8 CSS: health AND décès, incapacité, invalidité, free of
charge): a former employee's registrations stay in force to the portabilité's end, end on the date de sortie
without one, come back exactly when the radiation is cancelled; the e-mail, the courrier de radiation and the
certificat de travail say « santé et prévoyance » when the employee had a prévoyance registration on their
last day, santé only otherwise."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ocso_app.models import Contract, ContractKind, EmployeeContract
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import paris_today
from ocso_app.services.radiation import radiate
from ocso_app.services.radiation_cancellation import cancel_radiation
from tests.builders.roster import make_covered_employee, make_plans

TODAY = paris_today()
LEFT_ON = TODAY - timedelta(days=6)
HIRED_ON = LEFT_ON - timedelta(days=150)  # a portabilité of 5 or 6 months
HR = StatusAuthor(None, "Claire RH (RH)")
BOTH = "santé et prévoyance"


def _employee(db, *, provident: bool = True, email: str | None = None):
    """An affiliated employee of a company with both contracts, registered on santé and (``provident``) on
    prévoyance: (company, employee)."""
    plans = make_plans(db)
    employee = make_covered_employee(db, plans=plans, provident=provident)
    employee.hired_on, employee.email = HIRED_ON, email
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    db.flush()
    return plans.company, employee


def _radiate(db, company, employee, reason: str):
    actor = audit.Actor(account_id=None, company_id=company.id)
    return radiate(db, employee, left_on=LEFT_ON, reason=reason, by=HR, actor=actor, today=TODAY)


def _ends(db, employee) -> dict[ContractKind, date | None]:
    db.flush()
    rows = db.execute(
        select(Contract.kind, EmployeeContract.end_date)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id)
    )
    return {ContractKind(kind): end for kind, end in rows}


# --- the registrations


def test_with_a_portability_the_provident_registration_runs_to_its_end_like_the_health_cover(db):
    company, employee = _employee(db)
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    ends_on = radiation.portability.ends_on
    assert _ends(db, employee) == {ContractKind.SANTE: ends_on, ContractKind.PREVOYANCE: ends_on}


@pytest.mark.parametrize("reason", ["demission", "retraite"])
def test_without_a_portability_every_registration_ends_on_the_date_de_sortie(db, reason):
    company, employee = _employee(db)
    assert _radiate(db, company, employee, reason).portability is None
    assert _ends(db, employee) == {ContractKind.SANTE: LEFT_ON, ContractKind.PREVOYANCE: LEFT_ON}


def test_a_registration_ending_during_the_portability_keeps_its_own_end(db):
    """The portabilité maintains the cover as it was, not past a registration's own end."""
    company, employee = _employee(db)
    own_end = LEFT_ON + timedelta(days=20)
    provident = db.scalar(
        select(EmployeeContract)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.PREVOYANCE)
    )
    provident.end_date = own_end
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    assert _ends(db, employee)[ContractKind.PREVOYANCE] == own_end


def test_cancelling_a_portability_gives_the_provident_registration_back_its_open_end(db):
    company, employee = _employee(db)
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    assert _ends(db, employee)[ContractKind.PREVOYANCE] == radiation.portability.ends_on
    cancel_radiation(
        db,
        structure_ids=(company.id,),
        employee_id=employee.id,
        by=HR,
        actor=audit.Actor(account_id=None),
        now=utcnow(),
    )
    db.expire_all()
    assert _ends(db, employee) == {ContractKind.SANTE: None, ContractKind.PREVOYANCE: None}
