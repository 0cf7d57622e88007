"""The fixed personas of the guides as data: member numbers, identifiers, the employees of the persona
companies, the guides' décomptes, démarches and « Mon historique » lines. Dates are (month, day[, hour,
minute]) placed on their latest occurrence before the load day."""

from __future__ import annotations

from datetime import date

from ocso_app.models import Interface, PayeeKind, RequestStatus
from ocso_app.services.identifiers import french_iban, nir_with_key

MARTIN_NUMBER = "123456"
DEMAREST_NUMBER = "017341"
MARTIN_NIR = nir_with_key("1234567891012")  # « 1 23 45 67 891 012 » on the guide's screen
DEMAREST_NIR = nir_with_key("1721202173043")
MARTIN_IBAN = french_iban("13306", "00050", "12306341516")  # ends in « 4151 617 » like the guide
DEMAREST_IBAN = french_iban("10907", "00211", "51730418802")
EMPLOYER_EMAIL = "rh@boulangeries-littoral.fr"
SECOND_EMPLOYER_EMAIL = "rh@transports-bearn.fr"
STAFF_EMAIL = "gestion@ocso.fr"

# Persona members without a login: employees of the persona companies (number, civility, first, last, birth).
EMPLOYEE_MEMBERS: dict[str, tuple[str, str, str, str, date]] = {
    "lambert": ("204511", "Mme", "Sophie", "LAMBERT", date(1988, 3, 14)),
    "benali": ("204512", "M.", "Karim", "BENALI", date(1979, 11, 2)),
    "faure": ("204513", "M.", "Julien", "FAURE", date(1994, 7, 21)),
    "petit": ("204514", "Mme", "Nadia", "PETIT", date(1990, 1, 30)),
    "lefebvre": ("204515", "M.", "Antoine", "LEFEBVRE", date(1985, 9, 8)),
    "etcheverry": ("204516", "Mme", "Maite", "ETCHEVERRY", date(1982, 5, 17)),
}
PERSONA_MEMBER_NUMBERS = frozenset(
    {MARTIN_NUMBER, DEMAREST_NUMBER} | {v[0] for v in EMPLOYEE_MEMBERS.values()}
)

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


# Requests: (request_type, subject, payload, routed service, status, OCSO's answer or None).
RequestSpec = tuple[str, str, dict, str, RequestStatus, str | None]
MARTIN_REQUESTS: tuple[tuple[tuple[int, int, int, int], RequestSpec], ...] = (
    (
        (10, 25, 9, 12),
        (
            "envoi_document",
            "Envoi d'un devis",
            {
                "document_type": "Devis",
                "beneficiary": "JULIE DUBOIS",
                "comment": "Devis d'orthodontie pour JULIE.",
            },
            "prestations",
            RequestStatus.DONE,
            "Bonjour Monsieur DUBOIS, nous avons bien reçu le devis d'orthodontie de JULIE. Votre "
            "simulation de remboursement est disponible dans MES DOCUMENTS. Cordialement, le service "
            "Prestations OCSO.",
        ),
    ),
    (
        (10, 25, 10, 2),
        (
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
        ),
    ),
    (
        (10, 25, 10, 30),
        (
            "coordonnees_bancaires",
            "Demande de modification du RIB",
            {"iban_masked": "FR76 **** **** **** **** 4151 617", "bic": "AGRIFRPP123"},
            "adhesions",
            RequestStatus.IN_PROGRESS,
            None,
        ),
    ),
    (
        (10, 25, 11, 5),
        (
            "question",
            "La télétransmission",
            {
                "question": "Mes remboursements de la Sécurité sociale vous sont-ils transmis "
                "automatiquement ?"
            },
            "relation_client",
            RequestStatus.DONE,
            "Bonjour Monsieur DUBOIS, oui : la télétransmission avec votre caisse d'Assurance Maladie "
            "est active pour vous et vos bénéficiaires. Vous n'avez pas à nous envoyer vos décomptes "
            "de la Sécurité sociale. Cordialement, le service Relation adhérents OCSO.",
        ),
    ),
    (
        (10, 26, 18, 40),
        (
            "envoi_document",
            "Envoi d'une facture",
            {"document_type": "Facture", "comment": "Facture de l'opticien."},
            "prestations",
            RequestStatus.IN_PROGRESS,
            None,
        ),
    ),
    (
        (10, 27, 7, 32),
        (
            "envoi_document",
            "Envoi d'un document",
            {"document_type": "Autre", "comment": "Certificat de scolarité de JULIEN."},
            "prestations",
            RequestStatus.SENT,
            None,
        ),
    ),
)
DEMAREST_REQUESTS: tuple[tuple[tuple[int, int, int, int], RequestSpec], ...] = (
    (
        (9, 26, 9, 15),
        (
            "envoi_document",
            "Envoi d'un décompte",
            {"document_type": "Décompte"},
            "prestations",
            RequestStatus.DONE,
            None,
        ),
    ),
    (
        (9, 26, 9, 20),
        (
            "coordonnees_bancaires",
            "Demande de modification du RIB",
            {"iban_masked": "FR76 **** **** **** **** **** 802", "bic": "CCBPFRPPBDX"},
            "adhesions",
            RequestStatus.REFUSED,
            "Bonjour Monsieur DEMAREST, le RIB joint n'est pas à votre nom : "
            "merci de nous transmettre un RIB à votre nom. Cordialement, le service Adhésions OCSO.",
        ),
    ),
    (
        (9, 26, 9, 24),
        (
            "envoi_document",
            "Envoi d'une attestation de sécurité sociale",
            {"document_type": "Attestation de Sécurité sociale"},
            "prestations",
            RequestStatus.IN_PROGRESS,
            None,
        ),
    ),
)
EMPLOYER_REQUEST: RequestSpec = (
    "salaries",
    "Envoi d'un bulletin d'adhésion",
    {"employee": "Camille ROUSSEAU"},
    "adhesions",
    RequestStatus.SENT,
    None,
)

# Martin's « Mon historique » as in the guide: ((month, day, hour, minute), type, action, interface).
MARTIN_AUDIT: tuple[tuple[tuple[int, int, int, int], str, str, Interface], ...] = (
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
