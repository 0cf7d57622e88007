"""Mes documents › DESCRIPTIFS DES GARANTIES: besides the documents OCSO publishes to the member, the
descriptifs de garanties and notices d'information of the contract the member is covered by (the same files
the employer reads in Entreprise). A member who affiliated online has no document of their own yet; the
guide promises them « vos descriptifs de garanties » from the start.

Above them, the tableau de garanties of the member's own option, from the contract's guarantee lines (what
the employer reads in Entreprise): the guide promises « votre tableau de garantie » online, and a contract
without any PDF yet still has its table.

The member comes from the guard, never from the browser; a document of another contract answers as missing.
Opening one is recorded in the member's history, as for their own documents; a contract's documents are
shared, so they carry no « Nouveau »."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.db import read
from ocso_app.models import Contract, ContractDocument, ContractOption, Guarantee, Member
from ocso_app.services import audit, uploads
from ocso_app.services.formats import format_short_date, paris_date

PDF = "application/pdf"

_OF_MEMBER = (
    select(
        ContractDocument.id,
        ContractDocument.title,
        ContractDocument.published_at,
        ContractDocument.storage_key,
        Contract.label.label("contract"),
    )
    .join(Contract, Contract.id == ContractDocument.contract_id)
    .join(ContractOption, ContractOption.contract_id == ContractDocument.contract_id)
    .join(Member, Member.contract_option_id == ContractOption.id)
    .where(Member.id == bindparam("member_id"))
)
_LISTED = _OF_MEMBER.order_by(ContractDocument.published_at.desc(), ContractDocument.id)
_ONE = _OF_MEMBER.where(ContractDocument.id == bindparam("document_id"))

# The member's option and its guarantee lines, in the table's order (one query).
_TABLE = (
    select(
        ContractOption.label.label("option"),
        Contract.label.label("contract"),
        Contract.insurer,
        Guarantee.label,
        Guarantee.rule,
    )
    .join(Contract, Contract.id == ContractOption.contract_id)
    .join(Member, Member.contract_option_id == ContractOption.id)
    .outerjoin(Guarantee, Guarantee.option_id == ContractOption.id)
    .where(Member.id == bindparam("member_id"))
    .order_by(Guarantee.id)
)


@dataclass(frozen=True)
class GuaranteeRow:
    """One line of the tableau de garanties: the care category and its rule (« 200 % BR », « forfait 150
    €/an »)."""

    label: str
    rule: str


@dataclass(frozen=True)
class GuaranteeTable:
    """The member's option (« Formule Essentielle – Frais de santé – Ensemble du personnel »), its insurer
    and its lines."""

    title: str
    insurer: str
    lines: list[GuaranteeRow] = field(default_factory=list)


def guarantee_table(session: Session, *, member_id: int) -> GuaranteeTable | None:
    """The tableau de garanties of ``member_id``'s option (from the guard); ``None`` without an option."""
    rows = read(session, _TABLE, {"member_id": member_id}).all()
    if not rows:
        return None
    first = rows[0]
    return GuaranteeTable(
        title=f"{first.option} – {first.contract}",
        insurer=f"Assureur : {first.insurer}",
        lines=[GuaranteeRow(row.label, row.rule) for row in rows if row.label is not None],
    )


def _title(row: Any) -> str:
    """The document's title with its contract's (a member may also hold a descriptif OCSO sent them)."""
    return f"{row.title} – {row.contract}"


def download_url(document_id: int) -> str:
    """The member's guarded route of one document of their contract (``api/files.py``)."""
    return routes.API_MEMBER_GUARANTEES.url(document_id=document_id)


def contract_documents(session: Session, *, member_id: int) -> list[tuple[int, str, str, str]]:
    """The documents of the member's contract, newest first: (id, title, date label, url)."""
    rows = read(session, _LISTED, {"member_id": member_id})
    return [
        (row.id, _title(row), format_short_date(paris_date(row.published_at)), download_url(row.id))
        for row in rows
    ]


def open_contract_document(
    session: Session, *, actor: audit.Actor, document_id: int
) -> uploads.StoredFile | None:
    """A document of ``actor.member_id``'s contract, its consultation audited; ``None`` for any other."""
    if actor.member_id is None:
        return None
    row = read(session, _ONE, {"member_id": actor.member_id, "document_id": document_id}).first()
    if row is None:
        return None
    audit.record(
        session,
        event_type="Téléchargement",
        action=f"Consultation du document « {_title(row)} »",
        account_id=actor.account_id,
        member_id=actor.member_id,
        interface=actor.interface,
    )
    return uploads.StoredFile.titled(row.storage_key, PDF, _title(row))
