"""The pré-affiliation of an employee (guide 003, « Affiliation simple », 4 steps): what HR types, checked
field by field with a French message for each, and the registering of the employee « en cours
d'affiliation » on the chosen contracts. The wizard and the mass import (one row = one ``PreAffiliation``)
both go through here.

The steps: identity (civilité, nom, prénom, date de naissance, NIR — its key checked by python-stdnum, and
its sex, year and month of birth consistent with the civilité and the birth date), contract (the
structure's signed contracts in force for one personnel category, the hiring date, the start of cover),
contact (e-mail, or a postal address so that the letter can be posted), and HR's choices (where the
dispense requests go, whether HR is told when the employee has finished).

Everything arrives as typed text (dates as jj/mm/aaaa or ISO), so a form and a CSV row are the same thing.
For a file of thousands of rows, load the ``Context`` of the structures once and ``check`` each row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import (
    AffiliationStatus,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Employee,
    EmployeeContract,
    InvitationChannel,
)
from ocso_app.models.search import fold
from ocso_app.services import affiliation_invitations, audit
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.employee_status import StatusAuthor, change_status
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_date
from ocso_app.services.identifiers import compact_nir, compact_postal_code, is_french_postal_code
from ocso_app.services.ids import parse_id
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.typed_text import bad_character, capitals_length, has_control

AUDIT_TYPE = "Affiliation"
CIVILITIES = ("M.", "Mme")
MAX_NAME = 80
MAX_ADDRESS = 200
MAX_CITY = 80
MIN_AGE = 14
MAX_AGE = 100
HIRING_HORIZON_DAYS = 366  # a hiring date may be typed ahead, up to a year

REQUIRED = "Ce champ est obligatoire."
BAD_CIVILITY = "Choisissez « M. » ou « Mme »."
NAME_TOO_LONG = f"Saisissez au plus {MAX_NAME} caractères."
BAD_NAME = "Saisissez des lettres (les tirets, apostrophes et espaces sont acceptés)."
BAD_DATE = "La date saisie n'est pas valide (jj/mm/aaaa)."
BIRTH_IN_FUTURE = "La date de naissance ne peut pas être dans le futur."
BAD_AGE = f"Le/la salarié(e) doit avoir entre {MIN_AGE} et {MAX_AGE} ans."
BAD_NIR = "Le numéro de sécurité sociale compte 15 caractères, clé comprise, et sa clé doit être juste."
NIR_CIVILITY = "Le numéro de sécurité sociale ne correspond pas à la civilité (1er chiffre)."
NIR_BIRTH = "Le numéro de sécurité sociale ne correspond pas à la date de naissance (année et mois)."
DUPLICATE_NIR = "Un(e) salarié(e) de la structure a déjà ce numéro de sécurité sociale."
DUPLICATE_PERSON = "Un(e) salarié(e) de la structure porte déjà ces nom, prénom et date de naissance."
NO_STRUCTURE = "Choisissez la structure du/de la salarié(e)."
NO_CATEGORY = "Choisissez la catégorie de personnel."
NO_CONTRACT = "Choisissez au moins un contrat de la structure pour cette catégorie de personnel."
BAD_CONTRACT = "Ce contrat n'est pas un contrat en vigueur de la structure pour cette catégorie."
HIRED_BEFORE_BIRTH = f"La date d'embauche doit suivre les {MIN_AGE} ans du/de la salarié(e)."
HIRED_TOO_LATE = "La date d'embauche est à plus d'un an d'aujourd'hui."
COVER_BEFORE_HIRING = "Le début de la couverture ne peut pas précéder la date d'embauche."
COVER_OUTSIDE_CONTRACT = "Le début de la couverture doit tomber pendant la durée du contrat {number}."
BAD_EMAIL = "Cette adresse e-mail n'est pas valide."
ADDRESS_NEEDED = (
    "Sans adresse e-mail, l'adresse postale est obligatoire : le courrier d'invitation y sera posté."
)
BAD_POSTAL_CODE = "Indiquez un code postal français : 5 chiffres, par exemple 33700."
TOO_LONG = "Ce texte est trop long."

_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$")
ACTIVE = (
    AffiliationStatus.PENDING,
    AffiliationStatus.TO_REMIND,
    AffiliationStatus.AFFILIATED,
    AffiliationStatus.EXEMPTED,
)


@dataclass(frozen=True)
class PreAffiliation:
    """What HR typed, as text. ``notify_email`` empty means HR does not want to be told when the employee
    has finished; ``cover_start_on`` empty means « from the hiring date »."""

    # 1. Identité
    civility: str = ""
    last_name: str = ""
    first_name: str = ""
    birth_date: str = ""
    nir: str = ""
    # 2. Contrat
    company_id: str = ""
    personnel_category: str = ""
    contract_ids: tuple[str, ...] = ()
    hired_on: str = ""
    cover_start_on: str = ""
    # 3. Coordonnées
    email: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    # 4. Récapitulatif: HR's choices
    dispense_email: str = ""
    notify_email: str = ""


STEPS: tuple[tuple[str, ...], ...] = (
    ("civility", "last_name", "first_name", "birth_date", "nir"),
    ("company_id", "personnel_category", "contract_ids", "hired_on", "cover_start_on"),
    ("email", "address_line", "postal_code", "city"),
    ("dispense_email", "notify_email"),
)
assert sorted(sum(STEPS, ())) == sorted(f.name for f in fields(PreAffiliation))


@dataclass(frozen=True)
class OpenContract:
    """A signed contract of one of the caller's structures, as step 2 offers it."""

    id: int
    company_id: int
    number: str
    label: str
    kind: str
    personnel_category: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class _Identity:
    """An active employee, for the duplicate checks (the NIR compact, in clear, in memory only)."""

    nir: str | None
    person: tuple[str, str, date]


