"""Turning a pending employee into a member (guide 003, « affiliation »): the option of their company's santé
contract, their beneficiaries, their bank details and SEPA mandate, then a new numéro d'adhérent, the
beneficiary rows (the member's own « AS » row, « CJ » for the spouse, « EA », « EB »… for the children, as in
the demo data), the registration's option, the status « affilié(e) », the welcome e-mail that leads to the
Espace Santé Assuré's registration, and HR's notification when HR asked for it.

The employee does it on their affiliation page, or HR for them (affiliation complète, or « forcer
l'affiliation au régime de base »: the base option, no beneficiary, no bank details). Everything the browser
sent is checked first, each field with its French message, and nothing is written when one is wrong.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from ocso_app import routes
from ocso_app.config import settings
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
from ocso_app.services import affiliation_invitations, audit, uploads
from ocso_app.services.care_catalog import money
from ocso_app.services.contracts import in_force
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.employee_status import StatusAuthor, change_status
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import format_money, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.requests import refusals
from ocso_app.services.sepa_mandate import BankAccount, sign_mandate

EVENT_TYPE = "Affiliation"
MAX_BENEFICIARIES = 10
CHILD_RANKS = tuple(f"E{letter}" for letter in "ABCDEFGHIJ")
CIVILITIES = ("M.", "Mme")
QUALITIES = {"conjoint": BeneficiaryQuality.SPOUSE, "enfant": BeneficiaryQuality.CHILD}
OPEN_STATUSES = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)
_NUMBER_TRIES = 20

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
NUMBERS_EXHAUSTED = "Aucun numéro d'adhérent libre n'a pu être attribué : réessayez."


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
class Enrolled:
    """The new member: what the confirmation screen and the e-mails say."""

    member_id: int
    member_number: str
    option_label: str
    monthly_label: str  # the employee's part
    mandate_reference: str | None
    register_url: str


@dataclass(frozen=True)
class _Person:
    quality: BeneficiaryQuality
    rank: str
    last_name: str
    first_name: str
    birth_date: date
    nir: str | None


@dataclass
class _Checked:
    option: ContractOption
    contract: Contract
    people: list[_Person] = field(default_factory=list)
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


def _options(session: Session, contract: Contract) -> list[ContractOption]:
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
        options=_priced(contract, _options(session, contract)),
        needs_nir=employee.nir_enc is None,
    )


def _priced(contract: Contract, options: Sequence[ContractOption]) -> list[OptionOffer]:
    base = next((option for option in options if option.is_base), None)
    base_total = base.monthly_contribution if base else Decimal("0.00")
    base_own = money(base_total * (100 - contract.employer_share_percent) / 100)
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
    return next(o for o in _priced(contract, _options(session, contract)) if o.id == option_id)


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
    last_name, first_name = typed.last_name.strip()[:80], typed.first_name.strip()[:80]
    if not last_name:
        errors[key + "last_name"] = MISSING_LAST_NAME
    if not first_name:
        errors[key + "first_name"] = MISSING_FIRST_NAME
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


def _check_people(typed: Sequence[BeneficiaryInput], today: date, errors: dict[str, str]) -> list[_Person]:
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
    return [_Person(p[0], rank, p[1], p[2], p[3], p[4]) for rank, p in ranked]


def _check_bank(choice: EnrolmentChoice, errors: dict[str, str]) -> BankAccount | None:
    iban = stdnum_iban.compact(choice.iban or "")
    if not stdnum_iban.is_valid(iban):
        errors["iban"] = refusals.BAD_IBAN
    bic = stdnum_bic.compact(choice.bic or "")
    if not stdnum_bic.is_valid(bic):
        errors["bic"] = refusals.BAD_BIC
    if not choice.mandate_accepted:
        errors["mandate"] = MANDATE_NOT_ACCEPTED
    return None if {"iban", "bic", "mandate"} & errors.keys() else BankAccount(iban, bic)


def _open_contract(session: Session, employee: Employee, today: date) -> Contract:
    if employee.status not in OPEN_STATUSES or employee.member_id is not None:
        raise OcsoError(NOT_PENDING)
    contract = _health_contract(session, employee, today)
    if contract is None:
        raise OcsoError(NO_CONTRACT)
    return contract


def check_choice(session: Session, employee: Employee, choice: EnrolmentChoice, *, today: date) -> _Checked:
    """Every field checked, every error gathered (``EnrolmentRefused``); nothing written."""
    contract = _open_contract(session, employee, today)
    errors: dict[str, str] = {}
    option = next((o for o in _options(session, contract) if o.id == choice.option_id), None)
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
    return _Checked(option=option, contract=contract, people=people, account=account, nir=nir)


# --- writing


def _number_taken(session: Session, number: str) -> bool:
    return bool(session.scalar(select(exists().where(Member.member_number == number))))


def new_member_number() -> str:
    """A random 6-digit numéro d'adhérent (as the demo data draws them)."""
    return f"{secrets.randbelow(999_999) + 1:06d}"


