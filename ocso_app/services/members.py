"""What a member sees of their own file: identity, masked NIR, address, beneficiaries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ocso_app.models import Member
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.errors import AccessDenied


def mask_nir(nir: str | None) -> str:
    """``1 ** ** ** *** 012 **``: the sex digit and three digits, never the whole number."""
    digits = "".join(ch for ch in (nir or "") if ch.isalnum())
    if len(digits) < 13:
        return "Non renseigné"
    return f"{digits[0]} ** ** ** *** {digits[10:13]} **"


@dataclass(frozen=True)
class MemberSummary:
    """The "Mes informations" block."""

    full_name: str
    member_number: str
    nir_masked: str
    address_line: str
    postal_city: str
    email: str


def member_summary(session: Session, *, member_id: int) -> MemberSummary:
    """The member's own block; ``member_id`` comes from the guard, never from the browser."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    nir = decrypt_field(member.nir_enc) if member.nir_enc else None
    return MemberSummary(
        full_name=f"{member.first_name.capitalize()} {member.last_name.upper()}",
        member_number=member.member_number,
        nir_masked=mask_nir(nir),
        address_line=member.address_line,
        postal_city=f"{member.postal_code} {member.city}",
        email=member.email or "",
    )
