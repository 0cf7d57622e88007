"""A member on a santé contract with two children and three known décomptes (Martin DUBOIS's family, as in
the guide), for the reimbursement, PDF and card tests.

The amounts are fixed (:data:`STATEMENTS`) so tests can assert exact French strings and compute expected sums
from the builder's own inputs rather than from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from ocso_app.models import (
    Beneficiary,
    BeneficiaryQuality,
    CareLine,
    Contract,
    ContractKind,
    ContractOption,
    Guarantee,
    PayeeKind,
    Statement,
)
from tests.builders._unique import unused
from tests.builders.employers import make_company
from tests.builders.members import PASSWORD, make_member, make_member_account, new_email

IBAN = "FR7613306000501230634151617"
INSURER = "Mutuelle des Deux Rives"
PRACTITIONER = "Dr TEST"
# care category → (label on the card, guarantee rule)
GUARANTEES = {
    "PHAR": ("Pharmacie", "100 % BR"),
    "MEDG": ("Médecin généraliste", "100 % BR"),
    "MEDS": ("Médecin spécialiste", "150 % BR"),
    "LABO": ("Analyses et laboratoire", "100 % BR"),
    "RADL": ("Radiologie et imagerie", "100 % BR"),
    "HOSP": ("Hospitalisation", "200 % BR"),
    "OPTI": ("Optique", "forfait 150 €/an"),
    "DENT": ("Dentaire", "125 % BR"),
    "AUDI": ("Audioprothèses", "forfait 400 € par oreille"),
}
CHILDREN = (("EA", "JULIE", date(2014, 10, 27)), ("EB", "JULIEN", date(2018, 5, 5)))


class CareLineSpec(NamedTuple):
    """One line of a décompte, as the builder writes it."""

    rank: str
    category: str
    act: str
    care_date: date
    spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary: Decimal
    remaining: Decimal


class StatementSpec(NamedTuple):
    """One décompte: when it was paid, to whom, and its lines."""

    paid_on: date
    payee: PayeeKind
    lines: tuple[CareLineSpec, ...]


def _line(rank: str, category: str, act: str, values: str) -> CareLineSpec:
    care_date, spent, base, rate, ss, ocso, rest = values.split()
    money = [Decimal(value) for value in (spent, base, ss, ocso, rest)]
    return CareLineSpec(rank, category, act, date.fromisoformat(care_date), *money[:2], int(rate), *money[2:])


# Newest first, as the list shows them.
# Values: date of care, spent, SS base, SS rate, SS paid, OCSO paid, remaining.
# fmt: off
STATEMENTS: tuple[StatementSpec, ...] = (
    StatementSpec(date(2025, 9, 16), PayeeKind.OPERATOR, (
        _line("EA", "PHAR", "Pharmacie remboursée à 65 %", "2025-09-10 24.26 24.26 65 15.77 8.49 0.00"),
    )),
    StatementSpec(date(2025, 8, 24), PayeeKind.MEMBER, (
        _line("AS", "MEDS", "Consultation médecin spécialiste", "2025-08-18 37.18 30.00 70 19.00 16.18 2.00"),
    )),
    StatementSpec(date(2025, 6, 22), PayeeKind.MEMBER, (
        _line("EB", "MEDG", "Consultation médecin généraliste", "2025-06-16 30.00 30.00 70 19.00 9.00 2.00"),
        _line("EA", "LABO", "Analyses de biologie médicale", "2025-06-16 10.22 10.22 60 4.13 4.09 2.00"),
    )),
)
# fmt: on


def care_lines(statements: tuple[StatementSpec, ...] = STATEMENTS) -> list[CareLineSpec]:
    """Every line of ``statements``, in order."""
    return [line for statement in statements for line in statement.lines]


def total(amount: str, lines: list[CareLineSpec] | None = None) -> Decimal:
    """The sum of one amount column (``"spent"``, ``"complementary"``…) over ``lines`` (all by default)."""
    return sum(
        (getattr(line, amount) for line in (care_lines() if lines is None else lines)), Decimal("0.00")
    )


@dataclass
class CareMember:
    """What the builder made: ids to log in, filter and assert with."""

    member_id: int
    account_id: int
    member_number: str
    full_name: str
    email: str
    company_id: int
    beneficiary_ids: dict[str, int] = field(default_factory=dict)
    statement_ids: list[int] = field(default_factory=list)


def _health_option(session: Session) -> tuple[int, int]:
    """A company with a signed santé contract and its base option; returns (company id, option id)."""
    company = make_company(session, name="BOULANGERIES DU TEST")
    contract = Contract(
        company_id=company.id,
        kind=ContractKind.SANTE,
        number=unused(session, Contract.number, lambda n: f"S9{n:09d}"),
        label="Frais de santé – Ensemble du personnel",
        insurer=INSURER,
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
    for category, (label, rule) in GUARANTEES.items():
        session.add(Guarantee(option_id=option.id, care_category=category, label=label, rule=rule))
    return company.id, option.id


def _care_line(statement_id: int, member_id: int, beneficiary_id: int, line: CareLineSpec) -> CareLine:
    return CareLine(
        statement_id=statement_id,
        member_id=member_id,
        beneficiary_id=beneficiary_id,
        care_date=line.care_date,
        care_category=line.category,
        act_code=line.category,
        act_label=line.act,
        practitioner=PRACTITIONER,
        quantity=1,
        amount_spent=line.spent,
        ss_base=line.ss_base,
        ss_rate=line.ss_rate,
        ss_reimbursed=line.ss_reimbursed,
        complementary_reimbursed=line.complementary,
        remaining_charge=line.remaining,
    )


def _statements(session: Session, member_id: int, payee_name: str, ranks: dict[str, int]) -> list[int]:
    ids = []
    for spec in STATEMENTS:
        statement = Statement(
            member_id=member_id,
            number=unused(session, Statement.number, lambda n: f"T9{n:011d}"),
            paid_on=spec.paid_on,
            payee_kind=spec.payee,
            payee_name="VIAMEDIS" if spec.payee == PayeeKind.OPERATOR else payee_name,
            total_paid=total("complementary", list(spec.lines)),
        )
        session.add(statement)
        session.flush()
        session.add_all(_care_line(statement.id, member_id, ranks[line.rank], line) for line in spec.lines)
        ids.append(statement.id)
    session.flush()
    return ids


def make_care_member(
    session: Session, *, first_name: str = "Martin", last_name: str = "DUBOIS", password: str = PASSWORD
) -> CareMember:
    """A member on a santé contract (tiers payant VIAMEDIS, IBAN on file), with JULIE (EA) and JULIEN (EB),
    the three décomptes of :data:`STATEMENTS` and an account whose password is ``password``."""
    company_id, option_id = _health_option(session)
    member = make_member(
        session,
        email=new_email(),
        first_name=first_name,
        last_name=last_name,
        birth_date=date(1983, 6, 14),
        contract_option_id=option_id,
        iban=IBAN,
    )
    ranks = {"AS": session.query(Beneficiary.id).filter_by(member_id=member.id, rank="AS").scalar()}
    for rank, first, birth in CHILDREN:
        child = Beneficiary(
            member_id=member.id,
            rank=rank,
            quality=BeneficiaryQuality.CHILD,
            first_name=first,
            last_name=member.last_name,
            birth_date=birth,
            adhesion_date=member.adhesion_date,
        )
        session.add(child)
        session.flush()
        ranks[rank] = child.id
    statement_ids = _statements(session, member.id, f"{member.last_name} {member.first_name}", ranks)
    account = make_member_account(session, password=password, member=member)
    return CareMember(
        member_id=member.id,
        account_id=account.id,
        member_number=member.member_number,
        full_name=f"{first_name} {last_name}",
        email=member.email,
        company_id=company_id,
        beneficiary_ids=ranks,
        statement_ids=statement_ids,
    )


def add_care_statement(
    session: Session, member: CareMember, paid_on: date, lines: list[tuple[str, str, str, str]]
) -> int:
    """One more décompte of ``member`` paid to them on ``paid_on``: ``lines`` as (rank, category, act label,
    "care-date spent base rate ss-paid ocso-paid remaining"); returns its id."""
    specs = [_line(rank, category, act, values) for rank, category, act, values in lines]
    statement = Statement(
        member_id=member.member_id,
        number=unused(session, Statement.number, lambda n: f"T8{n:011d}"),
        paid_on=paid_on,
        payee_kind=PayeeKind.MEMBER,
        payee_name=f"{member.full_name.split()[-1]} {member.full_name.split()[0]}",
        total_paid=total("complementary", specs),
    )
    session.add(statement)
    session.flush()
    session.add_all(
        _care_line(statement.id, member.member_id, member.beneficiary_ids[line.rank], line) for line in specs
    )
    session.flush()
    return statement.id
