"""Télétransmission (NOEMIE): for each person covered, whether the Assurance Maladie sends their décomptes to
OCSO by itself, and what the member does when it does not (shown in Mes informations)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, Teletransmission
from ocso_app.services.formats import format_person_name

LABELS = {
    Teletransmission.ACTIVE: "Active",
    Teletransmission.PENDING: "En cours de mise en place",
    Teletransmission.INACTIVE: "Non active",
}
ADVICE = {
    Teletransmission.ACTIVE: (
        "Vos feuilles de soins nous parviennent directement de l'Assurance Maladie : vous n'avez rien à "
        "nous envoyer."
    ),
    Teletransmission.PENDING: (
        "Nous avons demandé la liaison à votre caisse d'Assurance Maladie ; elle est active en général sous "
        "un mois. D'ici là, envoyez-nous vos décomptes de la Sécurité sociale depuis Mes démarches."
    ),
    Teletransmission.INACTIVE: (
        "Envoyez-nous depuis Mes démarches (Envoi de document) l'attestation de droits de la carte Vitale "
        "de cette personne, téléchargeable sur ameli.fr : nous demanderons la liaison à sa caisse. Vérifiez "
        "aussi qu'elle n'est pas rattachée à une autre complémentaire. En attendant, envoyez-nous ses "
        "décomptes de la Sécurité sociale."
    ),
}


@dataclass(frozen=True)
class TeletransmissionRow:
    """A line of « Télétransmission avec l'Assurance Maladie »."""

    name: str
    rank: str
    status: str
    active: bool
    advice: str


def teletransmission_rows(session: Session, *, member_id: int) -> list[TeletransmissionRow]:
    """Every person covered by the member's contract (the member first), with their NOEMIE status."""
    rows = session.execute(
        select(Beneficiary.first_name, Beneficiary.last_name, Beneficiary.rank, Beneficiary.teletransmission)
        .where(Beneficiary.member_id == member_id, Beneficiary.end_date.is_(None))
        .order_by(Beneficiary.rank)
    ).all()
    ordered = sorted(rows, key=lambda row: (row.rank != "AS", row.rank))
    return [
        TeletransmissionRow(
            name=format_person_name(row.first_name, row.last_name),
            rank=row.rank,
            status=LABELS[row.teletransmission],
            active=row.teletransmission == Teletransmission.ACTIVE,
            advice=ADVICE[row.teletransmission],
        )
        for row in ordered
    ]
