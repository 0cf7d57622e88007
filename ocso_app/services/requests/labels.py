"""The kinds of démarche and their French labels, audit types and routed services; the forms' lists.

Members send the first five kinds (Mes démarches); employers the five of the Espace Employeur (guide 000
§08), whose objects (``COMPANY_TOPICS``) say whether they name an employee and need files."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, BeneficiaryQuality, RequestStatus
from ocso_app.services.formats import format_person_name

SEND_DOCUMENTS = "envoi_document"
HOSPITAL = "prise_en_charge_hospitaliere"
BANK_DETAILS = "coordonnees_bancaires"
BENEFICIARIES = "beneficiaires"
QUESTION = "question"

EMPLOYEES = "salaries"
COMPANY_DETAILS = "coordonnees_entreprise"
SICK_LEAVE = "arrets_travail"
CONTRIBUTIONS = "cotisations"
COMPANY_QUESTION = "question_entreprise"

TYPE_LABELS = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Demande de prise en charge hospitalière",
    BANK_DETAILS: "Modification des coordonnées bancaires",
    BENEFICIARIES: "Modification des bénéficiaires",
    QUESTION: "Poser une question",
    EMPLOYEES: "Salariés",
    COMPANY_DETAILS: "Coordonnées de l'entreprise",
    SICK_LEAVE: "Arrêts de travail",
    CONTRIBUTIONS: "Règlement des cotisations",
    COMPANY_QUESTION: "Poser une question",
}
AUDIT_TYPES = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Prise en charge",
    BANK_DETAILS: "Coordonnées bancaires",
    BENEFICIARIES: "Bénéficiaires",
    QUESTION: "Question",
    EMPLOYEES: "Démarche salariés",
    COMPANY_DETAILS: "Coordonnées de l'entreprise",
    SICK_LEAVE: "Arrêt de travail",
    CONTRIBUTIONS: "Cotisations",
    COMPANY_QUESTION: "Question",
}
SERVICES = {
    SEND_DOCUMENTS: "prestations",
    HOSPITAL: "prestations",
    BANK_DETAILS: "adhesions",
    BENEFICIARIES: "adhesions",
    QUESTION: "relation_client",
    EMPLOYEES: "adhesions",
    COMPANY_DETAILS: "relation_entreprises",
    SICK_LEAVE: "prevoyance",
    CONTRIBUTIONS: "cotisations",
    COMPANY_QUESTION: "relation_entreprises",
}
SERVICE_LABELS = {
    "prestations": "service Prestations",
    "adhesions": "service Adhésions",
    "relation_client": "service Relation adhérents",
    "relation_entreprises": "service Relation entreprises",
    "prevoyance": "service Prévoyance",
    "cotisations": "service Cotisations",
}
OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.IN_PROGRESS)  # not answered yet
STATUS_LABELS = {
    RequestStatus.SENT: "envoyée",
    RequestStatus.IN_PROGRESS: "en cours de traitement",
    RequestStatus.DONE: "traitée",
    RequestStatus.REFUSED: "refusée",
}

# The former employee's proof of unemployment benefits, which keeps their portabilité (services.hr_follow_up).
PORTABILITY_PROOF = "Envoi d'une attestation France Travail (portabilité)"
# (type shown in the form, subject of the request)
DOCUMENT_TYPES = {
    "Attestation France Travail (portabilité)": PORTABILITY_PROOF,
    "Acte de naissance": "Envoi d'un acte de naissance",
    "Attestation de Sécurité sociale": "Envoi d'une attestation de Sécurité sociale",
    "Certificat de scolarité": "Envoi d'un certificat de scolarité",
    "Devis": "Envoi d'un devis",
    "Décompte": "Envoi d'un décompte",
    "Facture": "Envoi d'une facture",
    "Autre": "Envoi d'un document",
}
# Guide 002: the member can « nous informer d'un changement de situation ». A marriage, a PACS, a divorce or a
# birth changes the membership (beneficiaries, the spouse's cover): the Adhésions service records it, and only
# from its proof, so the démarche goes there and a proof is required (the other questions may carry files).
CHANGE_OF_SITUATION = "Changement de situation"
CHANGE_OF_SITUATION_PROOFS = (
    "acte de mariage, attestation de PACS, jugement de divorce ou de dissolution du PACS, acte de naissance, "
    "livret de famille…"
)
QUESTION_SERVICES = {CHANGE_OF_SITUATION: "adhesions"}  # the other topics go to SERVICES[QUESTION]
QUESTION_PROOF_TOPICS = frozenset({CHANGE_OF_SITUATION})
STAY_TYPES = ("Hospitalisation complète", "Ambulatoire", "Maternité", "Soins de suite et de réadaptation")
QUESTION_TOPICS = (
    "La télétransmission",
    "Mes remboursements",
    "Mes garanties",
    "Ma carte de tiers payant",
    "Mon adhésion",
    CHANGE_OF_SITUATION,
    "Autre question",
)
QUALITIES = {
    "conjoint": BeneficiaryQuality.SPOUSE,
    "enfant": BeneficiaryQuality.CHILD,
    "autre": BeneficiaryQuality.OTHER,
}
# The ranks OCSO gives a new beneficiary whose member left « Rang » empty, the first free on the contract
# first: the affiliation's own (CJ for the spouse, EA, EB… for the children: enrolment_choice), then the next.
NEW_RANKS = {
    "conjoint": ("CJ", *(f"C{n}" for n in range(2, 10))),
    "enfant": tuple(f"E{letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "autre": tuple(f"A{n}" for n in range(1, 10)),
}
MAX_MESSAGE = 2000


@dataclass(frozen=True)
class Topic:
    """The object of an employer's démarche: its label in the list, the request's subject, whether it names
    the employee concerned and whether files are required."""

    label: str
    subject: str
    names_employee: bool = False
    needs_files: bool = False


COMPANY_TOPICS: dict[str, tuple[Topic, ...]] = {
    EMPLOYEES: (
        Topic("Bulletin d'adhésion", "Envoi d'un bulletin d'adhésion", names_employee=True, needs_files=True),
        Topic(
            "Bulletin de modification",
            "Envoi d'un bulletin de modification",
            names_employee=True,
            needs_files=True,
        ),
        Topic(
            "Formulaire portabilité",
            "Envoi d'un formulaire de portabilité",
            names_employee=True,
            needs_files=True,
        ),
        Topic("Sortie des effectifs", "Sortie des effectifs", names_employee=True),
        Topic("Nouvelle adresse", "Nouvelle adresse d'un salarié", names_employee=True),
    ),
    COMPANY_DETAILS: (
        Topic("Adresse", "Nouvelle adresse de l'entreprise"),
        Topic("Téléphone", "Nouveau numéro de téléphone de l'entreprise"),
        Topic("KBIS", "Envoi d'un extrait KBIS", needs_files=True),
    ),
    SICK_LEAVE: (
        Topic(
            "Dossier d'arrêt de travail", "Dossier d'arrêt de travail", names_employee=True, needs_files=True
        ),
        Topic(
            "Décomptes", "Envoi de décomptes d'indemnités journalières", names_employee=True, needs_files=True
        ),
        Topic("Prolongation", "Prolongation d'arrêt de travail", names_employee=True, needs_files=True),
        Topic("Reprise", "Reprise du travail", names_employee=True),
    ),
    CONTRIBUTIONS: (
        Topic("Bordereau échu", "Envoi d'un bordereau de cotisations échu", needs_files=True),
        Topic("Bordereau de régularisation", "Envoi d'un bordereau de régularisation", needs_files=True),
    ),
    COMPANY_QUESTION: tuple(
        Topic(label, label)
        for label in (
            "Mon contrat",
            "L'affiliation de mes salariés",
            "Les arrêts de travail",
            "Les cotisations",
            "Mon Espace Employeur",
            "Autre question",
        )
    ),
}


# The kinds whose every object names an employee: their form asks « Salarié concerné » (picked in a list).
NAMING_KINDS = tuple(kind for kind, topics in COMPANY_TOPICS.items() if all(t.names_employee for t in topics))


def company_topic(kind: str, label: str) -> Topic | None:
    """The object of an employer's démarche of ``kind`` labelled ``label``; ``None`` for any other."""
    return next((t for t in COMPANY_TOPICS.get(kind, ()) if t.label == label.strip()), None)