@dataclass
class Context:
    """What the checks need about the structures, read once: their signed contracts still in force, and the
    identities of their active employees."""

    structure_ids: tuple[int, ...]
    contracts: dict[int, OpenContract]
    _nirs: dict[int, set[str]] = field(default_factory=dict)
    _people: dict[int, set[tuple[str, str, date]]] = field(default_factory=dict)

    def has_nir(self, company_id: int, nir: str) -> bool:
        return nir in self._nirs.get(company_id, set())

    def has_person(self, company_id: int, person: tuple[str, str, date]) -> bool:
        return person in self._people.get(company_id, set())


def _person_key(last_name: str, first_name: str, birth: date) -> tuple[str, str, date]:
    return (fold(last_name), fold(first_name), birth)


def open_contracts(session: Session, structure_ids: Sequence[int], today: date) -> list[OpenContract]:
    """The signed contracts of the structures that have not ended before ``today``, by number."""
    rows = session.scalars(
        select(Contract)
        .where(
            Contract.company_id.in_(structure_ids),
            Contract.signed_on.is_not(None),
            (Contract.end_date.is_(None)) | (Contract.end_date >= today),
        )
        .order_by(Contract.company_id, Contract.kind, Contract.number)
    )
    return [
        OpenContract(
            id=c.id,
            company_id=c.company_id,
            number=c.number,
            label=c.label,
            kind=str(c.kind),
            personnel_category=c.personnel_category,
            start_date=c.start_date,
            end_date=c.end_date,
        )
        for c in rows
    ]


def load_context(
    session: Session, structure_ids: Sequence[int], today: date, *, excluding: int | None = None
) -> Context:
    """The ``Context`` of ``structure_ids`` (one query for the contracts, one for the active employees but
    ``excluding``: the employee whose record is being edited)."""
    context = Context(
        structure_ids=tuple(structure_ids),
        contracts={c.id: c for c in open_contracts(session, structure_ids, today)},
    )
    rows = session.execute(
        select(
            Employee.company_id,
            Employee.nir_enc,
            Employee.last_name,
            Employee.first_name,
            Employee.birth_date,
        ).where(
            Employee.company_id.in_(structure_ids),
            Employee.status.in_(ACTIVE),
            Employee.id != (excluding or 0),
        )
    )
    for company_id, nir_enc, last_name, first_name, birth in rows:
        if nir_enc:
            nir = compact_nir(decrypt_field(nir_enc))
            if nir:
                context._nirs.setdefault(company_id, set()).add(nir)
        context._people.setdefault(company_id, set()).add(_person_key(last_name, first_name, birth))
    return context


