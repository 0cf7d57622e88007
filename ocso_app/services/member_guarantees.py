"""Mes documents › DESCRIPTIFS DES GARANTIES: besides the documents OCSO publishes to the member, the
descriptifs de garanties and notices d'information of the contract the member is covered by (the same files
the employer reads in Entreprise). A member who affiliated online has no document of their own yet; the
guide promises them « vos descriptifs de garanties » from the start.

The member comes from the guard, never from the browser; a document of another contract answers as missing.
Opening one is recorded in the member's history, as for their own documents; a contract's documents are
shared, so they carry no « Nouveau »."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.db import read
from ocso_app.models import Contract, ContractDocument, ContractOption, Member
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
