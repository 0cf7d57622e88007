"""The kinds of démarche and their French labels, audit types and routed services; the forms' lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, BeneficiaryQuality, RequestStatus

SEND_DOCUMENTS = "envoi_document"
HOSPITAL = "prise_en_charge_hospitaliere"
BANK_DETAILS = "coordonnees_bancaires"
BENEFICIARIES = "beneficiaires"
QUESTION = "question"

TYPE_LABELS = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Demande de prise en charge hospitalière",
    BANK_DETAILS: "Maj coordonnées bancaires",
    BENEFICIARIES: "Modification des bénéficiaires",
    QUESTION: "Poser une question",
}
AUDIT_TYPES = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Prise en charge",
    BANK_DETAILS: "Coordonnées bancaires",
    BENEFICIARIES: "Bénéficiaires",
    QUESTION: "Question",
}
SERVICES = {
    SEND_DOCUMENTS: "prestations",
    HOSPITAL: "prestations",
    BANK_DETAILS: "adhesions",
    BENEFICIARIES: "adhesions",
    QUESTION: "relation_client",
}
STATUS_LABELS = {
    RequestStatus.SENT: "envoyée",
    RequestStatus.IN_PROGRESS: "en cours de traitement",
    RequestStatus.DONE: "traitée",
    RequestStatus.REFUSED: "refusée",
}

# (type shown in the form, subject of the request)
DOCUMENT_TYPES = {
    "Acte de naissance": "Envoi d'un acte de naissance",
    "Attestation de Sécurité sociale": "Envoi d'une attestation de Sécurité sociale",
    "Certificat de scolarité": "Envoi d'un certificat de scolarité",
    "Devis": "Envoi d'un devis",
    "Décompte": "Envoi d'un décompte",
    "Facture": "Envoi d'une facture",
    "Autre": "Envoi d'un document",
}
STAY_TYPES = ("Hospitalisation complète", "Ambulatoire", "Maternité", "Soins de suite et de réadaptation")
QUESTION_TOPICS = (
    "La télétransmission",
    "Mes remboursements",
    "Mes garanties",
    "Ma carte de tiers payant",
    "Mon adhésion",
    "Autre question",
)
QUALITIES = {
    "conjoint": BeneficiaryQuality.SPOUSE,
    "enfant": BeneficiaryQuality.CHILD,
    "autre": BeneficiaryQuality.OTHER,
}
MAX_MESSAGE = 2000


@dataclass(frozen=True)
class Choice:
    """One entry of a form's list: value sent back, label shown."""

    value: str
    label: str


def beneficiary_choices(session: Session, *, member_id: int) -> list[Choice]:
    """The member's current beneficiaries, for the forms' lists."""
    rows = session.scalars(
        select(Beneficiary)
        .where(Beneficiary.member_id == member_id, Beneficiary.end_date.is_(None))
        .order_by(Beneficiary.rank)
    )
    return [Choice(str(b.id), f"{b.first_name.capitalize()} {b.last_name.upper()} ({b.rank})") for b in rows]
