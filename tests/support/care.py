"""Builders of a member with a contract, beneficiaries and known décomptes (Martin DUBOIS's family), for the
reimbursement, PDF and card tests. Amounts are fixed so the tests can assert exact French strings; numbers are
random so rows committed by route or browser tests never collide. ``delete_care_member`` removes it all."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    Account,
    AccountKind,
    AuditEvent,
    Beneficiary,
    BeneficiaryQuality,
    CareLine,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Guarantee,
    LoginSession,
    Member,
    PayeeKind,
    Statement,
)
from ocso_app.services.care_catalog import CARE_CATEGORIES
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.passwords import hash_password

PASSWORD = "Solide-Passe-2026"
IBAN = "FR7613306000501230634151617"
GUARANTEES = {
    "PHAR": "100 % BR",
    "MEDG": "100 % BR",
    "MEDS": "150 % BR",
    "LABO": "100 % BR",
    "RADL": "100 % BR",
    "HOSP": "200 % BR",
    "OPTI": "forfait 150 €/an",
    "DENT": "125 % BR",
    "AUDI": "forfait 400 € par oreille",
}

# (paid on, payee kind, [(rank, category, act, date of care, spent, base, rate, ss, ocso, remaining)])
LineSpec = tuple[str, str, str, date, str, str, int, str, str, str]
STATEMENTS: tuple[tuple[date, PayeeKind, list[LineSpec]], ...] = (
    (
        date(2025, 9, 16),
        PayeeKind.OPERATOR,
        [
            (
                "EA",
                "PHAR",
                "Pharmacie remboursée à 65 %",
                date(2025, 9, 10),
                "24.26",
                "24.26",
                65,
                "15.77",
                "8.49",
                "0.00",
            )
        ],
    ),
    (
        date(2025, 8, 24),
        PayeeKind.MEMBER,
        [
            (
                "AS",
                "MEDS",
                "Consultation médecin spécialiste",
                date(2025, 8, 18),
                "37.18",
                "30.00",
                70,
                "19.00",
                "16.18",
                "2.00",
            )
        ],
    ),
    (
        date(2025, 6, 22),
        PayeeKind.MEMBER,
        [
            (
                "EB",
                "MEDG",
                "Consultation médecin généraliste",
                date(2025, 6, 16),
                "30.00",
                "30.00",
                70,
                "19.00",
                "9.00",
                "2.00",
            ),
            (
                "EA",
                "LABO",
                "Analyses de biologie médicale",
                date(2025, 6, 16),
                "10.22",
                "10.22",
                60,
                "4.13",
                "4.09",
                "2.00",
            ),
        ],
    ),
)


@dataclass
class CareMember:
    """What the builder made: ids to log in, filter and clean up."""

    member_id: int
    account_id: int
    member_number: str
    full_name: str
    email: str
    company_id: int
    beneficiary_ids: dict[str, int] = field(default_factory=dict)
    statement_ids: list[int] = field(default_factory=list)


def _number() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _contract(session: Session) -> tuple[int, int]:
    company = Company(
        client_number=f"C{secrets.randbelow(10**10):010d}",
        siren=f"{secrets.randbelow(10**9):09d}",
        name="BOULANGERIES DU TEST",
        security_code_hash="x",
        address_line="1 rue du Port",
        postal_code="33000",
        city="BORDEAUX",
    )
    session.add(company)
    session.flush()
    contract = Contract(
        company_id=company.id,
        kind=ContractKind.SANTE,
        number=f"S{secrets.randbelow(10**9):09d}",
        label="Frais de santé – Ensemble du personnel",
        insurer="Mutuelle des Deux Rives",
        personnel_category="Ensemble du personnel",
        start_date=date(2021, 1, 1),
        end_date=None,
        signed_on=date(2020, 12, 10),
        employer_share_percent=Decimal(50),
    )
    session.add(contract)
    session.flush()
    option = ContractOption(
        contract_id=contract.id,
        code="BASE",
        label="Formule Essentielle",
        is_base=True,
        monthly_contribution=Decimal("62.40"),
    )
    session.add(option)
    session.flush()
    for category, rule in GUARANTEES.items():
        session.add(
            Guarantee(option_id=option.id, care_category=category, label=CARE_CATEGORIES[category], rule=rule)
        )
    return company.id, option.id


def _family(session: Session, member: Member) -> dict[str, int]:
    people = (
        ("AS", BeneficiaryQuality.MEMBER, member.first_name.upper(), date(1983, 6, 14)),
        ("EA", BeneficiaryQuality.CHILD, "JULIE", date(2014, 10, 27)),
        ("EB", BeneficiaryQuality.CHILD, "JULIEN", date(2018, 5, 5)),
    )
    ids = {}
    for rank, quality, first, birth in people:
        row = Beneficiary(
            member_id=member.id,
            rank=rank,
            quality=quality,
            first_name=first,
            last_name=member.last_name,
            birth_date=birth,
            adhesion_date=date(2021, 1, 23),
        )
        session.add(row)
        session.flush()
        ids[rank] = row.id
    return ids


def _statements(session: Session, member: Member, beneficiaries: dict[str, int]) -> list[int]:
    ids = []
    for paid_on, payee, lines in STATEMENTS:
        statement = Statement(
            member_id=member.id,
            number=f"T{secrets.randbelow(10**12):012d}",
            paid_on=paid_on,
            payee_kind=payee,
            payee_name="VIAMEDIS"
            if payee == PayeeKind.OPERATOR
            else f"{member.last_name} {member.first_name}",
            total_paid=sum((Decimal(line[8]) for line in lines), Decimal("0.00")),
        )
        session.add(statement)
        session.flush()
        for rank, category, act, care_date, spent, base, rate, ss, ocso, rest in lines:
            session.add(
                CareLine(
                    statement_id=statement.id,
                    member_id=member.id,
                    beneficiary_id=beneficiaries[rank],
                    care_date=care_date,
                    care_category=category,
                    act_code=category,
                    act_label=act,
                    practitioner="Dr TEST",
                    quantity=1,
                    amount_spent=Decimal(spent),
                    ss_base=Decimal(base),
                    ss_rate=rate,
                    ss_reimbursed=Decimal(ss),
                    complementary_reimbursed=Decimal(ocso),
                    remaining_charge=Decimal(rest),
                )
            )
        ids.append(statement.id)
    session.flush()
    return ids


def make_care_member(
    session: Session, *, first_name: str = "Martin", last_name: str = "DUBOIS", password: str = PASSWORD
) -> CareMember:
    """A member on a santé contract, with JULIE (EA) and JULIEN (EB), three décomptes and an account."""
    company_id, option_id = _contract(session)
    number = _number()
    email = f"{first_name.lower()}.{number}@example.fr"
    member = Member(
        member_number=number,
        civility="M",
        first_name=first_name,
        last_name=last_name,
        birth_date=date(1983, 6, 14),
        nir_enc=encrypt_field("123456789101285"),
        email=email,
        address_line="3 Rue de l'arc en ciel",
        postal_code="33700",
        city="MERIGNAC",
        iban_enc=encrypt_field(IBAN),
        bic="AGRIFRPP123",
        adhesion_date=date(2021, 1, 23),
        contract_option_id=option_id,
        tiers_payant_operator="VIAMEDIS",
    )
    session.add(member)
    session.flush()
    beneficiaries = _family(session, member)
    statement_ids = _statements(session, member, beneficiaries)
    account = Account(
        kind=AccountKind.MEMBER,
        login=number,
        email=email,
        first_name=first_name,
        last_name=last_name,
        member_id=member.id,
        password_hash=hash_password(password, cost=4),
    )
    session.add(account)
    session.flush()
    return CareMember(
        member_id=member.id,
        account_id=account.id,
        member_number=number,
        full_name=f"{first_name} {last_name}",
        email=email,
        company_id=company_id,
        beneficiary_ids=beneficiaries,
        statement_ids=statement_ids,
    )


def delete_care_member(session: Session, made: CareMember) -> None:
    """Remove everything :func:`make_care_member` created (and what the tests added: sessions, audit)."""
    session.execute(delete(AuditEvent).where(AuditEvent.member_id == made.member_id))
    session.execute(delete(AuditEvent).where(AuditEvent.account_id == made.account_id))
    session.execute(delete(LoginSession).where(LoginSession.account_id == made.account_id))
    session.execute(delete(Account).where(Account.id == made.account_id))
    session.execute(delete(CareLine).where(CareLine.member_id == made.member_id))
    session.execute(delete(Statement).where(Statement.member_id == made.member_id))
    session.execute(delete(Beneficiary).where(Beneficiary.member_id == made.member_id))
    option_id = session.scalar(select(Member.contract_option_id).where(Member.id == made.member_id))
    session.execute(delete(Member).where(Member.id == made.member_id))
    if option_id is not None:
        contract_id = session.scalar(select(ContractOption.contract_id).where(ContractOption.id == option_id))
        session.execute(delete(Guarantee).where(Guarantee.option_id == option_id))
        session.execute(delete(ContractOption).where(ContractOption.id == option_id))
        session.execute(delete(Contract).where(Contract.id == contract_id))
    session.execute(delete(Company).where(Company.id == made.company_id))
