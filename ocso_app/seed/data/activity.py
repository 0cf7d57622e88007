"""The personas' activity as data: the guides' décomptes and generated histories, démarches with OCSO's
answers, and « Mon historique » lines. Guide dates are :class:`Moment` values placed on their latest
occurrence before the load day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ocso_app.models import Interface, PayeeKind, RequestStatus
from ocso_app.seed.data.personas import DEMAREST_NUMBER, EMPLOYER_EMAIL, MARTIN_NUMBER
from ocso_app.services.identifiers import french_iban


def last_on(today: date, month: int, day: int) -> date:
    """The latest ``day``/``month`` strictly before ``today``."""
    candidate = date(today.year, month, day)
    return candidate if candidate < today else date(today.year - 1, month, day)


@dataclass(frozen=True)
class Moment:
    """When something happened: a guide's (month, day, hour, minute) on its latest occurrence before the
    load day, or ``days_ago`` days before the load's clock."""

    month: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    days_ago: int | None = None

    def at(self, today: date, now: datetime) -> datetime:
        """The moment for a load made on ``today`` at ``now``."""
        if self.days_ago is not None:
            return now - timedelta(days=self.days_ago)
        return datetime.combine(
            last_on(today, self.month, self.day), time(self.hour, self.minute), now.tzinfo
        )


# --- décomptes

# The guides' décomptes: (month, day, payee, [(act label, rank, unit base, unit spent, quantity)]).
GuideStatement = tuple[int, int, PayeeKind, list[tuple[str, str, str, str, int]]]
MARTIN_GUIDE_STATEMENTS: tuple[GuideStatement, ...] = (
    (9, 16, PayeeKind.OPERATOR, [("Analyses de biologie médicale", "AS", "10.22", "10.22", 1)]),  # 4,09 €
    (9, 16, PayeeKind.OPERATOR, [("Pharmacie remboursée à 65 %", "EA", "24.26", "24.26", 1)]),  # 8,49 €
    (9, 16, PayeeKind.OPERATOR, [("Pharmacie remboursée à 65 %", "EB", "10.26", "10.26", 1)]),  # 3,59 €
)
DEMAREST_GUIDE_STATEMENTS: tuple[GuideStatement, ...] = (
    (8, 24, PayeeKind.MEMBER, [("Consultation médecin spécialiste", "AS", "30.00", "37.18", 1)]),  # 16,18 €
    (8, 24, PayeeKind.MEMBER, [("Analyses de biologie médicale", "AS", "10.85", "10.85", 1)]),  # 4,34 €
    (6, 22, PayeeKind.MEMBER, [("Radiographie", "AS", "20.00", "20.00", 1)]),  # 6,00 €
    (
        6,
        22,
        PayeeKind.MEMBER,
        [
            ("Consultation médecin spécialiste", "CJ", "30.00", "60.00", 1),
            ("Pharmacie remboursée à 65 %", "CJ", "42.14", "42.14", 1),
        ],
    ),  # 53,75 €
    (6, 3, PayeeKind.MEMBER, [("Séance de kinésithérapie", "AS", "14.40", "14.40", 2)]),  # 11,52 €
    (5, 4, PayeeKind.OPERATOR, [("Pharmacie remboursée à 65 %", "AS", "53.80", "53.80", 1)]),  # 18,83 €
)


@dataclass(frozen=True)
class HistorySpec:
    """A persona member's generated décomptes of the last two years (about ``line_count`` care lines). With a
    ``guide``, they stop the day before its first décompte, open with one act of every care category, and
    the guide's décomptes follow."""

    member: str
    line_count: int
    guide: tuple[GuideStatement, ...] = ()


HISTORIES: tuple[HistorySpec, ...] = (
    HistorySpec("martin", 40, MARTIN_GUIDE_STATEMENTS),
    HistorySpec("demarest", 24, DEMAREST_GUIDE_STATEMENTS),
    *(HistorySpec(key, 10) for key in ("lambert", "benali", "petit", "lefebvre", "etcheverry")),
)

# --- démarches and « Mon historique »


# The new RIB of Martin's démarche « Demande de modification du RIB », which the staff applies from it.
NEW_IBAN = french_iban("30004", "00820", "00012345678")


@dataclass(frozen=True)
class DemoFile:
    """A file joined to a démarche, drawn at load as a one-page PDF: ``title`` and its ``lines``."""

    name: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RequestSpec:
    """A démarche by ``author`` (a login) for a member or a company (keys), with OCSO's ``answer`` if any
    and the ``files`` joined to it (the forms require them: a RIB, a devis…)."""

    moment: Moment
    author: str
    request_type: str
    subject: str
    payload: dict
    service: str
    status: RequestStatus
    answer: str | None = None
    member: str | None = None
    company: str | None = None
    files: tuple[DemoFile, ...] = ()


