"""Client companies and their structures, employer users with profiles, business introducers, OCSO staff."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import luhn

from ocso_app.models import (
    Account,
    AccountKind,
    AffiliationStatus,
    BusinessIntroducer,
    Company,
    Contract,
    ContractKind,
    ContributionStatement,
    Employee,
    EmployerGrant,
    EmployerProfile,
    PortfolioEntry,
    Request,
    RequestStatus,
    StaffRole,
)
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.passwords import hash_password
from ocso_app.services.security_codes import canonical_code
from tests.builders._unique import unused
from tests.builders.members import PASSWORD, fake, new_email

SECURITY_CODE = "K7P-42Q"


def new_siren(n: int) -> str:
    """The ``n``-th test SIREN, with a valid Luhn check digit."""
    body = f"{70_000_000 + n:08d}"
    return body + luhn.calc_check_digit(body)


def make_company(
    session: Session,
    *,
    parent: Company | None = None,
    name: str | None = None,
    security_code: str = SECURITY_CODE,
) -> Company:
    """A client company (or, with ``parent``, one of its structures, same SIREN) whose code de sécurité is
    ``security_code``."""
    client_number = unused(session, Company.client_number, lambda n: f"C9{n:09d}")
    company = Company(
        client_number=client_number,
        siren=parent.siren if parent else new_siren(int(client_number[2:])),
        name=name or fake.company().upper(),
        security_code_hash=hash_password(canonical_code(security_code), cost=4),
        parent_id=parent.id if parent else None,
        address_line=fake.street_address(),
        postal_code="33000",
        city="BORDEAUX",
    )
    session.add(company)
    session.flush()
    return company


def make_employer(
    session: Session,
    *,
    principal_of: tuple[Company, ...] = (),
    grants: dict[Company, EmployerProfile] | None = None,
    email: str | None = None,
    phone: str | None = "0612345678",
    password: str = PASSWORD,
) -> Account:
    """An employer user: the principal (Administrateur) of ``principal_of``, with ``grants`` elsewhere."""
    email = (email or new_email()).lower()
    account = Account(
        kind=AccountKind.EMPLOYER,
        login=email,
        email=email,
        phone=phone,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        job_title="Responsable RH",
        password_hash=hash_password(password, cost=4),
    )
    session.add(account)
    session.flush()
    for company in principal_of:
        session.add(
            EmployerGrant(
                account_id=account.id, company_id=company.id, profile=EmployerProfile.ADMIN, is_principal=True
            )
        )
    for company, profile in (grants or {}).items():
        session.add(EmployerGrant(account_id=account.id, company_id=company.id, profile=profile))
    session.flush()
    return account


def make_introducer(
    session: Session,
    *,
    companies: tuple[Company, ...] = (),
    email: str | None = None,
    password: str | None = None,
) -> BusinessIntroducer:
    """A business introducer (apporteur d'affaires) with an account and ``companies`` in the portfolio since
    2 May 2023; without ``password`` the account has none until the reset flow gives one."""
    identifier = unused(session, BusinessIntroducer.identifier, lambda n: f"AP9{n:06d}")
    email = (email or new_email()).lower()
    introducer = BusinessIntroducer(identifier=identifier, name=f"Cabinet {fake.last_name()}", email=email)
    session.add(introducer)
    session.flush()
    for company in companies:
        session.add(
            PortfolioEntry(
                introducer_id=introducer.id,
                company_id=company.id,
                since=date(2023, 5, 2),
                commission_percent=0,
            )
        )
    session.add(
        Account(
            kind=AccountKind.INTRODUCER,
            login=identifier,
            email=email,
            last_name=fake.last_name(),
            introducer_id=introducer.id,
            password_hash=hash_password(password, cost=4) if password else None,
        )
    )
    session.flush()
    return introducer


def make_staff(
    session: Session,
    *,
    role: StaffRole = StaffRole.PRESTATIONS,
    password: str = PASSWORD,
    totp_secret: str | None = None,
) -> Account:
    """An OCSO agent (Espace OCSO) logging in by e-mail; ``totp_secret`` enrols the authenticator app."""
    email = new_email()
    account = Account(
        kind=AccountKind.STAFF,
        login=email,
        email=email,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        staff_role=role,
        password_hash=hash_password(password, cost=4),
        totp_secret_enc=encrypt_field(totp_secret) if totp_secret else None,
    )
    session.add(account)
    session.flush()
    return account


def make_employee(
    session: Session,
    *,
    company: Company,
    status: AffiliationStatus = AffiliationStatus.AFFILIATED,
    last_name: str | None = None,
    first_name: str | None = None,
    invited_at: datetime | None = None,
    hired_on: date = date(2024, 1, 15),
    member_id: int | None = None,
    email: str | None = None,
    personnel_category: str = "Ensemble du personnel",
) -> Employee:
    """An employee of ``company`` in ``status`` (no contract registration: add ``EmployeeContract`` rows)."""
    employee = Employee(
        company_id=company.id,
        member_id=member_id,
        civility="Mme",
        first_name=first_name or fake.first_name_female(),
        last_name=(last_name or fake.last_name()).upper(),
        birth_date=date(1985, 6, 12),
        email=email,
        personnel_category=personnel_category,
        hired_on=hired_on,
        status=status,
        invited_at=invited_at,
    )
    session.add(employee)
    session.flush()
    return employee


def make_company_with_activity(session: Session, *, name: str) -> Company:
    """A company with two signed contracts (``<numéro client>-S`` santé, ``-P`` prévoyance) and one unsigned,
    four employees (two affiliés, one en cours d'affiliation, one à relancer; one is named SECRETNOM), two
    bordereaux of 2025 (one paid, one to pay) and three démarches « Poser une question » (one answered, two
    whose subject names SECRETNOM)."""
    company = make_company(session, name=name)
    for suffix, kind, signed in (
        ("S", ContractKind.SANTE, True),
        ("P", ContractKind.PREVOYANCE, True),
        ("X", ContractKind.SANTE, False),
    ):
        session.add(_contract(company, f"{company.client_number}-{suffix}", kind, signed))
    now = datetime.now(UTC)
    make_employee(session, company=company, last_name="SECRETNOM")
    make_employee(session, company=company)
    make_employee(
        session, company=company, status=AffiliationStatus.PENDING, invited_at=now - timedelta(days=2)
    )
    make_employee(
        session, company=company, status=AffiliationStatus.PENDING, invited_at=now - timedelta(days=9)
    )
    session.flush()
    contract_id = session.scalar(select(Contract.id).where(Contract.number == f"{company.client_number}-S"))
    for quarter, (paid, status) in enumerate(((Decimal("300.00"), "payee"), (Decimal("0.00"), "a_payer"))):
        start = date(2025, 1 + 3 * quarter, 1)
        session.add(
            ContributionStatement(
                company_id=company.id,
                contract_id=contract_id,
                reference=f"{company.client_number}B{quarter}",
                period_start=start,
                period_end=start + timedelta(days=89),
                headcount=2,
                amount_due=Decimal("300.00"),
                amount_paid=paid,
                due_on=start + timedelta(days=120),
                status=status,
            )
        )
    for state, subject in (
        (RequestStatus.SENT, "Affiliation de Jean SECRETNOM"),
        (RequestStatus.IN_PROGRESS, "Arrêt de SECRETNOM"),
        (RequestStatus.DONE, "Réglé"),
    ):
        session.add(
            Request(
                company_id=company.id,
                request_type="question",
                subject=subject,
                routed_service="relation_client",
                status=state,
                submission_key=f"{company.client_number}-{state}",
            )
        )
    session.flush()
    return company


def _contract(company, number, kind, signed):
    return Contract(
        company_id=company.id,
        kind=kind,
        number=number,
        label=f"Contrat {kind.value}",
        insurer="OCSO",
        personnel_category="Ensemble du personnel",
        start_date=date(2024, 1, 1),
        signed_on=date(2023, 12, 1) if signed else None,
        employer_share_percent=Decimal("50"),
    )