@dataclass(frozen=True)
class Choice:
    """One entry of a form's list: value sent back, label shown."""

    value: str
    label: str


def _current_beneficiaries(session: Session, member_id: int) -> list[Beneficiary]:
    return list(
        session.scalars(
            select(Beneficiary)
            .where(Beneficiary.member_id == member_id, Beneficiary.end_date.is_(None))
            .order_by(Beneficiary.rank)
        )
    )


def _choice(beneficiary: Beneficiary) -> Choice:
    name = format_person_name(beneficiary.first_name, beneficiary.last_name)
    return Choice(str(beneficiary.id), f"{name} ({beneficiary.rank})")


def beneficiary_choices(session: Session, *, member_id: int) -> list[Choice]:
    """The member's current beneficiaries, for the forms' lists."""
    return [_choice(b) for b in _current_beneficiaries(session, member_id)]


def beneficiary_lists(session: Session, *, member_id: int) -> tuple[list[Choice], list[Choice]]:
    """The member's current beneficiaries (one query), and those a démarche may remove: all but the assuré
    principal, whom « Bénéficiaire à retirer » would only refuse."""
    people = _current_beneficiaries(session, member_id)
    return [_choice(b) for b in people], [
        _choice(b) for b in people if b.quality != BeneficiaryQuality.MEMBER
    ]
