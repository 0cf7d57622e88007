"""What an affiliation may choose and how it is checked (``enrolment`` writes it): the santé contract open to
the employee and its options with their contributions, the beneficiaries (ranked « CJ » for the spouse,
« EA », « EB »… for the children from the eldest, as in the demo data), the bank details checked with
python-stdnum and the SEPA mandate accepted. Every field is checked, every error gathered with its French
message, and nothing is written here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from ocso_app.models import (
    AffiliationStatus,
    BeneficiaryQuality,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Employee,
    EmployeeContract,
)
from ocso_app.services.contracts import in_force
from ocso_app.services.contribution_split import split_contribution
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import format_money
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.requests import refusals
from ocso_app.services.sepa_mandate import BankAccount
from ocso_app.services.typed_text import bad_character, cut_for_capitals, has_control

MAX_BENEFICIARIES = 10
CHILD_RANKS = tuple(f"E{letter}" for letter in "ABCDEFGHIJ")
CIVILITIES = ("M.", "Mme")
QUALITIES = {"conjoint": BeneficiaryQuality.SPOUSE, "enfant": BeneficiaryQuality.CHILD}
OPEN_STATUSES = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)

NOT_PENDING = "Cette affiliation est déjà traitée : le/la salarié(e) n'est plus en cours d'affiliation."
NO_CONTRACT = (
    "Aucun contrat santé en vigueur n'est ouvert à ce/cette salarié(e) : contactez OCSO au 05 56 34 36 66."
)
BAD_OPTION = "Choisissez une des options du contrat."
MISSING_NIR = "Indiquez votre numéro de Sécurité sociale (15 chiffres, clé comprise)."
BAD_QUALITY = "Choisissez conjoint(e) ou enfant."
BAD_CIVILITY = "Choisissez M. ou Mme, ou laissez vide."
MISSING_LAST_NAME = "Indiquez le nom."
MISSING_FIRST_NAME = "Indiquez le prénom."
TWO_SPOUSES = "Un(e) seul(e) conjoint(e) peut être ajouté(e)."
TOO_MANY_BENEFICIARIES = f"Vous pouvez ajouter au plus {MAX_BENEFICIARIES} bénéficiaires."
MANDATE_NOT_ACCEPTED = "Cochez la case pour accepter le mandat de prélèvement SEPA."


class EnrolmentRefused(FieldsRefused):
    """What the browser sent is not right: ``errors`` holds one French message per field (``option``,
    ``nir``, ``iban``, ``bic``, ``mandate``, ``beneficiaries`` and ``beneficiary.<n>.<field>``)."""


@dataclass(frozen=True)
class OptionOffer:
    """One option of the contract as the employee chooses it: the whole monthly contribution (an upgrade
    comes on top of the base plan), and the employee's part (the employer pays its share of the base plan
    only, as on the bulletin d'adhésion)."""

    id: int
    code: str
    label: str
    is_base: bool
    monthly_contribution: Decimal
    employee_contribution: Decimal

    @property
    def monthly_label(self) -> str:
        return format_money(self.monthly_contribution)

    @property
    def employee_label(self) -> str:
        return format_money(self.employee_contribution)


@dataclass(frozen=True)
class Offer:
    """The santé contract open to the employee and its options (the base option first)."""

    contract_label: str
    company_name: str
    options: list[OptionOffer]
    needs_nir: bool  # HR did not give the employee's NIR: the form asks it


@dataclass(frozen=True)
class BeneficiaryInput:
    """A beneficiary as typed: ``quality`` « conjoint » or « enfant », ``birth_date`` jj/mm/aaaa (or ISO),
    ``civility`` and ``nir`` optional."""

    quality: str
    last_name: str
    first_name: str
    birth_date: str
    civility: str = ""
    nir: str = ""


@dataclass(frozen=True)
class EnrolmentChoice:
    """What the employee (or HR for them) chose on the affiliation form."""

    option_id: int | None
    iban: str
    bic: str
    mandate_accepted: bool
    beneficiaries: Sequence[BeneficiaryInput] = ()
    nir: str = ""  # the employee's own, asked only when HR did not give it (``Offer.needs_nir``)


