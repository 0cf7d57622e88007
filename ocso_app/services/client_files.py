"""The staff's « Rechercher un dossier »: find a member or a company by number or name, and read their file.

- A member by numéro d'adhérent (6 digits) or by name, « nom prénom » in any order, accents and case
  ignored (the folded ``Member.search_name``); a company by numéro client, SIREN or name.
- A member's file: identity (NIR and IBAN masked), contract and option, beneficiaries, démarches. Opening it
  is audited.
- A member's **health data** (décomptes, documents) is shown only once the staff member has picked why they
  look at it (:data:`REASONS`): the view and its reason are written to the audit log, with who looked, in the
  member's history.
- A company's file: identity, structures, contracts, employer users and their profiles; opening it is audited.

Every function takes the ids the staff guard allowed; the caller's role is checked by the guard (members:
``VIEW_MEMBER_FILE``, companies: ``VIEW_COMPANY_FILE``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import (
    Account,
    AccountKind,
    Beneficiary,
    BeneficiaryQuality,
    Company,
    Contract,
    ContractOption,
    Document,
    EmployerGrant,
    Member,
    Request,
    Statement,
)
from ocso_app.services import audit, company_documents
from ocso_app.services.company_documents import COMPANY_CATEGORIES
from ocso_app.services.contracts import ContributionRow
from ocso_app.services.contracts import contributions as bordereaux
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.employees import KIND_LABELS
from ocso_app.services.employer_accounts import PROFILE_LABELS
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import (
    counted,
    format_long_date,
    format_money,
    format_phone,
    format_short_date,
    paris_date,
)
from ocso_app.services.members import mask_iban, mask_nir
from ocso_app.services.publishing import MEMBER_CATEGORIES
from ocso_app.services.requests.labels import STATUS_LABELS
from ocso_app.services.requests.queue import request_href
from ocso_app.services.sick_leaves import AllowanceFilters, PaymentRow, allowances_view, leaves_label
from ocso_app.services.text_search import matches_every_word
from ocso_app.services.typed_text import searched

MAX_RESULTS = 30
MIN_NAME_LENGTH = 2
EVENT_TYPE = "Consultation par OCSO"

TOO_SHORT = "Tapez un numéro ou au moins deux lettres du nom."
NOT_FOUND = "Ce dossier n'existe pas."
REASON_REQUIRED = "Choisissez le motif de la consultation avant d'afficher les données de santé."

# why a staff member looks at a member's health data (the audit log keeps the label)
QUALITY_LABELS = {
    BeneficiaryQuality.MEMBER: "Assuré principal",
    BeneficiaryQuality.SPOUSE: "Conjoint",
    BeneficiaryQuality.CHILD: "Enfant",
    BeneficiaryQuality.OTHER: "Autre",
}
REASONS: dict[str, str] = {
    "demarche": "Traitement d'une démarche de l'assuré",
    "appel": "Appel, courriel ou courrier de l'assuré",
    "reclamation": "Réclamation ou litige",
    "paiement": "Vérification d'un paiement",
    "controle": "Contrôle qualité ou audit interne",
}
REASON = "motif"  # the reason's key, in the form and in the links to the files (``client_health_files``)


@dataclass(frozen=True)
class Found:
    """One result of the search."""

    id: int
    number: str
    name: str
    detail: str


def _query(text: str) -> str:
    query = searched(text)[:80]
    if len(query) < MIN_NAME_LENGTH:
        raise OcsoError(TOO_SHORT)
    return query


def find_members(session: Session, *, text: str) -> list[Found]:
    """Members whose numéro is ``text`` or whose name has every typed word, by name."""
    query = _query(text)
    if query.isascii() and query.isdigit():
        condition = Member.member_number == query
    else:
        condition = matches_every_word(Member.search_name, query)  # type: ignore[assignment]
    rows = session.execute(
        select(
            Member.id,
            Member.member_number,
            Member.first_name,
            Member.last_name,
            Member.birth_date,
            Member.city,
        )
        .where(condition)
        .order_by(Member.search_name, Member.id)
        .limit(MAX_RESULTS)
    )
    return [
        Found(member_id, number, f"{last.upper()} {first}", f"né(e) le {format_short_date(born)} – {city}")
        for member_id, number, first, last, born, city in rows
    ]


def find_companies(session: Session, *, text: str) -> list[Found]:
    """Companies whose numéro client or SIREN is ``text`` or whose name has every typed word, by name."""
    query = _query(text)
    compact = query.replace(" ", "").upper()
    by_name = matches_every_word(Company.search_name, query)
    conditions = [Company.client_number == compact, Company.siren == compact]
    if by_name is not None:
        conditions.append(by_name)
    rows = session.execute(
        select(Company.id, Company.client_number, Company.name, Company.siren, Company.city)
        .where(or_(*conditions))
        .order_by(Company.name, Company.id)
        .limit(MAX_RESULTS)
    )
    return [
        Found(company_id, number, name, f"SIREN {siren} – {city}")
        for company_id, number, name, siren, city in rows
    ]


# --- a member's file


@dataclass(frozen=True)
class Person:
    rank: str
    name: str
    quality: str
    birth_date: str
    covered: str


@dataclass(frozen=True)
class RequestLine:
    date: str
    subject: str
    status: str
    href: str  # the démarche's page in the staff space (its desk's roles open it)


@dataclass(frozen=True)
class MemberFile:
    """What the staff see of a member without the health data."""

    id: int
    number: str
    name: str
    birth_date: str
    nir: str
    email: str
    phone: str
    address: str
    iban: str
    contract: str
    adhesion: str
    beneficiaries: list[Person] = field(default_factory=list)
    requests: list[RequestLine] = field(default_factory=list)


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise OcsoError(NOT_FOUND)
    return member


def _contract_label(session: Session, option_id: int | None) -> str:
    if option_id is None:
        return "Aucun contrat santé"
    row = session.execute(
        select(Company.name, Contract.label, Contract.number, ContractOption.label)
        .join(Contract, Contract.id == ContractOption.contract_id)
        .join(Company, Company.id == Contract.company_id)
        .where(ContractOption.id == option_id)
    ).one_or_none()
    if row is None:
        return "Aucun contrat santé"
    company, contract, number, option = row
    return f"{contract} n° {number} ({company}) – {option}"


def member_file(session: Session, *, actor: audit.Actor, member_id: int) -> MemberFile:
    """The file of ``member_id`` (NIR and IBAN masked), its opening audited."""
    member = _member(session, member_id)
    people = session.scalars(
        select(Beneficiary).where(Beneficiary.member_id == member.id).order_by(Beneficiary.rank)
    ).all()
    requests = session.execute(
        select(Request.created_at, Request.subject, Request.status, Request.id)
        .where(Request.member_id == member.id)
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(20)
    ).all()
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=member.id),
        event_type=EVENT_TYPE,
        action="Consultation de votre dossier (identité, contrat, bénéficiaires, démarches)",
    )
    return MemberFile(
        id=member.id,
        number=member.member_number,
        name=f"{member.civility} {member.first_name} {member.last_name.upper()}",
        birth_date=format_short_date(member.birth_date),
        nir=mask_nir(decrypt_field(member.nir_enc) if member.nir_enc else None),
        email=member.email or "Non renseigné",
        phone=member.phone or "Non renseigné",
        address=f"{member.address_line}, {member.postal_code} {member.city}",
        iban=mask_iban(decrypt_field(member.iban_enc) if member.iban_enc else None),
        contract=_contract_label(session, member.contract_option_id),
        adhesion=format_short_date(member.adhesion_date)
        + (f" (radié le {format_short_date(member.radiation_date)})" if member.radiation_date else ""),
        beneficiaries=[
            Person(
                p.rank,
                f"{p.first_name.upper()} {p.last_name.upper()}",
                QUALITY_LABELS[p.quality],
                format_short_date(p.birth_date),
                f"depuis le {format_short_date(p.adhesion_date)}"
                + (f" jusqu'au {format_short_date(p.end_date)}" if p.end_date else ""),
            )
            for p in people
        ],
        requests=[
            RequestLine(
                format_short_date(paris_date(created)),
                subject,
                STATUS_LABELS[status],
                request_href(request_id),
            )
            for created, subject, status, request_id in requests
        ],
    )


# --- a member's health data, behind a reason


@dataclass(frozen=True)
class PaymentLine:
    number: str
    paid_on: str
    payee: str
    amount: str
    href: str  # the décompte as PDF, for the reason given


@dataclass(frozen=True)
class DocumentLine:
    title: str
    category: str
    published_on: str
    read: str
    href: str  # the document, for the reason given (left unread for the member)


def reason_label(reason: str) -> str:
    """The label of a reason of :data:`REASONS` (by its key); :data:`REASON_REQUIRED` for anything else."""
    if reason not in REASONS:
        raise OcsoError(REASON_REQUIRED)
    return REASONS[reason]


def statement_href(member_id: int, statement_id: int, reason: str) -> str:
    """The staff's link to one of the member's décomptes as PDF, for ``reason`` (a key of REASONS)."""
    return routes.API_STAFF_MEMBER_STATEMENT.url(
        {REASON: reason}, member_id=member_id, statement_id=statement_id
    )


def document_href(member_id: int, document_id: int, reason: str) -> str:
    """The staff's link to one of the member's documents, for ``reason`` (a key of REASONS)."""
    return routes.API_STAFF_MEMBER_DOCUMENT.url(
        {REASON: reason}, member_id=member_id, document_id=document_id
    )


@dataclass(frozen=True)
class HealthData:
    """The latest décomptes and the documents of a member, shown once a reason was given."""

    reason: str
    payments: list[PaymentLine] = field(default_factory=list)
    documents: list[DocumentLine] = field(default_factory=list)


def member_health_data(session: Session, *, actor: audit.Actor, member_id: int, reason: str) -> HealthData:
    """The member's latest décomptes and documents. ``reason`` must be one of :data:`REASONS`, or nothing is
    shown (:data:`REASON_REQUIRED`); the view is audited with the staff member and the reason."""
    label = reason_label(reason)
    member = _member(session, member_id)
    payments = session.execute(
        select(Statement.id, Statement.number, Statement.paid_on, Statement.payee_name, Statement.total_paid)
        .where(Statement.member_id == member.id)
        .order_by(Statement.paid_on.desc(), Statement.id.desc())
        .limit(30)
    ).all()
    docs = session.execute(
        select(Document.id, Document.title, Document.category, Document.published_at, Document.read_at)
        .where(Document.member_id == member.id)
        .order_by(Document.published_at.desc(), Document.id.desc())
        .limit(30)
    ).all()
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=member.id),
        event_type=EVENT_TYPE,
        action=f"Consultation de vos remboursements et documents – motif : {label}",
    )
    return HealthData(
        reason=label,
        payments=[
            PaymentLine(
                number,
                format_long_date(paid_on),
                payee,
                format_money(total),
                statement_href(member.id, statement_id, reason),
            )
            for statement_id, number, paid_on, payee, total in payments
        ],
        documents=[
            DocumentLine(
                title,
                MEMBER_CATEGORIES.get(category.value) or COMPANY_CATEGORIES.get(category, category.value),
                format_short_date(paris_date(published)),
                f"lu le {format_short_date(paris_date(read))}" if read else "non lu",
                document_href(member.id, document_id, reason),
            )
            for document_id, title, category, published, read in docs
        ],
    )


# --- a company's file


@dataclass(frozen=True)
class StructureLine:
    number: str
    name: str
    siren: str
    city: str


@dataclass(frozen=True)
class ContractLine:
    number: str
    label: str
    kind: str
    status: str
    structure: str  # the company or structure whose contract it is


@dataclass(frozen=True)
class UserLine:
    name: str
    email: str
    profile: str
    structure: str


@dataclass(frozen=True)
class CompanyDocumentLine:
    title: str
    category: str
    structure: str
    published_on: str
    read: str


@dataclass(frozen=True)
class SickLeaveLine:
    employee: str
    structure: str
    reference: str
    dates: str
    status: str
    payments: str  # how many, and the last one's net and date


@dataclass(frozen=True)
class CompanyFile:
    id: int
    number: str
    name: str
    siren: str
    address: str
    contact: str
    parent: str
    structures: list[StructureLine] = field(default_factory=list)
    contracts: list[ContractLine] = field(default_factory=list)
    users: list[UserLine] = field(default_factory=list)
    documents: list[CompanyDocumentLine] = field(default_factory=list)  # published to its structures
    # the bordereaux de cotisations as its users read them on their Entreprise page, and what is left to pay
    contributions: list[ContributionRow] = field(default_factory=list)
    left_to_pay: str = ""
    # its employees' latest arrêts de travail as its users read them in Indemnités journalières (never the
    # medical reason), and how many there are in all
    sick_leaves: list[SickLeaveLine] = field(default_factory=list)
    sick_leave_count: str = ""


def family_of(session: Session, company_id: int) -> list[int]:
    """A company and its structures (one level down), as its file shows them."""
    return [company_id, *session.scalars(select(Company.id).where(Company.parent_id == company_id))]


def contract_lines(session: Session, company_ids: list[int]) -> list[ContractLine]:
    """The contracts of a company and its structures, as its file lists them: the company's first, then each
    structure's, each named (a structure may have contracts of its own)."""
    rows = session.execute(
        select(
            Contract.number,
            Contract.label,
            Contract.kind,
            Contract.signed_on,
            Contract.end_date,
            Company.name,
        )
        .join(Company, Company.id == Contract.company_id)
        .where(Contract.company_id.in_(company_ids))
        .order_by(Company.parent_id.is_not(None), Company.name, Contract.number)
    )
    return [
        ContractLine(
            number,
            label,
            KIND_LABELS[kind],
            ("signé" if signed else "en attente de signature")
            + (f", fin le {format_short_date(end)}" if end else ""),
            structure,
        )
        for number, label, kind, signed, end, structure in rows
    ]


