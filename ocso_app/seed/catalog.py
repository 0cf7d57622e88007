"""Reference data of the demo: care acts and how a décompte prices them, guarantee tables, towns, banks,
identifier check digits (NIR, SIREN, IBAN) and the editorial content (news, help articles).

Amounts follow the French rules a décompte shows: the Sécurité sociale pays ``base × rate`` minus the
participation forfaitaire (2 € on consultations, biology and imaging), the complementary pays up to its
guarantee (a percentage of the base including the Sécurité sociale part, or a flat amount) and never the
participation forfaitaire, and the rest is the member's remaining charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
PARTICIPATION_FORFAITAIRE = Decimal("2.00")

CARE_CATEGORIES: dict[str, str] = {
    "MEDG": "Médecin généraliste",
    "MEDS": "Médecin spécialiste",
    "PHAR": "Pharmacie",
    "LABO": "Analyses et laboratoire",
    "RADL": "Radiologie et imagerie",
    "HOSP": "Hospitalisation",
    "OPTI": "Optique",
    "DENT": "Dentaire",
    "AUDI": "Audioprothèses",
    "KINE": "Kinésithérapie",
}


def money(value: str | int | Decimal) -> Decimal:
    """A Decimal amount rounded half-up to the cent."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CareAct:
    """An act as it appears on a décompte. Prices are per unit; ``spent`` is ``None`` when the fee is the
    Sécurité sociale base (no dépassement), else the range actually charged."""

    category: str
    code: str
    label: str
    base: tuple[str, str]
    spent: tuple[str, str] | None
    ss_rate: int
    participation: bool
    tiers_payant: bool
    weight: int
    max_quantity: int = 1
    min_quantity: int = 1


