"""Entreprise: the régimes in force of the caller's structures whose signed contract came back, with their
options, guarantee tables and documents (descriptifs de garanties, notices d'information), the count of those
still awaiting their signed copy, and the bordereaux de cotisations with their totals.

Every query is restricted to the structure ids the employer guard gives; a contract document of any other
structure is not found, exactly like a missing one. An employer sees contracts and contributions only, never
an employee's care.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import (
    Company,
    Contract,
    ContractDocument,
    ContractKind,
    ContractOption,
    ContributionStatement,
    Guarantee,
)
from ocso_app.services import audit
from ocso_app.services.formats import (
    format_count,
    format_long_date,
    format_money,
    format_percent,
    format_short_date,
    paris_date,
)
from ocso_app.services.uploads import StoredFile

KIND_LABELS = {ContractKind.SANTE: "Santé", ContractKind.PREVOYANCE: "Prévoyance"}
NO_END = "Sans date de fin"
BASE_LABEL = "Formule de base"
OPTION_LABEL = "Option"
CONTRIBUTION_MONTHS = 24  # the bordereaux shown: those of the last two years
ZERO = Decimal("0.00")
PDF = "application/pdf"

PAID = "Réglé"
PARTLY_PAID = "Réglé partiellement"
LATE = "En retard"
TO_PAY = "À régler"


@dataclass(frozen=True)
class GuaranteeLine:
    """One line of a guarantee table: the care category's label and its rule."""

    label: str
    rule: str


@dataclass(frozen=True)
class OptionView:
    """The base plan or an option of a contract, with its monthly contribution and guarantee table."""

    id: int
    code: str
    label: str
    is_base: bool
    kind_label: str
    monthly_label: str
    guarantees: list[GuaranteeLine] = field(default_factory=list)


@dataclass(frozen=True)
class ContractDocumentView:
    """A descriptif de garanties or notice d'information, with its protected download URL."""

    id: int
    title: str
    date_label: str
    url: str


@dataclass(frozen=True)
class ContractView:
    """A régime in force, display-ready."""

    id: int
    kind: str
    kind_label: str
    number: str
    label: str
    structure: str
    insurer: str
    category: str
    start_label: str
    end_label: str
    signed_label: str
    employer_share_label: str
    options: list[OptionView] = field(default_factory=list)
    documents: list[ContractDocumentView] = field(default_factory=list)


@dataclass(frozen=True)
class CompanyContracts:
    """The Entreprise page's régimes, and why some are missing."""

    contracts: list[ContractView]
    unsigned_count: int

    @property
    def unsigned_notice(self) -> str:
        """The guide's warning, when contracts wait for their signed copy."""
        if self.unsigned_count == 0:
            return ""
        n = self.unsigned_count
        what = (
            "1 contrat en attente de retour signé n'apparaît pas"
            if n == 1
            else f"{n} contrats en attente de retour signé n'apparaissent pas"
        )
        return (
            f"{what} : seuls les régimes pour lesquels vous nous avez retourné les contrats signés "
            "apparaissent dans votre Espace Employeur."
        )


@dataclass(frozen=True)
class ContributionRow:
    """One bordereau de cotisations."""

    reference: str
    structure: str
    contract: str
    period: str
    headcount: str
    due: str
    paid: str
    remaining: str
    due_on: str
    status: str


@dataclass(frozen=True)
class ContributionTotals:
    """Sums of the bordereaux shown."""

    due: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.due - self.paid

    def formatted(self) -> dict[str, str]:
        """Display strings for the page."""
        return {
            "due": format_money(self.due),
            "paid": format_money(self.paid),
            "remaining": format_money(self.remaining),
        }


@dataclass(frozen=True)
class Contributions:
    """The bordereaux of the last two years, newest first, and their totals."""

    rows: list[ContributionRow]
    totals: ContributionTotals


def in_force(today: date) -> ColumnElement[bool]:
    """The contract has started and has not ended on ``today``."""
    return and_(Contract.start_date <= today, or_(Contract.end_date.is_(None), Contract.end_date >= today))


def visible(structure_ids: tuple[int, ...], today: date) -> ColumnElement[bool]:
    """A contract the employer may see: one of the scope's structures, in force, its signed copy back."""
    return and_(Contract.company_id.in_(structure_ids), Contract.signed_on.is_not(None), in_force(today))


def document_url(document_id: int) -> str:
    """The guarded route of one contract document (``api/employer_documents.py``)."""
    return routes.API_EMPLOYER_CONTRACT_DOCUMENT.url(document_id=document_id)


def _options(
    session: Session, contract_ids: list[int], *, with_guarantees: bool
) -> dict[int, list[OptionView]]:
    options = session.scalars(
        select(ContractOption)
        .where(ContractOption.contract_id.in_(contract_ids))
        .order_by(ContractOption.contract_id, ContractOption.is_base.desc(), ContractOption.id)
    ).all()
    guarantees: dict[int, list[GuaranteeLine]] = defaultdict(list)
    if with_guarantees and options:
        rows = session.execute(
            select(Guarantee.option_id, Guarantee.label, Guarantee.rule)
            .where(Guarantee.option_id.in_([o.id for o in options]))
            .order_by(Guarantee.id)
        )
        for option_id, label, rule in rows:
            guarantees[option_id].append(GuaranteeLine(label, rule))
    by_contract: dict[int, list[OptionView]] = defaultdict(list)
    for option in options:
        by_contract[option.contract_id].append(
            OptionView(
                id=option.id,
                code=option.code,
                label=option.label,
                is_base=option.is_base,
                kind_label=BASE_LABEL if option.is_base else OPTION_LABEL,
                monthly_label=f"{format_money(option.monthly_contribution)} / mois",
                guarantees=guarantees[option.id],
            )
        )
    return by_contract


