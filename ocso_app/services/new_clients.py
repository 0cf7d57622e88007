"""« Nouvelle entreprise » (Espace OCSO): OCSO onboards a client company, or one of its établissements, in its
own back-office. The company gets a numéro client in the demo's format (``C`` and six digits; two agents
creating companies at once may find the same one free, and the second then gets the next, ``unique_numbers``)
and a code de sécurité kept hashed that nobody reads: the agent then downloads, from the company's file, the
letter with a new code to post (``security_codes``), which the company's HR types with the numéro client and
the SIREN to open its Espace Employeur. Every field is checked (one French message per wrong field, nothing
written) and the creation is audited with the agent's account."""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import count

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from stdnum.fr import siren as siren_number

from ocso_app.models import Company
from ocso_app.services import audit
from ocso_app.services.contact_details import checked_postal_address
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.employer_accounts import BAD_PHONE, normalize_phone
from ocso_app.services.errors import FieldsRefused
from ocso_app.services.passwords import hash_password
from ocso_app.services.registration import BAD_EMAIL
from ocso_app.services.security_codes import canonical_code, new_code
from ocso_app.services.typed_text import capitals_length, has_control
from ocso_app.services.unique_numbers import write_with_free_number

EVENT_TYPE = "Entreprise cliente"
MAX_NAME = 120
NAME_REQUIRED = f"Indiquez la raison sociale ({MAX_NAME} caractères au plus)."
BAD_SIREN = "Le SIREN compte 9 chiffres, clé comprise : recopiez-le depuis l'extrait Kbis ou l'avis INSEE."
SIREN_TAKEN = (
    "Une entreprise cliente a déjà ce SIREN (n° client {number}) : pour un de ses établissements, indiquez "
    "ce numéro client dans « Établissement de »."
)
UNKNOWN_PARENT = "Aucune entreprise cliente ne porte ce numéro client."
PARENT_IS_ETABLISSEMENT = (
    "Ce numéro client est celui d'un établissement de {name} : indiquez celui de l'entreprise, {number}."
)
OTHER_SIREN = "Un établissement a le SIREN de son entreprise : {siren}."
NUMBERS_EXHAUSTED = "Aucun numéro client libre n'a pu être attribué : réessayez."
FIRST_NUMBER = 100_000  # « C100001 »: the demo's generated companies' numbers, after the personas' ones


@dataclass(frozen=True)
class CompanyForm:
    """The form as typed (the state cuts each field to a sane length)."""

    name: str
    siren: str
    address_line: str
    postal_code: str
    city: str
    phone: str
    email: str = ""
    parent_number: str = ""  # « Établissement de »: the numéro client of an existing company


@dataclass(frozen=True)
class CreatedCompany:
    """The new company, for the page to open its file."""

    company_id: int
    client_number: str
    name: str


# the form's fields, as the page names them (each refusal is shown under its field)
FIELDS = {
    "name": "raison_sociale",
    "siren": "siren",
    "line": "adresse",
    "postal_code": "code_postal",
    "city": "ville",
    "phone": "telephone",
    "email": "email",
    "parent": "etablissement_de",
}


def typed_fields(form: Mapping[str, object], fields: Mapping[str, str]) -> dict[str, str]:
    """A page's form as typed, by key of ``fields`` (key → the field's name), each cut to a sane length."""
    return {key: str(form.get(name, ""))[:200] for key, name in fields.items()}


def typed_company(form: Mapping[str, object]) -> CompanyForm:
    """The page's form (named as ``FIELDS``) as typed."""
    typed = typed_fields(form, FIELDS)
    return CompanyForm(
        name=typed["name"],
        siren=typed["siren"],
        address_line=typed["line"],
        postal_code=typed["postal_code"],
        city=typed["city"],
        phone=typed["phone"],
        email=typed["email"],
        parent_number=typed["parent"],
    )