CARE_ACTS: tuple[CareAct, ...] = (
    CareAct("MEDG", "G", "Consultation médecin généraliste", ("30.00", "30.00"), None, 70, True, False, 16),
    CareAct(
        "MEDG", "VG", "Visite à domicile médecin généraliste", ("40.00", "40.00"), None, 70, True, False, 1
    ),
    CareAct(
        "MEDG", "TCG", "Téléconsultation médecin généraliste", ("30.00", "30.00"), None, 70, True, False, 2
    ),
    CareAct(
        "MEDS",
        "CS",
        "Consultation médecin spécialiste",
        ("30.00", "30.00"),
        ("30.00", "80.00"),
        70,
        True,
        False,
        6,
    ),
    CareAct(
        "MEDS", "CNP", "Consultation psychiatre", ("55.00", "55.00"), ("55.00", "90.00"), 70, True, False, 1
    ),
    CareAct(
        "MEDS",
        "APC",
        "Avis ponctuel de consultant",
        ("60.00", "60.00"),
        ("60.00", "110.00"),
        70,
        True,
        False,
        1,
    ),
    CareAct("PHAR", "PH7", "Pharmacie remboursée à 65 %", ("2.50", "65.00"), None, 65, False, True, 22),
    CareAct("PHAR", "PH4", "Pharmacie remboursée à 30 %", ("2.00", "25.00"), None, 30, False, True, 8),
    CareAct("PHAR", "PH2", "Pharmacie remboursée à 15 %", ("1.50", "12.00"), None, 15, False, True, 3),
    CareAct("PHAR", "PH1", "Pharmacie remboursée à 100 %", ("8.00", "180.00"), None, 100, False, True, 2),
    CareAct("LABO", "B", "Analyses de biologie médicale", ("8.00", "85.00"), None, 60, True, True, 6),
    CareAct("RADL", "ADI", "Radiographie", ("20.00", "60.00"), None, 70, True, True, 3),
    CareAct("RADL", "ADE", "Échographie", ("37.80", "75.60"), ("40.00", "110.00"), 70, True, True, 2),
    CareAct("RADL", "IRM", "IRM", ("69.00", "69.00"), None, 70, True, True, 1),
    CareAct(
        "HOSP",
        "FJH",
        "Forfait journalier hospitalier",
        ("20.00", "20.00"),
        None,
        0,
        False,
        True,
        1,
        max_quantity=6,
    ),
    CareAct("HOSP", "FS", "Frais de séjour hospitalier", ("450.00", "2800.00"), None, 80, False, True, 1),
    CareAct(
        "HOSP",
        "ACO",
        "Honoraires chirurgicaux",
        ("150.00", "450.00"),
        ("200.00", "900.00"),
        80,
        False,
        True,
        1,
    ),
    CareAct(
        "OPTI",
        "VER",
        "Verres progressifs",
        ("0.05", "0.05"),
        ("120.00", "380.00"),
        60,
        False,
        True,
        1,
        max_quantity=2,
        min_quantity=2,
    ),
    CareAct(
        "OPTI",
        "VER",
        "Verres unifocaux",
        ("0.05", "0.05"),
        ("45.00", "160.00"),
        60,
        False,
        True,
        1,
        max_quantity=2,
        min_quantity=2,
    ),
    CareAct("OPTI", "MON", "Monture", ("0.05", "0.05"), ("60.00", "190.00"), 60, False, True, 1),
    CareAct("OPTI", "LEN", "Lentilles de contact", ("0.00", "0.00"), ("90.00", "300.00"), 0, False, True, 1),
    CareAct("DENT", "C", "Consultation chirurgien-dentiste", ("23.00", "23.00"), None, 70, False, False, 3),
    CareAct("DENT", "SC", "Soins dentaires conservateurs", ("26.97", "81.00"), None, 70, False, False, 4),
    CareAct("DENT", "HBJD001", "Détartrage", ("28.92", "28.92"), None, 70, False, False, 2),
    CareAct(
        "DENT",
        "PDT",
        "Couronne céramo-métallique",
        ("120.00", "120.00"),
        ("450.00", "900.00"),
        60,
        False,
        False,
        1,
    ),
    CareAct(
        "AUDI",
        "AUD",
        "Aide auditive (classe II)",
        ("400.00", "400.00"),
        ("950.00", "1700.00"),
        60,
        False,
        True,
        1,
    ),
    CareAct(
        "KINE",
        "AMK",
        "Séance de kinésithérapie",
        ("16.13", "17.20"),
        None,
        60,
        False,
        False,
        5,
        max_quantity=10,
    ),
)


def act_by_label(label: str) -> CareAct:
    """The act of the catalog with this label."""
    return next(act for act in CARE_ACTS if act.label == label)


@dataclass(frozen=True)
class GuaranteeRule:
    """A line of a guarantee table: a percentage of the base (Sécurité sociale included) or a flat amount."""

    category: str
    label: str
    rule: str
    rate_percent: Decimal | None = None
    flat_amount: Decimal | None = None


def _pct(category: str, percent: int) -> GuaranteeRule:
    return GuaranteeRule(
        category, CARE_CATEGORIES[category], f"{percent} % BR", rate_percent=Decimal(percent)
    )


def _flat(category: str, amount: int, per: str) -> GuaranteeRule:
    return GuaranteeRule(
        category, CARE_CATEGORIES[category], f"forfait {amount} €{per}", flat_amount=money(amount)
    )


@dataclass(frozen=True)
class HealthPlan:
    """A santé option: the base plan or an upgrade, with its monthly contribution and guarantee table."""

    code: str
    label: str
    is_base: bool
    monthly_contribution: Decimal
    rules: tuple[GuaranteeRule, ...]

    def rule_for(self, category: str) -> GuaranteeRule:
        """The guarantee applying to a care category."""
        return next(rule for rule in self.rules if rule.category == category)