def add_member_with_new_number(session: Session, member: Member) -> Member:
    """Give ``member`` a free numéro d'adhérent and insert it. Two enrolments at once may draw the same
    free number: the unique constraint refuses the second, whose savepoint is rolled back, and it draws
    again."""
    for _ in range(_NUMBER_TRIES):
        number = new_member_number()
        if _number_taken(session, number):
            continue
        member.member_number = number
        try:
            with session.begin_nested():
                session.add(member)
                session.flush()
        except IntegrityError:
            continue
        return member
    raise OcsoError(NUMBERS_EXHAUSTED)


def _member(employee: Employee, checked: _Checked, adhesion: date) -> Member:
    nir_enc = employee.nir_enc or (encrypt_field(checked.nir) if checked.nir else None)
    return Member(
        member_number="",
        civility=employee.civility,
        first_name=employee.first_name,
        last_name=employee.last_name.upper(),
        birth_date=employee.birth_date,
        nir_enc=nir_enc,
        email=employee.email,
        address_line=employee.address_line or "",
        postal_code=employee.postal_code or "",
        city=employee.city or "",
        iban_enc=encrypt_field(checked.account.iban) if checked.account else None,
        bic=checked.account.bic if checked.account else None,
        adhesion_date=adhesion,
        contract_option_id=checked.option.id,
    )


def _beneficiaries(
    member: Member, employee: Employee, people: list[_Person], adhesion: date
) -> list[Beneficiary]:
    own = Beneficiary(
        member_id=member.id,
        rank="AS",
        quality=BeneficiaryQuality.MEMBER,
        first_name=employee.first_name.upper(),
        last_name=employee.last_name.upper(),
        birth_date=employee.birth_date,
        nir_enc=member.nir_enc,
        adhesion_date=adhesion,
    )
    return [own] + [
        Beneficiary(
            member_id=member.id,
            rank=person.rank,
            quality=person.quality,
            first_name=person.first_name.upper(),
            last_name=person.last_name,
            birth_date=person.birth_date,
            nir_enc=encrypt_field(person.nir) if person.nir else None,
            adhesion_date=max(adhesion, person.birth_date),
        )
        for person in people
    ]


def _register_option(session: Session, employee: Employee, checked: _Checked, adhesion: date) -> None:
    registration = session.scalar(
        select(EmployeeContract).where(
            EmployeeContract.employee_id == employee.id, EmployeeContract.contract_id == checked.contract.id
        )
    )
    if registration is None:
        registration = EmployeeContract(
            employee_id=employee.id, contract_id=checked.contract.id, start_date=adhesion
        )
        session.add(registration)
    registration.option_id = checked.option.id


def register_url() -> str:
    """Where the new member creates their Espace Santé Assuré account."""
    return f"{settings().public_url}{routes.MEMBER_REGISTER}"


def _mail(session: Session, employee: Employee, enrolled: Enrolled, company_name: str) -> None:
    name = f"{employee.first_name} {employee.last_name.upper()}"
    if employee.email:
        send_after_commit(
            session,
            to=employee.email,
            subject="Bienvenue : votre affiliation à la complémentaire santé est enregistrée",
            text=(
                f"Bonjour {name},\n\n"
                f"Votre affiliation au contrat de complémentaire santé de {company_name} est enregistrée.\n\n"
                f"Votre numéro d'adhérent : {enrolled.member_number}\n"
                f"Votre option : {enrolled.option_label}\n"
                f"Votre cotisation : {enrolled.monthly_label} par mois\n\n"
                "Créez votre Espace Santé Assuré pour suivre vos remboursements et télécharger votre carte "
                "de tiers payant : ouvrez la page ci-dessous, cliquez sur « S'inscrire » et saisissez votre "
                "numéro d'adhérent, votre date de naissance et votre numéro de Sécurité sociale.\n\n"
                f"{enrolled.register_url}\n\n"
                "L'équipe OCSO – 05 56 34 36 66 – support@ocso.fr"
            ),
        )
    if employee.notify_hr_email:
        send_after_commit(
            session,
            to=employee.notify_hr_email,
            subject=f"Affiliation finalisée : {name}",
            text=(
                "Bonjour,\n\n"
                f"L'affiliation de {name} au contrat de complémentaire santé de {company_name} est finalisée "
                f"(option {enrolled.option_label}).\n\n"
                f"Retrouvez sa fiche dans « Mes salarié(e)s » : {settings().public_url}"
                f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee.id}\n\n"
                "L'équipe OCSO"
            ),
        )