def _parent(session: Session, typed: str, errors: dict[str, str]) -> Company | None:
    number = typed.strip().upper()
    if not number:
        return None
    parent = (
        None
        if has_control(number)
        else session.scalar(select(Company).where(Company.client_number == number))
    )
    if parent is None:
        errors[FIELDS["parent"]] = UNKNOWN_PARENT
    elif parent.parent_id is not None:
        # structures hang one level below their company: its file, the bordereaux and the indemnités
        # journalières imports read that one level, and would miss an établissement of an établissement
        head = session.get(Company, parent.parent_id)
        errors[FIELDS["parent"]] = PARENT_IS_ETABLISSEMENT.format(
            name=head.name if head else "", number=head.client_number if head else ""
        )
    return parent


def _siren(session: Session, typed: str, parent: Company | None, errors: dict[str, str]) -> str:
    siren = siren_number.compact(typed or "")
    if not siren_number.is_valid(siren):
        errors[FIELDS["siren"]] = BAD_SIREN
    elif parent is not None and parent.siren != siren:
        errors[FIELDS["siren"]] = OTHER_SIREN.format(siren=siren_number.format(parent.siren))
    elif parent is None:
        holder = session.scalar(
            select(Company.client_number).where(Company.siren == siren, Company.parent_id.is_(None)).limit(1)
        )
        if holder is not None:
            errors[FIELDS["siren"]] = SIREN_TAKEN.format(number=holder)
    return siren


def _checked(session: Session, form: CompanyForm) -> tuple[Company, Company | None]:
    """The company to add (not added yet) and its parent, or ``FieldsRefused`` with every wrong field."""
    errors: dict[str, str] = {}
    name = " ".join((form.name or "").split())
    if not name or capitals_length(name) > MAX_NAME or re.search(r"[\x00-\x1f\x7f]", name):
        errors[FIELDS["name"]] = NAME_REQUIRED
    parent = _parent(session, form.parent_number or "", errors)
    siren = _siren(session, form.siren, parent, errors)
    address, wrong = checked_postal_address(form.address_line, form.postal_code, form.city)
    errors |= {FIELDS[part]: message for part, message in wrong.items()}
    phone = normalize_phone(form.phone)
    if phone is None:
        errors[FIELDS["phone"]] = BAD_PHONE
    email = (form.email or "").strip().lower()
    if email and not valid_email(email):
        errors[FIELDS["email"]] = BAD_EMAIL
    if errors:
        raise FieldsRefused(errors)
    company = Company(
        client_number=f"N{secrets.token_hex(5)}",  # until its id gives its number
        siren=siren,
        name=name.upper(),
        security_code_hash=hash_password(canonical_code(new_code())),
        parent_id=parent.id if parent else None,
        address_line=address.line,
        postal_code=address.postal_code,
        city=address.city,
        phone=phone,
        email=email or None,
    )
    return company, parent


def _number_taken(session: Session, number: str) -> bool:
    return bool(session.scalar(select(exists().where(Company.client_number == number))))


def _free_client_numbers(session: Session, company_id: int) -> Iterator[str]:
    """``C`` and six digits from the company's id (the demo's volume does the same), then the next ones, that
    no company holds (one may have kept another's)."""
    for candidate in count(FIRST_NUMBER + company_id):
        number = f"C{candidate:06d}"
        if not _number_taken(session, number):
            yield number


def create_company(session: Session, *, actor: audit.Actor, form: CompanyForm) -> CreatedCompany:
    """« Créer l'entreprise »: checked, written with a fresh code de sécurité (hashed, never shown) and
    audited. ``FieldsRefused`` (one message per wrong field) or ``OcsoError`` (no free numéro client):
    nothing written."""
    company, parent = _checked(session, form)
    session.add(company)
    session.flush()
    numbers = _free_client_numbers(session, company.id)
    write_with_free_number(session, company, "client_number", numbers, exhausted=NUMBERS_EXHAUSTED)
    of = f", établissement de {parent.name} (n° client {parent.client_number})" if parent else ""
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Création de l'entreprise {company.name} (n° client {company.client_number}, SIREN "
        f"{company.siren}){of}",
    )
    return CreatedCompany(company.id, company.client_number, company.name)