def _documents(session: Session, contract_ids: list[int]) -> dict[int, list[ContractDocumentView]]:
    rows = session.execute(
        select(
            ContractDocument.id,
            ContractDocument.contract_id,
            ContractDocument.title,
            ContractDocument.published_at,
        )
        .where(ContractDocument.contract_id.in_(contract_ids))
        .order_by(ContractDocument.published_at.desc(), ContractDocument.id.desc())
    )
    by_contract: dict[int, list[ContractDocumentView]] = defaultdict(list)
    for document_id, contract_id, title, published_at in rows:
        by_contract[contract_id].append(
            ContractDocumentView(
                document_id, title, format_short_date(paris_date(published_at)), document_url(document_id)
            )
        )
    return by_contract


def _view(
    contract: Contract,
    structure: str,
    options: list[OptionView],
    documents: list[ContractDocumentView],
) -> ContractView:
    return ContractView(
        id=contract.id,
        kind=contract.kind.value,
        kind_label=KIND_LABELS[contract.kind],
        number=contract.number,
        label=contract.label,
        structure=structure,
        insurer=contract.insurer,
        category=contract.personnel_category,
        start_label=format_long_date(contract.start_date),
        end_label=format_long_date(contract.end_date) if contract.end_date else NO_END,
        signed_label=format_long_date(contract.signed_on) if contract.signed_on else "",
        employer_share_label=format_percent(contract.employer_share_percent),
        options=options,
        documents=documents,
    )


def company_contracts(
    session: Session, *, structure_ids: tuple[int, ...], today: date, with_guarantees: bool = True
) -> CompanyContracts:
    """The signed régimes in force of ``structure_ids`` (santé first), with their options (and guarantee
    tables unless ``with_guarantees`` is false) and documents, plus the number of contracts of these
    structures still awaiting their signed copy. Five queries whatever the number of contracts."""
    rows = session.execute(
        select(Contract, Company.name)
        .join(Company, Company.id == Contract.company_id)
        .where(visible(structure_ids, today))
        .order_by(Contract.kind.desc(), Company.name, Contract.number)
    ).all()
    ids = [contract.id for contract, _ in rows]
    options = _options(session, ids, with_guarantees=with_guarantees) if ids else {}
    documents = _documents(session, ids) if ids else {}
    unsigned = session.scalar(
        select(func.count(Contract.id)).where(
            Contract.company_id.in_(structure_ids),
            Contract.signed_on.is_(None),
            or_(Contract.end_date.is_(None), Contract.end_date >= today),
        )
    )
    return CompanyContracts(
        contracts=[
            _view(contract, name, options.get(contract.id, []), documents.get(contract.id, []))
            for contract, name in rows
        ],
        unsigned_count=unsigned or 0,
    )


def contribution_status(due: Decimal, paid: Decimal, due_on: date, today: date) -> str:
    """A bordereau's status as read on ``today``, from its amounts and due date (the Entreprise page and the
    introducers' portfolio say the same)."""
    if paid >= due:
        return PAID
    if paid > ZERO:
        return PARTLY_PAID
    return LATE if due_on < today else TO_PAY


def _period(start: date, end: date) -> str:
    return f"{format_short_date(start)} – {format_short_date(end)}"


def contributions(session: Session, *, structure_ids: tuple[int, ...], today: date) -> Contributions:
    """The bordereaux de cotisations of ``structure_ids`` whose period ended in the last two years, and
    older ones not paid in full (a debt does not leave the page with time), newest first, with the sums due,
    paid and remaining (``Decimal``)."""
    since = today - timedelta(days=CONTRIBUTION_MONTHS * 366 // 12)
    rows = session.execute(
        select(ContributionStatement, Contract.number, Company.name)
        .join(Contract, Contract.id == ContributionStatement.contract_id)
        .join(Company, Company.id == ContributionStatement.company_id)
        .where(
            ContributionStatement.company_id.in_(structure_ids),
            or_(
                ContributionStatement.period_end >= since,
                ContributionStatement.amount_paid < ContributionStatement.amount_due,
            ),
        )
        .order_by(ContributionStatement.period_start.desc(), Contract.number, ContributionStatement.id)
    ).all()
    due_sum, paid_sum, views = ZERO, ZERO, []
    for statement, number, structure in rows:
        due, paid = statement.amount_due, statement.amount_paid
        due_sum, paid_sum = due_sum + due, paid_sum + paid
        views.append(
            ContributionRow(
                reference=statement.reference,
                structure=structure,
                contract=number,
                period=_period(statement.period_start, statement.period_end),
                headcount=format_count(statement.headcount),
                due=format_money(due),
                paid=format_money(paid),
                remaining=format_money(max(due - paid, ZERO)),
                due_on=format_short_date(statement.due_on),
                status=contribution_status(due, paid, statement.due_on, today),
            )
        )
    return Contributions(views, ContributionTotals(due=due_sum, paid=paid_sum))


def open_contract_document(
    session: Session, *, actor: audit.Actor, structure_ids: tuple[int, ...], document_id: int, today: date
) -> StoredFile | None:
    """A document of a contract the employer sees (``visible``), its download audited; ``None`` for a
    document of another structure's, an unsigned or an ended contract, exactly as for a missing one."""
    row = session.execute(
        select(ContractDocument.title, ContractDocument.storage_key, Contract.number, Contract.company_id)
        .join(Contract, Contract.id == ContractDocument.contract_id)
        .where(ContractDocument.id == document_id, visible(structure_ids, today))
    ).first()
    if row is None:
        return None
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=row.company_id),
        event_type="Téléchargement",
        action=f"Téléchargement du document « {row.title} » du contrat {row.number}",
    )
    return StoredFile.titled(row.storage_key, PDF, row.title)
