"""Builders of members and member accounts for the tests (Faker fr_FR, unique numbers)."""

from __future__ import annotations

import itertools
from datetime import date

from faker import Faker
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Beneficiary, BeneficiaryQuality, Member
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.passwords import hash_password

fake = Faker("fr_FR")
_numbers = itertools.count(900000)
PASSWORD = "Solide-Passe-2026"


def make_member(session: Session, *, email: str | None = None, birth_date: date = date(1980, 3, 1)) -> Member:
    """A member with his own beneficiary row; ``email`` is what OCSO knows (may be None)."""
    member = Member(
        member_number=str(next(_numbers)),
        civility="M",
        first_name=fake.first_name_male(),
        last_name=fake.last_name().upper(),
        birth_date=birth_date,
        nir_enc=encrypt_field("180037500012345"),
        email=email,
        address_line=fake.street_address(),
        postal_code="33700",
        city="MERIGNAC",
        adhesion_date=date(2021, 1, 23),
    )
    session.add(member)
    session.flush()
    session.add(
        Beneficiary(
            member_id=member.id,
            rank="AS",
            quality=BeneficiaryQuality.MEMBER,
            first_name=member.first_name,
            last_name=member.last_name,
            birth_date=birth_date,
            adhesion_date=member.adhesion_date,
        )
    )
    return member


def make_member_account(session: Session, *, password: str = PASSWORD, email: str | None = None) -> Account:
    """A member with an active account whose password is ``password``."""
    email = email or fake.unique.email()
    member = make_member(session, email=email)
    account = Account(
        kind=AccountKind.MEMBER,
        login=member.member_number,
        email=email,
        first_name=member.first_name,
        last_name=member.last_name,
        member_id=member.id,
        password_hash=hash_password(password, cost=4),
    )
    session.add(account)
    session.flush()
    return account
