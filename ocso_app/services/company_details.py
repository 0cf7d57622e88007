"""The coordinates OCSO holds for an employer's structures, shown on its Entreprise page: name, numéro
client, SIREN, address and telephone. The employer changes them through a démarche (« Coordonnées de
l'entreprise »), which OCSO applies (``requests.employer_details``): the page shows the result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company
from ocso_app.services.formats import format_phone


@dataclass(frozen=True)
class StructureDetails:
    """One structure's coordinates, display strings."""

    name: str
    client_number: str
    siren: str
    address: str
    phone: str


def structure_details(session: Session, *, structure_ids: Sequence[int]) -> list[StructureDetails]:
    """The coordinates of the caller's structures (the guard's ids), by name."""
    companies = session.scalars(
        select(Company).where(Company.id.in_(list(structure_ids))).order_by(Company.search_name, Company.id)
    )
    return [
        StructureDetails(
            name=c.name,
            client_number=c.client_number,
            siren=" ".join(c.siren[i : i + 3] for i in range(0, len(c.siren), 3)),
            address=c.postal_address,
            phone=format_phone(c.phone) or "non renseigné",
        )
        for c in companies
    ]