def company_file(session: Session, *, actor: audit.Actor, company_id: int, today: date) -> CompanyFile:
    """A company (or structure) with its structures, contracts, employer users, the documents published to
    them (whether one of its users opened each), its bordereaux de cotisations (their status on ``today``)
    and its employees' latest arrêts de travail; the opening audited."""
    company = session.get(Company, company_id)
    if company is None:
        raise OcsoError(NOT_FOUND)
    family = family_of(session, company.id)
    structures = session.execute(
        select(Company.client_number, Company.name, Company.siren, Company.city)
        .where(Company.parent_id == company.id)
        .order_by(Company.name)
    ).all()
    users = session.execute(
        select(
            Account.first_name,
            Account.last_name,
            Account.email,
            EmployerGrant.profile,
            EmployerGrant.is_principal,
            Company.name,
        )
        .join(EmployerGrant, EmployerGrant.account_id == Account.id)
        .join(Company, Company.id == EmployerGrant.company_id)
        .where(EmployerGrant.company_id.in_(family), Account.kind == AccountKind.EMPLOYER)
        .order_by(Account.last_name, Account.first_name, Company.name)
    ).all()
    published = company_documents.company_documents(session, structure_ids=tuple(family))
    dues = bordereaux(session, structure_ids=tuple(family), today=today)
    leaves = allowances_view(session, structure_ids=family, filters=AllowanceFilters(), today=today)
    parent = session.get(Company, company.parent_id) if company.parent_id else None
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Consultation du dossier de l'entreprise {company.client_number}",
    )
    return CompanyFile(
        id=company.id,
        number=company.client_number,
        name=company.name,
        siren=company.siren,
        address=company.postal_address,
        contact=" – ".join(x for x in (company.email, format_phone(company.phone)) if x) or "Non renseigné",
        parent=f"{parent.name} ({parent.client_number})" if parent else "",
        structures=[StructureLine(*row) for row in structures],
        contracts=contract_lines(session, family),
        users=[
            UserLine(
                " ".join(x for x in (first, last) if x) or "—",
                email or "",
                PROFILE_LABELS[profile] + (" (principal)" if principal else ""),
                structure,
            )
            for first, last, email, profile, principal, structure in users
        ],
        documents=[
            CompanyDocumentLine(
                d.title,
                d.category,
                d.structure,
                d.date_label,
                f"lu le {d.read_on}" if d.read_on else "non lu",
            )
            for d in published
        ],
        contributions=dues.rows,
        left_to_pay=dues.totals.formatted()["remaining"],
        sick_leaves=[
            SickLeaveLine(
                leave.employee,
                leave.structure,
                leave.reference,
                leave.dates,
                leave.status,
                _payments_label(leave.payments),
            )
            for leave in leaves.leaves
        ],
        sick_leave_count=leaves_label(leaves.leave_count),
    )


def _payments_label(payments: list[PaymentRow]) -> str:
    """« 2 paiements, le dernier de 1 091,61 € le 05/10/2026 », « Aucun paiement » (``payments`` in the
    order of their periods)."""
    if not payments:
        return "Aucun paiement"
    last = payments[-1]
    count = counted(len(payments), "paiement")
    return f"{count}, le dernier de {last.net} le {last.paid_on}"