def _enrol(
    session: Session,
    employee: Employee,
    checked: _Checked,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
    note: str,
) -> Enrolled:
    today = paris_date(now)
    adhesion = employee.cover_start_on or today
    member = add_member_with_new_number(session, _member(employee, checked, adhesion))
    stored: list[str] = []  # the mandate's PDF, removed if anything after it fails
    with uploads.removed_on_failure(stored):
        session.add_all(_beneficiaries(member, employee, checked.people, adhesion))
        _register_option(session, employee, checked, adhesion)
        mandate = None
        if checked.account is not None:
            mandate = sign_mandate(session, member=member, account=checked.account, signed_at=now)
            stored.append(mandate.storage_key)
        employee.member_id = member.id
        employee.affiliated_on = adhesion
        if checked.nir and employee.nir_enc is None:
            employee.nir_enc = member.nir_enc
        change_status(session, employee, AffiliationStatus.AFFILIATED, on=today, by=by, note=note)
        affiliation_invitations.spend_all(session, employee.id, now=now)
        company = session.get(Company, employee.company_id)
        enrolled = Enrolled(
            member_id=member.id,
            member_number=member.member_number,
            option_label=checked.option.label,
            monthly_label=priced_option(session, checked.contract, checked.option.id).employee_label,
            mandate_reference=mandate.reference if mandate else None,
            register_url=register_url(),
        )
        audit.record(
            session,
            event_type=EVENT_TYPE,
            action=(
                f"{note} : {employee.first_name} {employee.last_name.upper()}, adhérent n° "
                f"{member.member_number}, option {checked.option.label}, "
                f"{len(checked.people)} bénéficiaire(s)"
                + (f", mandat SEPA {mandate.reference}" if mandate else "")
            ),
            account_id=actor.account_id,
            member_id=member.id,
            company_id=employee.company_id,
            interface=actor.interface,
            ip_address=actor.ip_address,
        )
        _mail(session, employee, enrolled, company.name if company else "")
        session.flush()
    return enrolled


def complete_affiliation(
    session: Session,
    employee: Employee,
    choice: EnrolmentChoice,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> Enrolled:
    """Affiliate ``employee`` as chosen (by them on their page, or by HR: affiliation complète), in the
    caller's transaction; ``EnrolmentRefused`` (per field) or ``OcsoError`` with nothing written."""
    checked = check_choice(session, employee, choice, today=paris_date(now))
    return _enrol(session, employee, checked, by=by, actor=actor, now=now, note="Affiliation")


def force_base(
    session: Session, employee: Employee, *, by: StatusAuthor, actor: audit.Actor, now: datetime
) -> Enrolled:
    """HR's « forcer l'affiliation au régime de base »: the base option, no beneficiary, no bank details
    (so no mandate); ``OcsoError``, nothing written, when the employee is not pending or has no contract."""
    contract = _open_contract(session, employee, paris_date(now))
    base = next((o for o in _options(session, contract) if o.is_base), None)
    if base is None:
        raise OcsoError(NO_CONTRACT)
    checked = _Checked(option=base, contract=contract)
    return _enrol(
        session, employee, checked, by=by, actor=actor, now=now, note="Affiliation forcée au régime de base"
    )


def pending_employee(session: Session, employee_id: int, company_ids: Sequence[int]) -> Employee | None:
    """The employee ``employee_id`` if they belong to one of ``company_ids`` and are still to affiliate."""
    return session.scalar(
        select(Employee).where(
            Employee.id == employee_id,
            Employee.company_id.in_(list(company_ids)),
            or_(*(Employee.status == status for status in OPEN_STATUSES)),
            Employee.member_id.is_(None),
        )
    )