BASE_PLAN = HealthPlan(
    "BASE",
    "Formule Essentielle",
    True,
    money("62.40"),
    (
        _pct("MEDG", 100),
        _pct("MEDS", 150),
        _pct("PHAR", 100),
        _pct("LABO", 100),
        _pct("RADL", 100),
        _pct("HOSP", 200),
        _flat("OPTI", 150, "/an"),
        _pct("DENT", 125),
        _flat("AUDI", 400, " par oreille"),
        _pct("KINE", 100),
    ),
)
OPTION_PLAN = HealthPlan(
    "OPT1",
    "Formule Confort (option)",
    False,
    money("24.80"),
    (
        _pct("MEDG", 100),
        _pct("MEDS", 200),
        _pct("PHAR", 100),
        _pct("LABO", 100),
        _pct("RADL", 150),
        _pct("HOSP", 300),
        _flat("OPTI", 300, "/an"),
        _pct("DENT", 300),
        _flat("AUDI", 1000, " par oreille"),
        _pct("KINE", 150),
    ),
)
HEALTH_PLANS = (BASE_PLAN, OPTION_PLAN)

PROVIDENT_PLAN_LABEL = "Incapacité, invalidité, décès"
PROVIDENT_MONTHLY_CONTRIBUTION = money("38.90")
PROVIDENT_RULES: tuple[GuaranteeRule, ...] = (
    GuaranteeRule(
        "IJ",
        "Incapacité temporaire de travail",
        "80 % du salaire brut (franchise 3 jours)",
        rate_percent=Decimal(80),
    ),
    GuaranteeRule(
        "INVAL", "Invalidité 2e et 3e catégories", "80 % du salaire brut", rate_percent=Decimal(80)
    ),
    GuaranteeRule("DECES", "Décès toutes causes", "200 % du salaire annuel brut", rate_percent=Decimal(200)),
    GuaranteeRule(
        "RENTE", "Rente éducation", "10 % du salaire annuel brut par enfant", rate_percent=Decimal(10)
    ),
)


@dataclass(frozen=True)
class LineAmounts:
    """The amounts of one care line; ``remaining_charge = spent - ss_reimbursed - complementary``."""

    amount_spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary_reimbursed: Decimal
    remaining_charge: Decimal


def price_line(
    act: CareAct, *, unit_base: Decimal, unit_spent: Decimal, quantity: int, rule: GuaranteeRule
) -> LineAmounts:
    """Price one line as a décompte does (see the module docstring)."""
    base = money(unit_base * quantity)
    spent = max(money(unit_spent * quantity), base)
    ss_gross = money(base * act.ss_rate / 100)
    participation = PARTICIPATION_FORFAITAIRE if act.participation and act.ss_rate else ZERO
    ss_paid = max(ss_gross - participation, ZERO)
    if rule.flat_amount is not None:
        ceiling = rule.flat_amount
    else:
        ceiling = money(base * (rule.rate_percent or 0) / 100) - ss_gross
    complementary = max(min(spent - ss_gross, ceiling), ZERO)
    return LineAmounts(spent, base, act.ss_rate, ss_paid, complementary, spent - ss_paid - complementary)


# --- identifiers


def nir_with_key(first13: str) -> str:
    """The 15-digit NIR: the 13 digits and their key (97 minus the number modulo 97)."""
    return f"{first13}{97 - int(first13) % 97:02d}"