def _day(text: str) -> date | None:
    """A typed date; ``None`` when empty; ``ValueError`` when unreadable."""
    try:
        return parse_day(text)
    except InvalidFilter as error:
        raise ValueError(BAD_DATE) from error


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _check_name(value: str) -> str | None:
    value = value.strip()
    if not value:
        return REQUIRED
    if capitals_length(value) > MAX_NAME:  # stored in capitals (the first name in the beneficiary's row)
        return NAME_TOO_LONG
    return None if _NAME.match(value) else BAD_NAME


def _check_identity(data: PreAffiliation, today: date, errors: dict[str, str]) -> None:
    if data.civility not in CIVILITIES:
        errors["civility"] = BAD_CIVILITY
    for name in ("last_name", "first_name"):
        message = _check_name(getattr(data, name))
        if message:
            errors[name] = message
    birth = _checked_date(data, "birth_date", errors, required=True)
    if birth is not None:
        if birth > today:
            errors["birth_date"] = BIRTH_IN_FUTURE
        elif not MIN_AGE <= _years_between(birth, today) <= MAX_AGE:
            errors["birth_date"] = BAD_AGE
    if not data.nir.strip():
        errors["nir"] = REQUIRED
        return
    nir = compact_nir(data.nir)
    if nir is None:
        errors["nir"] = BAD_NIR
    elif data.civility in CIVILITIES and nir[0] in "12" and nir[0] != ("1" if data.civility == "M." else "2"):
        errors["nir"] = NIR_CIVILITY
    elif birth is not None and "birth_date" not in errors and not _nir_fits_birth(nir, birth):
        errors["nir"] = NIR_BIRTH


def _nir_fits_birth(nir: str, birth: date) -> bool:
    """The NIR's year (2 digits) is the birth year's; its month too when it is a real month (01-12: a
    NIR given without the month carries 20 or more)."""
    if nir[1:3] != f"{birth.year % 100:02d}":
        return False
    month = int(nir[3:5])
    return not 1 <= month <= 12 or month == birth.month


def _checked_date(data: PreAffiliation, name: str, errors: dict[str, str], *, required: bool) -> date | None:
    try:
        day = _day(getattr(data, name))
    except ValueError as error:
        errors[name] = str(error)
        return None
    if day is None and required:
        errors[name] = REQUIRED
    return day


def _check_contract(data: PreAffiliation, context: Context, today: date, errors: dict[str, str]) -> None:
    company_id = parse_id(data.company_id)
    if company_id is None or company_id not in context.structure_ids:
        errors["company_id"] = NO_STRUCTURE
    category = data.personnel_category.strip()
    if not category:
        errors["personnel_category"] = NO_CATEGORY
    chosen = [context.contracts.get(parse_id(raw) or 0) for raw in data.contract_ids]
    if not chosen:
        errors["contract_ids"] = NO_CONTRACT
    elif any(c is None or c.company_id != company_id or c.personnel_category != category for c in chosen):
        errors["contract_ids"] = BAD_CONTRACT
    birth = _quiet_day(data.birth_date)
    hired = _checked_date(data, "hired_on", errors, required=True)
    if hired is not None:
        if birth is not None and _years_between(birth, hired) < MIN_AGE:
            errors["hired_on"] = HIRED_BEFORE_BIRTH
        elif (hired - today).days > HIRING_HORIZON_DAYS:
            errors["hired_on"] = HIRED_TOO_LATE
    cover = _checked_date(data, "cover_start_on", errors, required=False) or hired
    if cover is None or "cover_start_on" in errors:
        return
    if hired is not None and cover < hired:
        errors["cover_start_on"] = COVER_BEFORE_HIRING
        return
    for contract in chosen:
        if contract is not None and not (
            contract.start_date <= cover and (contract.end_date is None or cover <= contract.end_date)
        ):
            errors["cover_start_on"] = COVER_OUTSIDE_CONTRACT.format(number=contract.number)
            return


