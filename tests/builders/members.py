"""Members (assurés principaux) with their own beneficiary row, and member accounts."""

from __future__ import annotations

import secrets
from datetime import date

from faker import Faker
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Beneficiary, BeneficiaryQuality, Member
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.passwords import hash_password
from tests.builders._unique import unused

fake = Faker("fr_FR")
PASSWORD = "Solide-Passe-2026"
NIR = "180037500012341"  # a valid key: the registration form checks it
# Marks this run's addresses: Faker draws them from a few reserved domains, where the portal's demo data and
# other draws (``fake.email()`` keeps its own unique list) live too; a test counting one address's messages
# once counted an invitation sent to the same address by another test (test_two_factor, after
# test_employer_accounts).
_RUN = secrets.token_hex(3)


def new_email() -> str:
    """An address nobody else in this run uses (no other builder call, not the portal's demo data), on a
    reserved domain (never a real mailbox)."""
    local, _, domain = fake.unique.safe_email().lower().partition("@")
    return f"{local}.{_RUN}@{domain}"


def member_number(session: Session) -> str:
    """A free 6-digit numéro d'adhérent (from 900001 up; the demo data may hold any other)."""
    return unused(session, Member.member_number, lambda n: f"{(900_000 + n) % 1_000_000:06d}")


def make_member(
    session: Session,
    *,
    email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    birth_date: date = date(1980, 3, 1),
    contract_option_id: int | None = None,
    iban: str | None = None,
    nir: str | None = NIR,
) -> Member:
    """A member with his own beneficiary row (rank AS); ``email`` is what OCSO knows (may be None)."""
    member = Member(
        member_number=member_number(session),
        civility="M",
        first_name=first_name or fake.first_name_male(),
        last_name=(last_name or fake.last_name()).upper(),
        birth_date=birth_date,
        nir_enc=encrypt_field(nir) if nir else None,
        email=email,
        address_line=fake.street_address(),
        postal_code="33700",
        city="MERIGNAC",
        adhesion_date=date(2021, 1, 23),
        contract_option_id=contract_option_id,
        iban_enc=encrypt_field(iban) if iban else None,
        bic="AGRIFRPP123" if iban else None,
        tiers_payant_operator="VIAMEDIS" if contract_option_id else None,
    )
    session.add(member)
    session.flush()
    session.add(
        Beneficiary(
            member_id=member.id,
            rank="AS",
            quality=BeneficiaryQuality.MEMBER,
            first_name=member.first_name.upper(),
            last_name=member.last_name,
            birth_date=birth_date,
            adhesion_date=member.adhesion_date,
        )
    )
    session.flush()
    return member


def make_member_account(
    session: Session, *, password: str = PASSWORD, email: str | None = None, member: Member | None = None
) -> Account:
    """An active member account (login: the numéro d'adhérent) whose password is ``password``; a new member
    unless ``member`` is given."""
    if member is None:
        member = make_member(session, email=email or new_email())
    account = Account(
        kind=AccountKind.MEMBER,
        login=member.member_number,
        email=member.email,
        first_name=member.first_name,
        last_name=member.last_name,
        member_id=member.id,
        password_hash=hash_password(password, cost=4),
    )
    session.add(account)
    session.flush()
    return account