def luhn_complete(digits: str) -> str:
    """``digits`` followed by its Luhn check digit (SIREN, SIRET)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (1 if position % 2 else 2)
        total += value - 9 if value > 9 else value
    return f"{digits}{(10 - total % 10) % 10}"


def french_iban(bank: str, branch: str, account: str) -> str:
    """A French IBAN (compact) with a correct RIB key and IBAN check digits; ``account`` is 11 digits."""
    rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    check = 98 - int(f"{bban}152700") % 97  # "FR00" moved to the end, letters as numbers (F=15, R=27)
    return f"FR{check:02d}{bban}"


# Banks: (code banque, BIC) of French retail networks.
BANKS: tuple[tuple[str, str], ...] = (
    ("30004", "BNPAFRPPXXX"),
    ("30003", "SOGEFRPPXXX"),
    ("13306", "AGRIFRPP833"),
    ("10907", "CCBPFRPPBDX"),
    ("15589", "CMBRFR2BXXX"),
    ("20041", "PSSTFRPPBOR"),
    ("30002", "CRLYFRPPXXX"),
    ("11315", "CEPAFRPP131"),
    ("10278", "CMCIFR2AXXX"),
    ("17906", "AGRIFRPP879"),
)

TIERS_PAYANT_OPERATORS: tuple[str, ...] = ("VIAMEDIS",) * 6 + ("ALMERYS",)

# Towns of the South-West where OCSO's clients are: (postal code, city, INSEE commune number).
TOWNS: tuple[tuple[str, str, str], ...] = (
    ("33000", "BORDEAUX", "063"),
    ("33700", "MERIGNAC", "281"),
    ("33600", "PESSAC", "318"),
    ("33400", "TALENCE", "522"),
    ("33140", "VILLENAVE-D'ORNON", "550"),
    ("33150", "CENON", "119"),
    ("33110", "LE BOUSCAT", "069"),
    ("33200", "BORDEAUX", "063"),
    ("33520", "BRUGES", "075"),
    ("33260", "LA TESTE-DE-BUCH", "529"),
    ("33120", "ARCACHON", "009"),
    ("33500", "LIBOURNE", "243"),
    ("33310", "LORMONT", "249"),
    ("33170", "GRADIGNAN", "192"),
    ("33127", "MARTIGNAS-SUR-JALLE", "273"),
    ("64000", "PAU", "445"),
    ("64100", "BAYONNE", "102"),
    ("64200", "BIARRITZ", "122"),
    ("64600", "ANGLET", "024"),
    ("64500", "SAINT-JEAN-DE-LUZ", "483"),
    ("64140", "LONS", "348"),
    ("64300", "ORTHEZ", "430"),
    ("40100", "DAX", "088"),
    ("40000", "MONT-DE-MARSAN", "192"),
    ("40130", "CAPBRETON", "065"),
    ("40600", "BISCARROSSE", "046"),
    ("47000", "AGEN", "001"),
    ("24000", "PERIGUEUX", "322"),
    ("24100", "BERGERAC", "037"),
    ("17000", "LA ROCHELLE", "300"),
    ("16000", "ANGOULEME", "015"),
    ("65000", "TARBES", "440"),
    ("31000", "TOULOUSE", "555"),
    ("87000", "LIMOGES", "085"),
    ("86000", "POITIERS", "194"),
    ("79000", "NIORT", "191"),
)

COMPANY_ACTIVITIES: tuple[str, ...] = (
    "BOULANGERIE",
    "TRANSPORTS",
    "GARAGE",
    "CABINET D'ARCHITECTES",
    "MENUISERIE",
    "PHARMACIE",
    "HÔTEL",
    "RESTAURANT",
    "CAVES",
    "CHÂTEAU",
    "IMPRIMERIE",
    "ÉLECTRICITÉ",
    "PLOMBERIE",
    "ATELIER",
    "LABORATOIRE",
    "AGENCE IMMOBILIÈRE",
    "CONSEIL",
    "BÂTIMENT",
    "PAYSAGES",
    "CLINIQUE VÉTÉRINAIRE",
    "OPTIQUE",
    "FROMAGERIE",
)

INSURERS: tuple[str, ...] = ("Mutuelle des Deux Rives", "Atlantique Prévoyance", "Union Santé Aquitaine")

# --- editorial content

PHISHING_WARNING = (
    "Attention ! OCSO ne vous demandera jamais de communiquer ou de confirmer vos données bancaires par "
    "téléphone ! Méfiez-vous du démarchage téléphonique. Au moindre doute n'hésitez pas à prendre contact "
    "avec nous au 05.56.34.36.66"
)


@dataclass(frozen=True)
class NewsSpec:
    """A news item; dates are days relative to the load day (``expires_in`` ``None``: never expires)."""

    audience: str
    title: str
    body: str
    is_alert: bool
    published_ago: int
    expires_in: int | None = None

    def dates(self, today: date) -> tuple[date, date | None]:
        """(published_on, expires_on) for a load made on ``today``."""
        expires = None if self.expires_in is None else today + timedelta(days=self.expires_in)
        return today - timedelta(days=self.published_ago), expires


NEWS: tuple[NewsSpec, ...] = (
    NewsSpec("member", "Démarchage téléphonique frauduleux", PHISHING_WARNING, True, 20),
    NewsSpec(
        "member",
        "100 % Santé : lunettes, prothèses dentaires et aides auditives sans reste à charge",
        "Les équipements du panier 100 % Santé sont intégralement remboursés par la Sécurité sociale et "
        "votre contrat OCSO. Demandez à votre opticien, dentiste ou audioprothésiste un devis comprenant "
        "au moins une offre 100 % Santé, puis envoyez-le depuis MES DÉMARCHES > ENVOI DE DOCUMENTS pour "
        "recevoir une simulation de remboursement.",
        False,
        45,
    ),
    NewsSpec(
        "member",
        "Votre carte de tiers payant sur l'application OCSO SANTÉ",
        "Téléchargez l'application OCSO SANTÉ sur l'App Store ou Google Play : avec vos identifiants "
        "habituels, vous affichez votre carte de tiers payant, suivez vos remboursements et envoyez vos "
        "documents en photo.",
        False,
        90,
    ),
    NewsSpec(
        "member",
        "Consultation chez le médecin généraliste : 30 €",
        "Le tarif de la consultation chez le médecin généraliste est passé à 30 €. La Sécurité sociale "
        "rembourse 70 % de ce tarif, moins la participation forfaitaire de 2 € ; votre contrat OCSO prend "
        "en charge le ticket modérateur.",
        False,
        300,
    ),
    NewsSpec(
        "member",
        "Fermeture exceptionnelle de nos bureaux",
        "Nos bureaux de Mérignac et de Bayonne étaient exceptionnellement fermés le jour de l'inventaire.",
        False,
        120,
        expires_in=-100,
    ),
    NewsSpec(
        "employer",
        "Affiliez vos salariés en ligne",
        "Depuis la rubrique Assurés, pré-affiliez un salarié en 4 étapes : il reçoit un lien pour "
        "compléter son affiliation. Sans action de sa part après 8 jours, son statut passe à « à relancer » "
        "et vous pouvez lui envoyer une relance.",
        False,
        30,
    ),
    NewsSpec(
        "employer",
        "Bordereaux de cotisations du trimestre",
        "Vos bordereaux de cotisations du dernier trimestre sont disponibles. Transmettez vos bordereaux "
        "échus ou de régularisation depuis Démarches > Règlement des cotisations.",
        False,
        10,
    ),
    NewsSpec(
        "introducer",
        "Nouveaux descriptifs de garanties",
        "Les descriptifs de garanties des formules Essentielle et Confort ont été mis à jour pour l'année "
        "en cours ; retrouvez-les sur la fiche de chaque entreprise de votre portefeuille.",
        False,
        15,
    ),
)


@dataclass(frozen=True)
class HelpSpec:
    """A question of the help centre (« J'ai besoin d'aide ») and its answer."""

    audience: str
    topic: str
    question: str
    answer: str


HELP_ARTICLES: tuple[HelpSpec, ...] = (
    HelpSpec(
        "member",
        "Remboursements",
        "Où consulter les remboursements reçus ?",
        "Ouvrez la rubrique MES REMBOURSEMENTS. Choisissez une période (Du… Au…), un bénéficiaire ou une "
        "nature d'acte, puis cliquez sur « Rechercher ». Chaque ligne indique la date du paiement, son "
        "destinataire (vous-même, ou VIAMEDIS lorsque le professionnel de santé a été payé en tiers "
        "payant) et le montant versé ; la flèche ▼ affiche le détail de chaque acte : dépense, base de "
        "remboursement, part Sécurité sociale, part OCSO et reste à charge. Vous pouvez télécharger les "
        "décomptes en PDF. Vos derniers remboursements figurent aussi sur la page ACCUEIL.",
    ),
    HelpSpec(
        "member",
        "Carte de tiers payant",
        "Comment obtenir ma carte de tiers payant ?",
        "Sur la page ACCUEIL, cliquez sur « Télécharger carte de tiers payant » : la carte s'ouvre au "
        "format PDF. Elle est aussi disponible dans MES DOCUMENTS > CARTE DE TIERS PAYANT et dans "
        "l'application mobile OCSO SANTÉ, d'où vous pouvez l'envoyer par e-mail à un professionnel de "
        "santé. Présentez-la avec votre carte Vitale pour ne pas avancer la part prise en charge par "
        "votre contrat.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "Comment créer mon compte ?",
        "Sur la page de connexion, cliquez sur « S'inscrire ». Saisissez votre numéro d'adhérent (6 "
        "chiffres, indiqué sur votre courrier de bienvenue et sur votre carte de tiers payant) et votre "
        "date de naissance. Si vous indiquez une adresse e-mail, vous y recevez un mot de passe "
        "temporaire ; sans adresse e-mail, contactez support@ocso.fr pour l'obtenir. À la première "
        "connexion, choisissez votre mot de passe : 8 caractères minimum, dont 1 majuscule et 1 chiffre.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "J'ai oublié mon mot de passe",
        "Cliquez sur « Mot de passe oublié » sous le formulaire de connexion et saisissez votre numéro "
        "d'adhérent. Un lien de réinitialisation, valable 24 heures et utilisable une seule fois, est "
        "envoyé à l'adresse e-mail de votre compte. Si aucune adresse e-mail n'est enregistrée, appelez "
        "le 05 56 34 36 66 ou écrivez à support@ocso.fr. Après plusieurs essais erronés, la connexion est "
        "temporairement bloquée pour protéger votre compte.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment envoyer un document ?",
        "Dans MES DÉMARCHES, ouvrez ENVOI DE DOCUMENTS, choisissez le type de document (acte de naissance, "
        "attestation de Sécurité sociale, certificat de scolarité, devis, facture, décompte…), joignez le "
        "fichier (PDF, JPEG ou PNG) et validez. Il est transmis directement au service Prestations. Votre "
        "envoi apparaît aussitôt dans « Mes dernières démarches » et dans MON HISTORIQUE. Depuis "
        "l'application mobile, vous pouvez aussi photographier le document.",
    ),
    HelpSpec(
        "member",
        "Coordonnées",
        "Comment modifier mes coordonnées bancaires ?",
        "Dans MES INFORMATIONS, cliquez sur « Modifier mes coordonnées bancaires » (ou passez par MES "
        "DÉMARCHES > MODIFICATION DES COORDONNÉES BANCAIRES). Par sécurité, votre mot de passe vous est "
        "redemandé. Saisissez le nouvel IBAN et le BIC et joignez un RIB à votre nom : vos remboursements "
        "seront versés sur ce compte dès sa vérification par nos services. OCSO ne vous demandera jamais "
        "vos coordonnées bancaires par téléphone.",
    ),
    HelpSpec(
        "member",
        "Coordonnées",
        "J'ai changé de banque, d'adresse postale,… où indiquer ces nouvelles informations ?",
        "Votre adresse, votre téléphone et votre e-mail se modifient dans MES INFORMATIONS. Pour une "
        "nouvelle banque, utilisez « Modifier mes coordonnées bancaires » dans MES INFORMATIONS. Pensez "
        "aussi à prévenir votre caisse d'Assurance Maladie (ameli.fr) pour la part Sécurité sociale.",
    ),
    HelpSpec(
        "member",
        "Remboursements",
        "Comment connaître le montant pris en charge par ma mutuelle ?",
        "Votre tableau de garanties est dans MES DOCUMENTS > DESCRIPTIFS DES GARANTIES. Les garanties "
        "s'expriment en pourcentage de la base de remboursement de la Sécurité sociale (par exemple "
        "« 200 % BR », Sécurité sociale incluse) ou en forfait (par exemple « forfait 150 €/an » en "
        "optique). Pour une dépense importante (optique, dentaire, audition, hospitalisation), envoyez le "
        "devis depuis MES DÉMARCHES > ENVOI DE DOCUMENTS : une simulation de remboursement vous sera "
        "déposée dans MES DOCUMENTS.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment ajouter ou retirer un bénéficiaire ?",
        "Dans MES DÉMARCHES, ouvrez MODIFICATION DES BÉNÉFICIAIRES. Pour ajouter un enfant, joignez son "
        "acte de naissance ou la copie du livret de famille ; pour un conjoint, un justificatif (acte de "
        "mariage, PACS ou attestation de vie commune) et son attestation de Sécurité sociale. Les "
        "bénéficiaires enregistrés figurent dans MES INFORMATIONS > Mes bénéficiaires.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment demander une prise en charge pour une hospitalisation ?",
        "Dans MES DÉMARCHES, choisissez DEMANDE DE PRISE EN CHARGE POUR UNE HOSPITALISATION et indiquez "
        "l'établissement, la date d'entrée et le service. Nous adressons directement l'accord de prise en "
        "charge à l'établissement, pour que vous n'avanciez pas les frais couverts par votre contrat.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "Que contient la rubrique MON HISTORIQUE ?",
        "MON HISTORIQUE retrace les actions faites sur votre Espace Santé Assuré et sur l'application "
        "OCSO SANTÉ : connexions, déconnexions, envois de documents, modifications. Filtrez par période ou "
        "par type d'action. Si vous y voyez une connexion que vous ne reconnaissez pas, changez votre mot "
        "de passe et contactez-nous au 05 56 34 36 66.",
    ),
    HelpSpec(
        "member",
        "Application mobile",
        "Découvrir l'application mobile OCSO SANTÉ",
        "L'application OCSO SANTÉ (App Store et Google Play) reprend votre Espace Santé Assuré avec les "
        "mêmes identifiants : remboursements, carte de tiers payant (à télécharger ou à envoyer par e-mail "
        "à un professionnel de santé), démarches avec photo des justificatifs et documents.",
    ),
    HelpSpec(
        "employer",
        "Mon compte",
        "Comment créer le compte employeur de ma société ?",
        "Cliquez sur « Créer un compte » et renseignez le numéro client OCSO de votre société, son numéro "
        "SIREN et le code de sécurité transmis par courrier lors de la mise en place de vos premiers "
        "contrats, puis les nom, prénom, téléphone, fonction et adresse e-mail de l'utilisateur. Le premier "
        "utilisateur devient l'utilisateur principal de la structure. Sans ces éléments, écrivez à "
        "support@ocso.fr.",
    ),
    HelpSpec(
        "employer",
        "Entreprise",
        "Pourquoi un de mes contrats n'apparaît-il pas ?",
        "Seuls les régimes pour lesquels vous nous avez retourné le contrat signé apparaissent dans la "
        "rubrique Entreprise. Transmettez l'exemplaire signé depuis Démarches : le contrat s'affichera dès "
        "son enregistrement.",
    ),
    HelpSpec(
        "employer",
        "Assurés",
        "Quand relancer un salarié ?",
        "Un salarié pré-affilié reste « en cours d'affiliation » 8 jours au plus. Sans action de sa part "
        "après 8 jours, il passe « à relancer » : ouvrez sa fiche dans Assurés pour lui renvoyer le lien "
        "d'affiliation par e-mail, ou forcez son affiliation au régime de base de votre entreprise.",
    ),
    HelpSpec(
        "introducer",
        "Portefeuille",
        "Quelles entreprises vois-je dans mon espace ?",
        "Votre espace apporteur d'affaires présente les entreprises de votre portefeuille, leurs contrats "
        "signés et leurs effectifs. Pour rattacher une nouvelle entreprise, contactez votre interlocuteur "
        "OCSO.",
    ),
)