def _quiet_day(text: str) -> date | None:
    try:
        return _day(text)
    except ValueError:
        return None


def check_email(value: str, name: str, errors: dict[str, str], *, required: bool) -> None:
    """Add ``name``'s French message to ``errors`` when the typed address is missing (if ``required``) or
    cannot be an e-mail address."""
    value = value.strip()
    if not value:
        if required:
            errors[name] = REQUIRED
    elif not valid_email(value):
        errors[name] = BAD_EMAIL


def _check_contact(data: PreAffiliation, errors: dict[str, str]) -> None:
    check_email(data.email, "email", errors, required=False)
    by_post = not data.email.strip()
    for name, limit, label in (("address_line", MAX_ADDRESS, "Adresse"), ("city", MAX_CITY, "Ville")):
        value = getattr(data, name).strip()
        if (capitals_length(value) if name == "city" else len(value)) > limit:  # the city: in capitals
            errors[name] = TOO_LONG
        elif has_control(value):  # a NUL: PostgreSQL refuses it in the employee's row
            errors[name] = bad_character(label)
        elif by_post and not value:
            errors[name] = ADDRESS_NEEDED
    postal_code = compact_postal_code(data.postal_code)
    if postal_code and not is_french_postal_code(postal_code):
        errors["postal_code"] = BAD_POSTAL_CODE
    elif by_post and not postal_code:
        errors["postal_code"] = ADDRESS_NEEDED


def _check_duplicates(data: PreAffiliation, context: Context, errors: dict[str, str]) -> None:
    company_id = parse_id(data.company_id)
    if company_id is None:
        return
    nir = compact_nir(data.nir)
    if "nir" not in errors and nir and context.has_nir(company_id, nir):
        errors["nir"] = DUPLICATE_NIR
    birth = _quiet_day(data.birth_date)
    named = birth is not None and not ({"last_name", "first_name", "birth_date"} & errors.keys())
    if (
        named
        and birth
        and context.has_person(company_id, _person_key(data.last_name, data.first_name, birth))
    ):
        errors["last_name"] = DUPLICATE_PERSON


def check_personal(data: PreAffiliation, context: Context, today: date) -> dict[str, str]:
    """The checks of steps 1 and 3 only (identity, contact, duplicates): the fiche salarié(e)'s edit."""
    errors: dict[str, str] = {}
    _check_identity(data, today, errors)
    _check_contact(data, errors)
    _check_duplicates(data, context, errors)
    return errors


def check(data: PreAffiliation, context: Context, today: date) -> dict[str, str]:
    """Every field's problem, in French (empty when all is right), against an already-loaded ``Context``."""
    errors: dict[str, str] = {}
    _check_identity(data, today, errors)
    _check_contract(data, context, today, errors)
    _check_contact(data, errors)
    check_email(data.dispense_email, "dispense_email", errors, required=True)
    check_email(data.notify_email, "notify_email", errors, required=False)
    _check_duplicates(data, context, errors)
    return errors


def validate(
    session: Session, structure_ids: Sequence[int], data: PreAffiliation, today: date
) -> dict[str, str]:
    """Every field's problem, in French: empty when ``data`` may be registered on one of ``structure_ids``
    (the caller's structures allowing affiliation)."""
    return check(data, load_context(session, structure_ids, today), today)


def errors_of_step(errors: dict[str, str], step: int) -> dict[str, str]:
    """The part of ``errors`` about the fields of wizard step ``step`` (0-based)."""
    return {name: message for name, message in errors.items() if name in STEPS[step]}


class InvalidPreAffiliation(OcsoError):
    """``register`` was given data that ``validate`` would refuse."""


def parse_typed_day(text: str) -> date:
    """A typed date already checked (``validate``); ``InvalidPreAffiliation`` when it is not one."""
    day = _quiet_day(text)
    if day is None:
        raise InvalidPreAffiliation(BAD_DATE)
    return day


def _optional(text: str) -> str | None:
    return text.strip() or None


