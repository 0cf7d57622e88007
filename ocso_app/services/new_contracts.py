"""« Ajouter un contrat » to a company's file (Espace OCSO): a santé contract gets the catalog's base plan and
option, a prévoyance contract the provident plan, each with its guarantee table and its monthly contribution
(``contract_plans``), so that it works everywhere a seeded contract does: Entreprise, the pré-affiliation,
the employee's choice of option, the member's guarantees. Its number follows the demo's (« CS-2027-100042 »:
santé or prévoyance, the year of effect, the company's numéro client), made unique by a suffix; two agents
adding one to the same company at once both find the same number free, and the second gets the next
(``unique_numbers``). Only a contract whose signed copy came back (« signé le ») shows to the employer.
Every field is checked (one French message per wrong field, nothing written) and the addition is audited
with the agent's account."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import count

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company, Contract, ContractKind
from ocso_app.services import audit
from ocso_app.services.contract_plans import add_catalog_options
from ocso_app.services.contracts import KIND_LABELS
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import parse_percent
from ocso_app.services.new_clients import typed_fields
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.unique_numbers import write_with_free_number

EVENT_TYPE = "Contrat"
NOT_FOUND = "Cette entreprise n'existe pas."
BAD_KIND = "Choisissez le type de contrat : Santé ou Prévoyance."
LABEL_REQUIRED = "Indiquez le libellé du contrat (120 caractères au plus)."
INSURER_REQUIRED = "Indiquez l'organisme assureur (120 caractères au plus)."
CATEGORY_REQUIRED = "Indiquez la catégorie de personnel couverte (80 caractères au plus)."
BAD_START = "Indiquez la date d'effet au format jj/mm/aaaa."
BAD_SHARE = "Indiquez la part employeur en pourcentage, de 0 à 100 (par exemple 50 ou 62,5)."
BAD_SIGNED = (
    "Indiquez la date de signature au format jj/mm/aaaa, au plus tard aujourd'hui, ou laissez-la vide."
)
ADDED = "Contrat {number} ajouté : {label}."
NUMBERS_EXHAUSTED = "Aucun numéro de contrat libre n'a pu être attribué : réessayez."
YEARS_AROUND = 30  # a date of effect this far from today is a typing mistake
PREFIXES = {ContractKind.SANTE: "CS", ContractKind.PREVOYANCE: "CP"}


@dataclass(frozen=True)
class ContractForm:
    """The form as typed (the state cuts each field to a sane length); ``kind`` is « sante » or
    « prevoyance »."""

    kind: str
    label: str
    insurer: str
    personnel_category: str
    start: str
    employer_share: str
    signed_on: str = ""


# the form's fields, as the page names them (each refusal is shown under its field)
FIELDS = {
    "kind": "type_contrat",
    "label": "libelle",
    "insurer": "assureur",
    "category": "categorie",
    "start": "date_effet",
    "share": "part_employeur",
    "signed": "signe_le",
}
KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in ContractKind]


def typed_contract(form: Mapping[str, object]) -> ContractForm:
    """The page's form (named as ``FIELDS``) as typed."""
    typed = typed_fields(form, FIELDS)
    return ContractForm(
        kind=typed["kind"],
        label=typed["label"],
        insurer=typed["insurer"],
        personnel_category=typed["category"],
        start=typed["start"],
        employer_share=typed["share"],
        signed_on=typed["signed"],
    )


def _text(typed: str, most: int, key: str, message: str, errors: dict[str, str]) -> str:
    text = " ".join((typed or "").split())
    if not text or len(text) > most or re.search(r"[\x00-\x1f\x7f]", text):
        errors[FIELDS[key]] = message
    return text


def _day(typed: str, today: date) -> date | None:
    """The date typed, ``None`` when empty or not a date within ``YEARS_AROUND`` years of today."""
    try:
        day = parse_day(typed)
    except InvalidFilter:
        return None
    return day if day is not None and abs(day.year - today.year) <= YEARS_AROUND else None


def _checked(form: ContractForm, company_id: int, today: date) -> Contract:
    errors: dict[str, str] = {}
    kind = ContractKind(form.kind) if form.kind in set(ContractKind) else None
    if kind is None:
        errors[FIELDS["kind"]] = BAD_KIND
    label = _text(form.label, 120, "label", LABEL_REQUIRED, errors)
    insurer = _text(form.insurer, 120, "insurer", INSURER_REQUIRED, errors)
    category = _text(form.personnel_category, 80, "category", CATEGORY_REQUIRED, errors)
    start = _day(form.start, today)
    if start is None:
        errors[FIELDS["start"]] = BAD_START
    share = parse_percent(form.employer_share)
    if share is None:
        errors[FIELDS["share"]] = BAD_SHARE
    signed = _day(form.signed_on, today) if (form.signed_on or "").strip() else None
    if (form.signed_on or "").strip() and (signed is None or signed > today):
        errors[FIELDS["signed"]] = BAD_SIGNED
    if errors or kind is None or start is None or share is None:
        raise FieldsRefused(errors)
    return Contract(
        company_id=company_id,
        kind=kind,
        number="",
        label=label,
        insurer=insurer,
        personnel_category=category,
        start_date=start,
        end_date=None,
        signed_on=signed,
        employer_share_percent=share,
    )


def _taken_numbers(session: Session, base: str) -> set[str]:
    """The contract numbers starting with ``base``."""
    return set(session.scalars(select(Contract.number).where(Contract.number.startswith(base))))


def _free_numbers(session: Session, kind: ContractKind, start: date, client_number: str) -> Iterator[str]:
    """« CS-2027-100042 », then « CS-2027-100042-2 »…: the numbers of the company's next contract of that
    kind and year that no contract holds, in order."""
    base = f"{PREFIXES[kind]}-{start.year}-{client_number.removeprefix('C')}"
    taken = _taken_numbers(session, base)
    for suffix in count(1):
        if (candidate := base if suffix == 1 else f"{base}-{suffix}") not in taken:
            yield candidate


def add_contract(
    session: Session, *, actor: audit.Actor, company_id: int, form: ContractForm, today: date
) -> str:
    """« Ajouter le contrat »: checked, written with the catalog's options and guarantee tables, audited;
    returns the confirmation. ``FieldsRefused`` (one message per wrong field) or ``OcsoError`` (no such
    company, no free number): nothing written."""
    company = session.get(Company, company_id)
    if company is None:
        raise OcsoError(NOT_FOUND)
    contract = _checked(form, company.id, today)
    numbers = _free_numbers(session, contract.kind, contract.start_date, company.client_number)
    write_with_free_number(session, contract, "number", numbers, exhausted=NUMBERS_EXHAUSTED)
    add_catalog_options(session, contract_id=contract.id, kind=contract.kind)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Ajout du contrat {KIND_LABELS[contract.kind].lower()} {contract.number} ({contract.label}) "
        f"à {company.name} (n° client {company.client_number})",
    )
    return ADDED.format(number=contract.number, label=contract.label)