@dataclass(frozen=True)
class Person:
    quality: BeneficiaryQuality
    rank: str
    last_name: str
    first_name: str
    birth_date: date
    nir: str | None


@dataclass
class CheckedChoice:
    """A choice whose every field was checked: what ``enrolment`` writes."""

    option: ContractOption
    contract: Contract
    people: list[Person] = field(default_factory=list)
    account: BankAccount | None = None
    nir: str | None = None


# --- the offer


def _health_contract(session: Session, employee: Employee, today: date) -> Contract | None:
    """The santé contract the employee is registered on, or else the one of their company open to their
    personnel category (or to every employee), signed and in force."""
    registered = session.scalar(
        select(Contract)
        .join(EmployeeContract, EmployeeContract.contract_id == Contract.id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.SANTE)
        .order_by(EmployeeContract.start_date.desc())
    )
    if registered is not None:
        return registered
    candidates = session.scalars(
        select(Contract)
        .where(
            Contract.company_id == employee.company_id,
            Contract.kind == ContractKind.SANTE,
            Contract.signed_on.is_not(None),
            in_force(today),
        )
        .order_by(Contract.start_date.desc(), Contract.id)
    ).all()
    for contract in candidates:
        if contract.personnel_category == employee.personnel_category:
            return contract
    return candidates[0] if candidates else None


def contract_options(session: Session, contract: Contract) -> list[ContractOption]:
    """The options of ``contract``, the base plan first."""
    return list(
        session.scalars(
            select(ContractOption)
            .where(ContractOption.contract_id == contract.id)
            .order_by(ContractOption.is_base.desc(), ContractOption.monthly_contribution, ContractOption.id)
        )
    )


def offer(session: Session, employee: Employee, *, today: date) -> Offer:
    """The options the employee may choose, with their monthly contribution; ``OcsoError`` without one."""
    contract = _health_contract(session, employee, today)
    if contract is None:
        raise OcsoError(NO_CONTRACT)
    company = session.get(Company, employee.company_id)
    return Offer(
        contract_label=contract.label,
        company_name=company.name if company else "",
        options=_priced(contract, contract_options(session, contract)),
        needs_nir=employee.nir_enc is None,
    )


def _priced(contract: Contract, options: Sequence[ContractOption]) -> list[OptionOffer]:
    base = next((option for option in options if option.is_base), None)
    base_total = base.monthly_contribution if base else Decimal("0.00")
    base_own = split_contribution(base_total, employer_percent=contract.employer_share_percent).employee
    return [
        OptionOffer(
            id=option.id,
            code=option.code,
            label=option.label,
            is_base=option.is_base,
            monthly_contribution=option.monthly_contribution
            if option.is_base
            else base_total + option.monthly_contribution,
            employee_contribution=base_own if option.is_base else base_own + option.monthly_contribution,
        )
        for option in options
    ]


def priced_option(session: Session, contract: Contract, option_id: int) -> OptionOffer:
    """One option of ``contract`` with its contributions."""
    return next(o for o in _priced(contract, contract_options(session, contract)) if o.id == option_id)


# --- checking what was sent


def _compact_nir(typed: str) -> str:
    return re.sub(r"[\s.\-]", "", typed or "").upper()