def _fixed_options(session: Session, contract_ids: Iterable[int]) -> dict[int, int]:
    """contract → its base option, for the chosen contracts whose option nobody chooses (prévoyance: the
    employee chooses only their santé option, ``enrolment_choice``)."""
    rows = session.execute(
        select(ContractOption.contract_id, ContractOption.id)
        .join(Contract, Contract.id == ContractOption.contract_id)
        .where(
            ContractOption.contract_id.in_(list(contract_ids)),
            Contract.kind != ContractKind.SANTE,
            ContractOption.is_base.is_(True),
        )
        .order_by(ContractOption.id)
    )
    fixed: dict[int, int] = {}
    for contract_id, option_id in rows:
        fixed.setdefault(contract_id, option_id)
    return fixed


def register(
    session: Session,
    data: PreAffiliation,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> Employee:
    """Register the employee of validated ``data``: the ``Employee`` « en cours d'affiliation » (its history's
    first line by ``by``), one ``EmployeeContract`` per chosen contract from the start of cover (no santé
    option yet: the employee chooses it, or a dispense withdraws it, ``dispense_cover``; a prévoyance
    contract's is its base option, nobody chooses it), the
    NIR encrypted, and an audit row. The caller has run ``validate`` on
    the caller's structures, invites the employee (``invite``) and commits."""
    company_id = parse_id(data.company_id)
    nir = compact_nir(data.nir)
    contract_ids = [parse_id(raw) for raw in data.contract_ids]
    if company_id is None or nir is None or not contract_ids or None in contract_ids:
        raise InvalidPreAffiliation(REQUIRED)
    hired = parse_typed_day(data.hired_on)
    cover = _quiet_day(data.cover_start_on) or hired
    employee = Employee(
        company_id=company_id,
        civility=data.civility,
        last_name=data.last_name.strip().upper(),
        first_name=data.first_name.strip(),
        birth_date=parse_typed_day(data.birth_date),
        nir_enc=encrypt_field(nir),
        email=_optional(data.email.lower()),
        address_line=_optional(data.address_line),
        postal_code=_optional(compact_postal_code(data.postal_code)),
        city=_optional(data.city.upper()),
        personnel_category=data.personnel_category.strip(),
        hired_on=hired,
        cover_start_on=cover,
        dispense_email=data.dispense_email.strip().lower(),
        notify_hr_email=_optional(data.notify_email.lower()),
        invited_by_account_id=by.account_id,
        status=AffiliationStatus.PENDING,
    )
    session.add(employee)
    session.flush()
    fixed = _fixed_options(session, _unique(contract_ids))
    for contract_id in _unique(contract_ids):
        session.add(
            EmployeeContract(
                employee_id=employee.id,
                contract_id=contract_id,
                option_id=fixed.get(contract_id),
                start_date=cover,
            )
        )
    on = paris_date(now)  # the day in France: from midnight to 1 or 2 a.m. it is still yesterday in UTC
    change_status(session, employee, AffiliationStatus.PENDING, on=on, by=by, note="Pré-affiliation")
    company = session.get(Company, company_id)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company_id),
        event_type=AUDIT_TYPE,
        action=(
            f"Pré-affiliation de {employee.first_name} {employee.last_name} "
            f"({company.name if company else company_id})"
        ),
    )
    session.flush()
    return employee


def invite(
    session: Session, employee: Employee, *, actor: audit.Actor, now: datetime
) -> affiliation_invitations.Invited:
    """« Envoyer l'invitation » of the employee just registered: the e-mail with their personal link (sent
    once the caller commits), audited by ``actor`` on the structure as a relance is; without an address,
    the letter HR posts (audited when HR downloads it)."""
    invited = affiliation_invitations.invite(session, employee, now=now)
    if invited.channel == InvitationChannel.EMAIL:
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=employee.company_id),
            event_type=AUDIT_TYPE,
            action=f"Invitation par e-mail du/de la salarié(e) n° {employee.id}",
        )
    return invited


def _unique(ids: Iterable[int | None]) -> list[int]:
    return list(dict.fromkeys(i for i in ids if i is not None))
