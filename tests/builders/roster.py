"""The employees of a company registered on its contracts (the Assurés page): a company with a signed santé
and a signed prévoyance contract (the catalog's options, ``contract_plans``), employees in any status, with
or without a member file and family, and a structure of thousands of employees written in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    AffiliationStatus,
    Beneficiary,
    BeneficiaryQuality,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Employee,
    EmployeeContract,
    Member,
)
from ocso_app.services import audit, dispense_cover, pre_affiliation
from ocso_app.services.care_catalog import BASE_PLAN, PROVIDENT_PLAN
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import paris_date
from ocso_app.services.identifiers import nir_with_key
from tests.builders.contracts import make_contract
from tests.builders.employers import make_company, make_employee
from tests.builders.members import NIR, fake, make_member

CATEGORY = "Ensemble du personnel"
HEALTH_OPTION = BASE_PLAN.label  # the employees' option
PROVIDENT_OPTION = PROVIDENT_PLAN.label
COVERED = (AffiliationStatus.AFFILIATED, AffiliationStatus.PORTABILITY, AffiliationStatus.RADIATED)


@dataclass(frozen=True)
class Plans:
    """A company and its two signed contracts with the catalog's options, and the base option of each (the
    one the employees are on)."""

    company: Company
    health: Contract
    health_option: ContractOption
    provident: Contract
    provident_option: ContractOption


def _contract(
    session: Session, company: Company, kind: ContractKind, label: str
) -> tuple[Contract, ContractOption]:
    """A signed contract of ``company`` for its whole staff with the catalog's options (``contract_plans``),
    and its base option."""
    contract = make_contract(
        session, company=company, kind=kind, start=date(2021, 1, 1), label=label, category=CATEGORY
    )
    base = select(ContractOption).where(ContractOption.contract_id == contract.id, ContractOption.is_base)
    return contract, session.scalars(base).one()


def make_plans(session: Session, *, company: Company | None = None, name: str | None = None) -> Plans:
    """``company`` (a new one by default) with a signed santé and a signed prévoyance contract."""
    company = company or make_company(session, name=name)
    health, health_option = _contract(
        session, company, ContractKind.SANTE, "Frais de santé – Ensemble du personnel"
    )
    provident, provident_option = _contract(
        session, company, ContractKind.PREVOYANCE, "Prévoyance – Ensemble du personnel"
    )
    return Plans(company, health, health_option, provident, provident_option)


def _family(session: Session, member: Member) -> None:
    for rank, quality, first, birth in (
        ("CJ", BeneficiaryQuality.SPOUSE, "Camille", date(1986, 2, 11)),
        ("EA", BeneficiaryQuality.CHILD, "Léo", date(2015, 9, 3)),
    ):
        session.add(
            Beneficiary(
                member_id=member.id,
                rank=rank,
                quality=quality,
                first_name=first.upper(),
                last_name=member.last_name,
                birth_date=birth,
                adhesion_date=member.adhesion_date,
            )
        )
    session.flush()


def make_covered_employee(
    session: Session,
    *,
    plans: Plans,
    last_name: str | None = None,
    first_name: str | None = None,
    birth_date: date = date(1985, 4, 2),
    status: AffiliationStatus = AffiliationStatus.AFFILIATED,
    affiliated_on: date | None = date(2024, 1, 1),
    invited_at: datetime | None = None,
    portability_end_on: date | None = None,
    health: bool = True,
    provident: bool = True,
    family: bool = False,
    nir: str | None = NIR,
) -> Employee:
    """An employee of ``plans.company`` (``employers.make_employee``). Once covered (affilié, portabilité,
    radié) they are registered on the santé (``health``) and prévoyance (``provident``) contracts from
    ``affiliated_on`` and, on santé, have a member file; ``family`` adds a spouse (CJ) and a child (EA)."""
    last_name = (last_name or fake.last_name()).upper()
    first_name = first_name or fake.first_name()
    covered = status in COVERED
    member = None
    if covered and health:
        member = make_member(
            session, first_name=first_name, last_name=last_name, birth_date=birth_date, nir=None
        )
        if family:
            _family(session, member)
    employee = make_employee(
        session,
        company=plans.company,
        status=status,
        last_name=last_name,
        first_name=first_name,
        invited_at=invited_at,
        member_id=member.id if member else None,
    )
    employee.birth_date = birth_date
    employee.nir_enc = encrypt_field(nir) if nir else None
    employee.affiliated_on = affiliated_on if covered else None
    employee.portability_end_on = portability_end_on
    end = portability_end_on if status == AffiliationStatus.PORTABILITY else None
    for wanted, contract, option in (
        (health, plans.health, plans.health_option),
        (provident, plans.provident, plans.provident_option),
    ):
        if covered and wanted and affiliated_on is not None:
            session.add(
                EmployeeContract(
                    employee_id=employee.id,
                    contract_id=contract.id,
                    option_id=option.id,
                    start_date=affiliated_on,
                    end_date=end,
                )
            )
    session.flush()
    return employee


def make_roster(session: Session, *, plans: Plans, count: int) -> None:
    """``count`` affiliated employees of ``plans.company`` on both contracts, written in two statements
    (a structure of thousands, for the timing tests)."""
    names = [fake.last_name().upper() for _ in range(200)]
    rows = [
        {
            "company_id": plans.company.id,
            "civility": "M.",
            "first_name": f"Prénom{n:05d}",
            "last_name": names[n % len(names)],
            "birth_date": date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            "personnel_category": CATEGORY,
            "hired_on": date(2020, 1, 1),
            "status": AffiliationStatus.AFFILIATED if n % 10 else AffiliationStatus.PENDING,
            "affiliated_on": date(2020, 1 + n % 12, 1 + n % 28) if n % 10 else None,
        }
        for n in range(count)
    ]
    ids = session.scalars(insert(Employee).returning(Employee.id, sort_by_parameter_order=True), rows).all()
    contracts = [
        {"employee_id": i, "contract_id": c.id, "option_id": o.id, "start_date": date(2020, 1, 1)}
        for i, row in zip(ids, rows, strict=True)
        if row["affiliated_on"] is not None
        for c, o in ((plans.health, plans.health_option), (plans.provident, plans.provident_option))
    ]
    session.execute(insert(EmployeeContract), contracts)
    session.flush()


def make_dispensed_employee(
    session: Session,
    *,
    plans: Plans,
    provident: bool = True,
    since: date = date(2024, 1, 1),
    last_name: str | None = None,
    first_name: str | None = None,
    nir: str | None = NIR,
) -> Employee:
    """A « dispensé(e) » employee of ``plans.company`` as the pré-affiliation and an accepted dispense leave
    them: no member file, a santé registration without option (the employee never chose one) that the
    dispense withdrew (it covers no day: ``dispense_cover``) and, with ``provident``, the prévoyance
    registration on its base option (nobody chooses it), both from ``since``; their ``nir`` kept encrypted."""
    employee = make_covered_employee(
        session,
        plans=plans,
        status=AffiliationStatus.EXEMPTED,
        health=False,
        provident=False,
        last_name=last_name,
        first_name=first_name,
        nir=nir,
    )
    registered = [(plans.health, None)] + (
        [(plans.provident, plans.provident_option.id)] if provident else []
    )
    for contract, option_id in registered:
        session.add(
            EmployeeContract(
                employee_id=employee.id, contract_id=contract.id, option_id=option_id, start_date=since
            )
        )
    session.flush()
    dispense_cover.withdraw(session, employee)
    session.flush()
    return employee


def make_pre_affiliated(
    session: Session, *, plans: Plans, hired_on: date, by: StatusAuthor, actor: audit.Actor, now: datetime
) -> Employee:
    """Paul MARTIN as HR's pré-affiliation registers him (``pre_affiliation.register``, checked first):
    « en cours d'affiliation », on the santé contract (no option yet) and the prévoyance contract (its base
    option) from ``hired_on``."""
    data = pre_affiliation.PreAffiliation(
        civility="M.",
        last_name="Martin",
        first_name="Paul",
        birth_date="02/04/1985",
        nir=nir_with_key("1850475056123"),
        company_id=str(plans.company.id),
        personnel_category=CATEGORY,
        contract_ids=(str(plans.health.id), str(plans.provident.id)),
        hired_on=hired_on.strftime("%d/%m/%Y"),
        email="paul.martin@example.org",
        dispense_email="rh@example.org",
    )
    assert pre_affiliation.validate(session, [plans.company.id], data, paris_date(now)) == {}
    return pre_affiliation.register(session, data, by=by, actor=actor, now=now)
