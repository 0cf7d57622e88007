"""The staff of BOULANGERIES DU LITTORAL as data (``--company-size N``): how it splits between the head office
and the Bayonne establishment, its affiliation statuses, personnel categories, families, arrêts de travail,
the contracts added beside the persona ones (Prévoyance Cadres, the draft santé contract's options), the
company documents and the bordereaux' payment state.

Shares are exact counts (:func:`status_counts`), so tests can expect them; everything else is drawn by the
generator of :mod:`ocso_app.seed.population`. Changing a value changes the data generated for a ``--seed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ocso_app.models import AffiliationStatus
from ocso_app.services.affiliation import REMIND_AFTER_DAYS
from ocso_app.services.care_catalog import GuaranteeRule, money
from ocso_app.services.portability import DepartureReason

DEFAULT_COMPANY_SIZE = 3000
HEAD_OFFICE_SHARE = 0.8  # of the employees at the head office (« littoral »), the rest at Bayonne
STRUCTURES = ("littoral", "bayonne")  # persona company keys: head office, establishment

# Statuses as the employer reads them. « en cours » and « à relancer » are both stored as PENDING: the 8-day
# rule on ``invited_at`` decides which one the employer reads.
IN_PROGRESS = "en cours d'affiliation"
TO_REMIND = "à relancer"


@dataclass(frozen=True)
class StatusShare:
    """A share of the staff stored in ``status`` and read as ``read_as`` (the 8-day rule); ``waited_days``:
    how long ago pending ones were invited."""

    label: str
    status: AffiliationStatus
    share: float
    waited_days: tuple[int, int] | None = None

    @property
    def read_as(self) -> AffiliationStatus:
        """The status the employer reads: pending ones invited 8 days ago or more are « à relancer »."""
        late = self.waited_days is not None and self.waited_days[0] >= REMIND_AFTER_DAYS
        return AffiliationStatus.TO_REMIND if late else self.status


STATUS_SHARES: tuple[StatusShare, ...] = (
    # invited up to 6 days and 20 hours ago: on the 7th day in Paris at the latest, whatever the hour
    StatusShare(IN_PROGRESS, AffiliationStatus.PENDING, 0.03, (0, REMIND_AFTER_DAYS - 2)),
    StatusShare(TO_REMIND, AffiliationStatus.PENDING, 0.03, (REMIND_AFTER_DAYS + 1, 45)),
    StatusShare("dispensé", AffiliationStatus.EXEMPTED, 0.06),
    StatusShare("radié", AffiliationStatus.RADIATED, 0.07),
    StatusShare("en portabilité", AffiliationStatus.PORTABILITY, 0.03),
)
AFFILIATED_LABEL = "affilié"  # everyone left once the shares above are counted


def status_counts(size: int) -> dict[str, int]:
    """Employees per status label for a company of ``size``: the shares rounded, the rest affiliated."""
    counts = {share.label: round(size * share.share) for share in STATUS_SHARES}
    return {AFFILIATED_LABEL: size - sum(counts.values()), **counts}


def head_office_count(size: int) -> int:
    """How many of ``size`` employees work at the head office."""
    return round(size * HEAD_OFFICE_SHARE)


# --- people

EMPLOYEE_AGES = (19, 64)
FORMER_EMPLOYEE_AGES = (22, 64)  # old enough to have been hired at 18 before they left
EXECUTIVES = "Cadres"
NON_EXECUTIVES = "Non cadres"
EXECUTIVE_SHARE = 0.14
OPTION_SHARE = 0.3  # of the members, on the santé option rather than the base
EXTRA_BENEFICIARIES = (0, 0, 0, 0, 1, 1, 1, 2, 2, 3)  # spouse and children, at most three
SENIORITY_DAYS = (30, 6000)  # hired that many days before the load (at the earliest the structure's start)
AFFILIATION_DELAY_DAYS = (0, 30)  # after hiring (or the contract's start)
INVITE_TO_HIRE_DAYS = (0, 5)
RADIATED_DAYS_AGO = (15, 900)
# the motifs as the radiation stores them (``DepartureReason``), so the fiche reads them back: its certificat
# de travail mention, the courrier de radiation
RADIATION_REASONS = tuple(
    r.value
    for r in (
        DepartureReason.RESIGNATION,
        DepartureReason.RESIGNATION,
        DepartureReason.RETIREMENT,
        DepartureReason.DISMISSAL_GROSS_MISCONDUCT,
    )
)
PORTABILITY_REASONS = tuple(
    r.value
    for r in (
        DepartureReason.DISMISSAL,
        DepartureReason.END_OF_FIXED_TERM,
        DepartureReason.CONTRACTUAL_TERMINATION,
        DepartureReason.LEGITIMATE_RESIGNATION,
    )
)
PORTABILITY_MAX_MONTHS = 12
PORTABILITY_LEFT_DAYS = (10, 330)  # days of portability still to run at the load, at most

# --- arrêts de travail

SICK_LEAVE_SHARE = 0.012  # of the staff with an arrêt de travail (36 for 3,000 employees)
RUNNING_SICK_LEAVE_SHARE = 0.35  # of those, still running
RUNNING_STARTED_DAYS_AGO = (12, 200)
CLOSED_STARTED_DAYS_AGO = (40, 540)
CLOSED_DAYS = (8, 15, 21, 30, 45, 60, 90, 120, 180)
SICK_LEAVE_REFERENCE_FIRST = 300_000  # AT-<year>-300000…: clear of the personas' references

# --- contracts added to the structures


@dataclass(frozen=True)
class ExecutivesContractSpec:
    """The signed Prévoyance Cadres contract of a structure, for its « Cadres » employees."""

    company: str
    number: str
    start_year: int


EXECUTIVES_PLAN_LABEL = "Incapacité, invalidité, décès – Cadres"
EXECUTIVES_MONTHLY_CONTRIBUTION = money("54.70")
EXECUTIVES_RULES: tuple[GuaranteeRule, ...] = (
    GuaranteeRule(
        "IJ",
        "Incapacité temporaire de travail",
        "90 % du salaire brut (franchise 3 jours)",
        rate_percent=Decimal(90),
    ),
    GuaranteeRule(
        "INVAL", "Invalidité 2e et 3e catégories", "90 % du salaire brut", rate_percent=Decimal(90)
    ),
    GuaranteeRule("DECES", "Décès toutes causes", "300 % du salaire annuel brut", rate_percent=Decimal(300)),
    GuaranteeRule(
        "RENTE", "Rente éducation", "15 % du salaire annuel brut par enfant", rate_percent=Decimal(15)
    ),
)
EXECUTIVES_CONTRACTS: tuple[ExecutivesContractSpec, ...] = (
    ExecutivesContractSpec("littoral", "CPC-2024-001234", 2024),
    ExecutivesContractSpec("bayonne", "CPC-2024-001235", 2024),
)

# --- contract documents (one of each per contract of the persona companies)

GUARANTEES_TITLE = "Descriptif des garanties"
NOTICE_TITLE = "Notice d'information"

# --- bordereaux of the persona companies

CONTRIBUTION_QUARTERS = 8  # the current quarter (still to pay) and the seven before it
CONTRIBUTION_DUE_DAYS = 30  # after the end of the quarter
LATE_CONTRIBUTION = ("littoral", "S")  # the latest past-due quarter of this structure's santé is unpaid
PAID = "payee"
TO_PAY = "a_payer"  # late when still so after its due date: lateness is read from the dates

# --- company documents


@dataclass(frozen=True)
class CompanyLetterSpec:
    """A courrier published to a persona company ``days_ago``, read or not."""

    company: str
    title: str
    paragraphs: tuple[str, ...]
    days_ago: int
    read: bool


_REVALUATION = (
    "Madame, Monsieur,",
    "Au 1er janvier prochain, les cotisations de vos contrats santé et prévoyance évoluent pour tenir "
    "compte de la hausse des dépenses de santé constatée sur votre régime et des revalorisations du plafond "
    "de la Sécurité sociale.",
    "Vos garanties restent inchangées. Les nouveaux montants figureront sur vos prochains bordereaux "
    "d'appel de cotisations.",
    "Nous restons à votre disposition au 05 56 34 36 66 ou à support@ocso.fr.",
)
_NEW_SPACE = (
    "Madame, Monsieur,",
    "Votre Espace Employeur évolue : affiliez vos salariés en ligne, suivez leurs statuts (en cours "
    "d'affiliation, à relancer, affilié, dispensé, radié, en portabilité), consultez vos indemnités "
    "journalières et téléchargez vos bordereaux.",
    "Chaque utilisateur dispose d'un profil par structure : l'utilisateur principal les gère depuis la "
    "rubrique Administration des structures.",
)
_BAYONNE_OFFICE = (
    "Madame, Monsieur,",
    "Votre établissement de Bayonne est désormais suivi par notre agence de Bayonne : Espace Mendi Alde, "
    "bât. B, 48-50 avenue du 8 mai 1945, 64100 Bayonne, téléphone 05 59 52 11 12.",
    "Vos démarches (affiliations, arrêts de travail, règlement des cotisations) restent à transmettre depuis "
    "votre Espace Employeur : elles sont orientées vers l'équipe de Bayonne.",
)
COMPANY_LETTERS: tuple[CompanyLetterSpec, ...] = (
    CompanyLetterSpec("littoral", "Revalorisation des cotisations au 1er janvier", _REVALUATION, 60, True),
    CompanyLetterSpec("littoral", "Votre nouvel Espace Employeur", _NEW_SPACE, 20, True),
    CompanyLetterSpec("bayonne", "Revalorisation des cotisations au 1er janvier", _REVALUATION, 60, True),
    CompanyLetterSpec("bayonne", "Vos interlocuteurs OCSO à Bayonne", _BAYONNE_OFFICE, 9, False),
    CompanyLetterSpec("bearn", "Revalorisation des cotisations au 1er janvier", _REVALUATION, 60, False),
)
_HR_GUIDE = (
    "Ce guide accompagne les utilisateurs de l'Espace Employeur OCSO.",
    "Accueil : vos compteurs (assurés actifs, en portabilité, affiliations en cours et à relancer, arrêts de "
    "travail, démarches, cotisations dues) pour la structure choisie en haut de page, ou pour toutes vos "
    "structures.",
    "Entreprise : vos régimes santé et prévoyance en vigueur dont le contrat signé nous est revenu, leurs "
    "options, tableaux de garanties, notices d'information, et vos bordereaux de cotisations.",
    "Assurés : vos salariés actifs ou en portabilité, leur statut, le détail santé (bénéficiaires) et les "
    "attestations d'adhésion à télécharger, une par salarié ou plusieurs à la fois.",
    "Indemnités journalières : les arrêts de travail couverts par vos contrats prévoyance incapacité et "
    "leurs règlements, avec un décompte PDF par règlement.",
    "Documents : composez le bulletin individuel d'adhésion dont vous avez besoin. Pour la prévoyance, si la "
    "catégorie de personnel compte moins de 6 salariés, un questionnaire médical est à joindre.",
    "Démarches : transmettez vos documents aux équipes OCSO (salariés, coordonnées, arrêts de travail, "
    "cotisations, questions) ; nos réponses s'affichent dans « Mes derniers envois ».",
    "Administration des structures : l'utilisateur principal ajoute des structures (numéro client, code de "
    "sécurité, SIREN) et gère les utilisateurs et leur profil par structure.",
)
_EMPLOYEE_GUIDE = (
    "Vous rejoignez une entreprise assurée par OCSO : voici comment bénéficier de vos garanties.",
    "Votre affiliation : complétez le bulletin individuel d'adhésion remis par votre employeur (identité, "
    "bénéficiaires, coordonnées bancaires) et retournez-le avec votre attestation de carte Vitale et un RIB.",
    "Votre Espace Santé Assuré : dès votre affiliation, créez votre compte avec votre numéro d'adhérent sur "
    "ocso.fr pour suivre vos remboursements, télécharger votre carte de tiers payant et envoyer vos "
    "documents.",
    "Dispense : si vous êtes déjà couvert (contrat de votre conjoint, CSS, contrat individuel, CDD de moins "
    "de 3 mois…), vous pouvez demander une dispense en fournissant le justificatif.",
    "Départ de l'entreprise : selon le motif, vous pouvez bénéficier gratuitement de la portabilité de vos "
    "garanties jusqu'à 12 mois (article L911-8 du Code de la sécurité sociale).",
)
COMPANY_GUIDES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Guide de l'Espace Employeur (ressources humaines)", _HR_GUIDE),
    ("Guide du salarié : votre affiliation et vos garanties", _EMPLOYEE_GUIDE),
)
CALL_DOCUMENT_QUARTERS = 2  # the bordereaux d'appel of the last quarters are published as PDFs
REMINDER_TITLE = "Relance : bordereau de cotisations impayé"
REMINDER_AFTER_DAYS = 15  # after the late bordereau's due date
