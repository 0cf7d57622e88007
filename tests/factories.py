"""Small builders for the tests: client companies and their structures, employer users, members with an
account. Faker fr_FR for names; numbers are random so rows committed by route tests never collide."""

from __future__ import annotations

import secrets

from faker import Faker
from sqlalchemy.orm import Session
from stdnum import luhn

from ocso_app.models import Account, AccountKind, Company, EmployerGrant, EmployerProfile
from ocso_app.services.passwords import hash_password

fake = Faker("fr_FR")
SECURITY_CODE = "K7P-42Q"
PASSWORD = "Solide-Passe-2026!"


def new_siren() -> str:
    """A random SIREN with a valid Luhn check digit."""
    body = f"{secrets.randbelow(10**8):08d}"
    return body + luhn.calc_check_digit(body)


def new_client_number() -> str:
    return f"C{secrets.randbelow(10**10):010d}"


def make_company(
    session: Session,
    *,
    parent: Company | None = None,
    siren: str | None = None,
    security_code: str = SECURITY_CODE,
    name: str | None = None,
) -> Company:
    """A client company (or, with ``parent``, one of its structures) whose code de sécurité is known."""
    company = Company(
        client_number=new_client_number(),
        siren=siren or (parent.siren if parent else new_siren()),
        name=name or fake.company(),
        security_code_hash=hash_password(security_code, cost=4),
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
    grants: dict[Company, EmployerProfile] | None = None,
    principal_of: tuple[Company, ...] = (),
    email: str | None = None,
    phone: str | None = "0612345678",
    password: str = PASSWORD,
) -> Account:
    """An employer user with a profile on some structures; ``principal_of`` makes them the principal
    (Administrateur) of those."""
    email = (email or fake.unique.email()).lower()
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
