"""What a member sees of their own file: identity, masked NIR, address, beneficiaries."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from ocso_app.db import Reader, read
from ocso_app.models import Beneficiary, BeneficiaryQuality, Member, Request, Statement
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.errors import AccessDenied
from ocso_app.services.formats import (
    format_day_month,
    format_money,
    format_person_name,
    format_short_date,
    paris_date,
)


def mask_nir(nir: str | None) -> str:
    """``1 ** ** ** *** 012 **``: the sex digit and three digits, never the whole number."""
    digits = "".join(ch for ch in (nir or "") if ch.isalnum())
    if len(digits) < 13:
        return "Non renseigné"
    return f"{digits[0]} ** ** ** *** {digits[10:13]} **"


@functools.lru_cache(maxsize=4096)
def masked_nir_of(nir_enc: str) -> str:
    """``mask_nir`` of a stored (encrypted) NIR, kept per ciphertext: Accueil shows it at every opening and
    decrypting costs more than the rest of the member's block. Only the masked form is kept, keyed by the
    ciphertext; a NIR changed is a new ciphertext."""
    return mask_nir(decrypt_field(nir_enc))


@dataclass(frozen=True)
class MemberSummary:
    """The "Mes informations" block."""

    full_name: str
    member_number: str
    nir_masked: str
    address_line: str
    postal_city: str
    email: str


# Accueil and Mes informations, on every opening (built once, read as columns).
_SUMMARY = select(
    Member.first_name,
    Member.last_name,
    Member.member_number,
    Member.nir_enc,
    Member.address_line,
    Member.postal_code,
    Member.city,
    Member.email,
).where(Member.id == bindparam("member_id"))


def member_summary(session: Reader, *, member_id: int) -> MemberSummary:
    """The member's own block; ``member_id`` comes from the guard, never from the browser."""
    member = read(session, _SUMMARY, {"member_id": member_id}).first()
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    return MemberSummary(
        full_name=format_person_name(member.first_name, member.last_name),
        member_number=member.member_number,
        nir_masked=masked_nir_of(member.nir_enc) if member.nir_enc else mask_nir(None),
        address_line=member.address_line,
        postal_city=f"{member.postal_code} {member.city}",
        email=member.email or "",
    )


# --- Mes informations: bank details and beneficiaries; Accueil: latest requests and payments


def mask_iban(iban: str | None) -> str:
    """``FRXX XXXX XXXX XXXX XXXX 4151 617``: the country and the last seven characters only."""
    compact = "".join(ch for ch in (iban or "") if ch.isalnum()).upper()
    if len(compact) < 15:
        return "Non renseigné"
    masked = compact[:2] + "X" * (len(compact) - 9) + compact[-7:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


@dataclass(frozen=True)
class BankDetails:
    """Mes coordonnées bancaires, masked."""

    iban_masked: str
    bic: str


def bank_details(session: Session, *, member_id: int) -> BankDetails:
    """The member's IBAN (masked, decrypted only here) and BIC."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    iban = decrypt_field(member.iban_enc) if member.iban_enc else None
    return BankDetails(iban_masked=mask_iban(iban), bic=member.bic or "Non renseigné")


@dataclass(frozen=True)
class BeneficiaryRow:
    """A line of "Mes bénéficiaires"."""

    first_name: str
    last_name: str
    rank: str
    birth_date: str
    adhesion_date: str


def beneficiaries(session: Session, *, member_id: int) -> list[BeneficiaryRow]:
    """The people covered with the member (the member himself excluded), by rang."""
    rows = session.scalars(
        select(Beneficiary)
        .where(Beneficiary.member_id == member_id, Beneficiary.quality != BeneficiaryQuality.MEMBER)
        .order_by(Beneficiary.rank)
    )
    return [
        BeneficiaryRow(
            first_name=row.first_name.upper(),
            last_name=row.last_name.upper(),
            rank=row.rank,
            birth_date=format_short_date(row.birth_date),
            adhesion_date=format_short_date(row.adhesion_date),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class DatedItem:
    """A line of an Accueil block: ``26 SEPT.``, a label, and an amount when it is a payment."""

    day: str
    label: str
    amount: str = ""


# Accueil's two lists, on every opening (built once: see services/sessions.py).
_LATEST_REQUESTS = (
    select(Request.created_at, Request.subject)
    .where(Request.member_id == bindparam("member_id"))
    .order_by(Request.created_at.desc(), Request.id.desc())
)
_LATEST_PAYMENTS = (
    select(Statement.paid_on, Statement.payee_name, Statement.total_paid)
    .where(Statement.member_id == bindparam("member_id"))
    .order_by(Statement.paid_on.desc(), Statement.id.desc())
)


@functools.cache
def _limited(statement: Select[Any], limit: int) -> Select[Any]:
    return statement.limit(limit)


def latest_requests(session: Reader, *, member_id: int, limit: int = 3) -> list[DatedItem]:
    """Mes derniers envois: the member's latest démarches."""
    rows = read(session, _limited(_LATEST_REQUESTS, limit), {"member_id": member_id}).all()
    return [DatedItem(format_day_month(paris_date(created)), subject) for created, subject in rows]


def latest_payments(session: Reader, *, member_id: int, limit: int = 6) -> list[DatedItem]:
    """Mes Remboursements (Accueil): the latest payments, to the member or a tiers-payant operator."""
    rows = read(session, _limited(_LATEST_PAYMENTS, limit), {"member_id": member_id}).all()
    return [
        DatedItem(format_day_month(paid_on), payee, format_money(total)) for paid_on, payee, total in rows
    ]