DEMO_NOTE = "Document de démonstration, généré au chargement des données."


REQUESTS: tuple[RequestSpec, ...] = (
    RequestSpec(
        Moment(10, 25, 9, 12),
        MARTIN_NUMBER,
        "envoi_document",
        "Envoi d'un devis",
        {
            "document_type": "Devis",
            "beneficiary": "JULIE DUBOIS",
            "comment": "Devis d'orthodontie pour JULIE.",
        },
        "prestations",
        RequestStatus.DONE,
        "Bonjour Monsieur DUBOIS, nous avons bien reçu le devis d'orthodontie de JULIE. Vous pouvez en "
        "estimer le remboursement dans MES REMBOURSEMENTS (Simulation) et garder cette simulation dans "
        "MES DOCUMENTS. Cordialement, le service Prestations OCSO.",
        member="martin",
        files=(
            DemoFile(
                "devis-orthodontie-julie.pdf",
                "Devis de traitement d'orthodontie",
                (
                    "Patiente : Julie DUBOIS",
                    "Traitement d'orthodontie, 6 semestres : 3 600,00 € (600,00 € par semestre).",
                    "Base de remboursement de la Sécurité sociale : 193,50 € par semestre.",
                    DEMO_NOTE,
                ),
            ),
        ),
    ),
    RequestSpec(
        Moment(10, 25, 10, 2),
        MARTIN_NUMBER,
        "prise_en_charge_hospitaliere",
        "Demande de prise en charge hospitalière",
        {
            "establishment": "Clinique du Sport, Mérignac",
            "service": "Chirurgie orthopédique",
            "beneficiary": "MARTIN DUBOIS",
        },
        "prestations",
        RequestStatus.DONE,
        None,
        member="martin",
    ),
    RequestSpec(
        Moment(10, 25, 10, 30),
        MARTIN_NUMBER,
        "coordonnees_bancaires",
        "Demande de modification du RIB",
        {"iban": NEW_IBAN, "bic": "BNPAFRPPXXX"},  # stored encrypted, as the form does (personas._payload)
        "adhesions",
        RequestStatus.IN_PROGRESS,
        None,
        member="martin",
        files=(
            DemoFile(
                "rib-martin-dubois.pdf",
                "Relevé d'identité bancaire",
                (
                    "Titulaire du compte : M. MARTIN DUBOIS",
                    f"IBAN : {' '.join(NEW_IBAN[i : i + 4] for i in range(0, len(NEW_IBAN), 4))}",
                    "BIC : BNPAFRPPXXX",
                    DEMO_NOTE,
                ),
            ),
        ),
    ),
    RequestSpec(
        Moment(10, 25, 11, 5),
        MARTIN_NUMBER,
        "question",
        "La télétransmission",
        {"question": "Mes remboursements de la Sécurité sociale vous sont-ils transmis automatiquement ?"},
        "relation_client",
        RequestStatus.DONE,
        "Bonjour Monsieur DUBOIS, oui : la télétransmission avec votre caisse d'Assurance Maladie "
        "est active pour vous et vos bénéficiaires. Vous n'avez pas à nous envoyer vos décomptes "
        "de la Sécurité sociale. Cordialement, le service Relation adhérents OCSO.",
        member="martin",
    ),
    RequestSpec(
        Moment(10, 26, 18, 40),
        MARTIN_NUMBER,
        "envoi_document",
        "Envoi d'une facture",
        {"document_type": "Facture", "comment": "Facture de l'opticien."},
        "prestations",
        RequestStatus.IN_PROGRESS,
        None,
        member="martin",
        files=(
            DemoFile(
                "facture-opticien.pdf",
                "Facture d'optique",
                ("Patient : Martin DUBOIS", "Monture et deux verres unifocaux : 389,00 €.", DEMO_NOTE),
            ),
        ),
    ),
    RequestSpec(
        Moment(10, 27, 7, 32),
        MARTIN_NUMBER,
        "envoi_document",
        "Envoi d'un document",
        {"document_type": "Autre", "comment": "Certificat de scolarité de JULIEN."},
        "prestations",
        RequestStatus.SENT,
        None,
        member="martin",
    ),
    RequestSpec(
        Moment(9, 26, 9, 15),
        DEMAREST_NUMBER,
        "envoi_document",
        "Envoi d'un décompte",
        {"document_type": "Décompte"},
        "prestations",
        RequestStatus.DONE,
        None,
        member="demarest",
    ),
    RequestSpec(
        Moment(9, 26, 9, 20),
        DEMAREST_NUMBER,
        "coordonnees_bancaires",
        "Demande de modification du RIB",
        {"iban_masked": "FR76 **** **** **** **** **** 802", "bic": "CCBPFRPPBDX"},
        "adhesions",
        RequestStatus.REFUSED,
        "Bonjour Monsieur DEMAREST, le RIB joint n'est pas à votre nom : "
        "merci de nous transmettre un RIB à votre nom. Cordialement, le service Adhésions OCSO.",
        member="demarest",
    ),
    RequestSpec(
        Moment(9, 26, 9, 24),
        DEMAREST_NUMBER,
        "envoi_document",
        "Envoi d'une attestation de sécurité sociale",
        {"document_type": "Attestation de Sécurité sociale"},
        "prestations",
        RequestStatus.IN_PROGRESS,
        None,
        member="demarest",
    ),
    RequestSpec(
        Moment(days_ago=4),
        EMPLOYER_EMAIL,
        "salaries",
        "Envoi d'un bulletin d'adhésion",
        {"employee": "Camille ROUSSEAU"},
        "adhesions",
        RequestStatus.SENT,
        company="littoral",
        files=(
            DemoFile(
                "bulletin-adhesion-rousseau.pdf",
                "Bulletin individuel d'adhésion",
                ("Salarié(e) : Camille ROUSSEAU", DEMO_NOTE),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class EventSpec:
    """A line of « Mon historique » (an audit event) of a login, about a member or a company (keys)."""

    moment: Moment
    event_type: str
    action: str
    interface: Interface
    account: str
    member: str | None = None
    company: str | None = None
    ip_address: str = "192.0.2.10"


# Martin's « Mon historique » as in the guide: ((month, day, hour, minute), type, action, interface).
MARTIN_HISTORY: tuple[tuple[tuple[int, int, int, int], str, str, Interface], ...] = (
    ((10, 25, 9, 5), "Connexion", "Connexion à l'espace", Interface.WEB),
    ((10, 25, 9, 12), "Envoi de document", "Envoi d'un devis", Interface.WEB),
    ((10, 25, 10, 30), "Coordonnées bancaires", "Demande de modification du RIB", Interface.WEB),
    ((10, 25, 11, 10), "Déconnexion", "Déconnexion de l'espace", Interface.WEB),
    ((10, 26, 15, 46), "Déconnexion", "Déconnexion de l'espace", Interface.WEB),
    ((10, 26, 16, 31), "Déconnexion", "Déconnexion de l'espace", Interface.MOBILE),
    ((10, 26, 16, 33), "Connexion", "Connexion à l'espace", Interface.MOBILE),
    ((10, 26, 18, 40), "Envoi de document", "Envoi d'une facture", Interface.MOBILE),
    ((10, 26, 19, 35), "Connexion", "Connexion à l'espace", Interface.MOBILE),
    ((10, 27, 7, 31), "Connexion", "Connexion à l'espace", Interface.MOBILE),
    ((10, 27, 7, 32), "Envoi de document", "Envoi d'un document", Interface.MOBILE),
    ((10, 27, 9, 29), "Déconnexion", "Déconnexion de l'espace", Interface.MOBILE),
    ((10, 27, 14, 23), "Connexion", "Connexion à l'espace", Interface.WEB),
    ((10, 27, 15, 23), "Connexion", "Connexion à l'espace", Interface.MOBILE),
)
EVENTS: tuple[EventSpec, ...] = (
    *(
        EventSpec(Moment(*when), event_type, action, interface, MARTIN_NUMBER, member="martin")
        for when, event_type, action, interface in MARTIN_HISTORY
    ),
    EventSpec(
        Moment(days_ago=3),
        "Connexion",
        "Connexion à l'espace",
        Interface.WEB,
        DEMAREST_NUMBER,
        member="demarest",
    ),
    EventSpec(
        Moment(days_ago=3),
        "Consultation",
        "Consultation des remboursements",
        Interface.WEB,
        DEMAREST_NUMBER,
        member="demarest",
    ),
    EventSpec(
        Moment(days_ago=4),
        "Connexion",
        "Connexion à l'espace",
        Interface.WEB,
        EMPLOYER_EMAIL,
        company="littoral",
    ),
    EventSpec(
        Moment(days_ago=4),
        "Démarche",
        "Envoi d'un bulletin d'adhésion",
        Interface.WEB,
        EMPLOYER_EMAIL,
        company="littoral",
    ),
)