def _check_person(
    index: int, typed: BeneficiaryInput, today: date, errors: dict[str, str]
) -> tuple[BeneficiaryQuality, str, str, date, str | None] | None:
    key = f"beneficiary.{index}."
    before = len(errors)
    quality = QUALITIES.get(typed.quality.strip())
    if quality is None:
        errors[key + "quality"] = BAD_QUALITY
    if typed.civility.strip() and typed.civility.strip() not in CIVILITIES:
        errors[key + "civility"] = BAD_CIVILITY
    # both stored in capitals (the first name by the enrolment), in columns of 80
    last_name, first_name = (
        cut_for_capitals(typed.last_name.strip(), 80),
        cut_for_capitals(typed.first_name.strip(), 80),
    )
    if not last_name:
        errors[key + "last_name"] = MISSING_LAST_NAME
    elif has_control(last_name):  # a NUL: PostgreSQL refuses it in the beneficiary's row
        errors[key + "last_name"] = bad_character("Nom")
    if not first_name:
        errors[key + "first_name"] = MISSING_FIRST_NAME
    elif has_control(first_name):
        errors[key + "first_name"] = bad_character("Prénom")
    birth: date | None = None
    try:
        birth = parse_day(typed.birth_date)
    except InvalidFilter:
        birth = None
    if birth is None or birth > today or birth.year < 1900:
        errors[key + "birth_date"] = refusals.BAD_BIRTH_DATE
    nir = _compact_nir(typed.nir) or None
    if nir is not None and not stdnum_nir.is_valid(nir):
        errors[key + "nir"] = refusals.BAD_NIR
    if len(errors) > before or quality is None or birth is None:
        return None
    return quality, last_name.upper(), first_name, birth, nir


def _check_people(typed: Sequence[BeneficiaryInput], today: date, errors: dict[str, str]) -> list[Person]:
    """The beneficiaries with their ranks: « CJ » for the spouse, « EA », « EB »… for the children from the
    eldest."""
    if len(typed) > MAX_BENEFICIARIES:
        errors["beneficiaries"] = TOO_MANY_BENEFICIARIES
        return []
    checked = [_check_person(index, person, today, errors) for index, person in enumerate(typed)]
    valid = [person for person in checked if person is not None]
    spouses = [person for person in valid if person[0] == BeneficiaryQuality.SPOUSE]
    if len(spouses) > 1:
        errors["beneficiaries"] = TWO_SPOUSES
    children = sorted((p for p in valid if p[0] == BeneficiaryQuality.CHILD), key=lambda p: p[3])
    ranked = [("CJ", p) for p in spouses[:1]] + list(zip(CHILD_RANKS, children, strict=False))
    return [Person(p[0], rank, p[1], p[2], p[3], p[4]) for rank, p in ranked]


def _check_bank(choice: EnrolmentChoice, errors: dict[str, str]) -> BankAccount | None:
    iban = stdnum_iban.compact(choice.iban or "")
    if refusal := refusals.iban_refusal(iban):
        errors["iban"] = refusal
    bic = stdnum_bic.compact(choice.bic or "")
    if not stdnum_bic.is_valid(bic):
        errors["bic"] = refusals.BAD_BIC
    if not choice.mandate_accepted:
        errors["mandate"] = MANDATE_NOT_ACCEPTED
    return None if {"iban", "bic", "mandate"} & errors.keys() else BankAccount(iban, bic)


def open_contract(session: Session, employee: Employee, today: date) -> Contract:
    """The santé contract of an employee still to affiliate; ``OcsoError`` otherwise."""
    if employee.status not in OPEN_STATUSES or employee.member_id is not None:
        raise OcsoError(NOT_PENDING)
    contract = _health_contract(session, employee, today)
    if contract is None:
        raise OcsoError(NO_CONTRACT)
    return contract


def check_choice(
    session: Session, employee: Employee, choice: EnrolmentChoice, *, today: date
) -> CheckedChoice:
    """Every field checked, every error gathered (``EnrolmentRefused``); nothing written."""
    contract = open_contract(session, employee, today)
    errors: dict[str, str] = {}
    option = next((o for o in contract_options(session, contract) if o.id == choice.option_id), None)
    if option is None:
        errors["option"] = BAD_OPTION
    nir = None
    if employee.nir_enc is None:
        nir = _compact_nir(choice.nir)
        if not stdnum_nir.is_valid(nir):
            errors["nir"] = MISSING_NIR if not nir else refusals.BAD_NIR
    people = _check_people(choice.beneficiaries, today, errors)
    account = _check_bank(choice, errors)
    if errors or option is None:
        raise EnrolmentRefused(errors)
    return CheckedChoice(option=option, contract=contract, people=people, account=account, nir=nir)
