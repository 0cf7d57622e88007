"""The fixed personas of the guides as data: introducers, companies and their contracts, members and their
beneficiaries, logins, employees and sick leaves (their activity is in :mod:`.activity`).

Keys (``"martin"``, ``"littoral"``…) tie the specs together; logins tie requests and events to accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ocso_app.models import (
    AccountKind,
    AffiliationStatus,
    BeneficiaryQuality,
    EmployerProfile,
    StaffRole,
    Teletransmission,
)
from ocso_app.services.care_catalog import BASE_PLAN, OPTION_PLAN, HealthPlan
from ocso_app.services.identifiers import french_iban, luhn_complete, nir_with_key
from ocso_app.services.portability import DepartureReason

MARTIN_NUMBER = "123456"
DEMAREST_NUMBER = "017341"
EMPLOYER_EMAIL = "rh@boulangeries-littoral.fr"
SECOND_EMPLOYER_EMAIL = "rh@transports-bearn.fr"
# BOULANGERIES DU LITTORAL's users with one profile each (the staff manager only reads at Bayonne)
READ_ONLY_EMAIL = "direction@boulangeries-littoral.fr"
SICK_LEAVE_EMAIL = "arrets@boulangeries-littoral.fr"
CONTRIBUTIONS_EMAIL = "comptabilite@boulangeries-littoral.fr"
STAFF_MANAGER_EMAIL = "personnel@boulangeries-littoral.fr"
STAFF_EMAIL = "gestion@ocso.fr"  # the administrator
STAFF_PRESTATIONS_EMAIL = "prestations@ocso.fr"
STAFF_ENTREPRISES_EMAIL = "entreprises@ocso.fr"
LITTORAL_SIREN = luhn_complete("41287603")


# --- introducers and companies


@dataclass(frozen=True)
class IntroducerSpec:
    """A business introducer (apporteur d'affaires)."""

    identifier: str
    name: str
    orias_number: str
    email: str
    phone: str = "05 56 12 34 56"


INTRODUCERS: tuple[IntroducerSpec, ...] = (
    IntroducerSpec("AA0042", "GIRONDE COURTAGE CONSEIL", "19004217", "contact@gironde-courtage.fr"),
    IntroducerSpec("AB0107", "BÉARN ASSURANCES CONSEIL", "21006385", "contact@bearn-assurances.fr"),
)


@dataclass(frozen=True)
class CompanySpec:
    """A persona company (or structure, with a ``parent``), its two signed contracts from ``start``, the
    introducer whose portfolio it is in and the prefix of its bordereaux' references; ``short_name`` names
    it in the demo logins' table."""

    key: str
    client_number: str
    siren: str
    name: str
    address: tuple[str, str, str]
    email: str
    start: date
    contract_numbers: tuple[str, str]
    introducer: str
    short_name: str
    contribution_prefix: str
    parent: str | None = None
    phone: str = "05 56 47 21 90"


COMPANIES: tuple[CompanySpec, ...] = (
    CompanySpec(
        "littoral",
        "C001234",
        LITTORAL_SIREN,
        "BOULANGERIES DU LITTORAL",
        ("12 avenue de la Libération", "33700", "MERIGNAC"),
        "contact@boulangeries-littoral.fr",
        date(2021, 1, 1),
        ("CS-2021-001234", "CP-2021-001234"),
        "AA0042",
        "Mérignac",
        "BC001234-",
    ),
    CompanySpec(
        "bayonne",
        "C001235",
        LITTORAL_SIREN,
        "BOULANGERIES DU LITTORAL – ÉTABLISSEMENT DE BAYONNE",
        ("5 quai Amiral Jauréguiberry", "64100", "BAYONNE"),
        "bayonne@boulangeries-littoral.fr",
        date(2023, 1, 1),
        ("CS-2023-001235", "CP-2023-001235"),
        "AA0042",
        "Bayonne",
        "BC001235-",
        parent="littoral",
    ),
    CompanySpec(
        "bearn",
        "C002468",
        luhn_complete("52318947"),
        "TRANSPORTS DU BÉARN",
        ("18 rue Pierre Bourdeu", "64000", "PAU"),
        "contact@transports-bearn.fr",
        date(2019, 1, 1),
        ("CS-2019-002468", "CP-2019-002468"),
        "AB0107",
        "Pau",
        "BC002468-",
    ),
)
PORTFOLIO_COMMISSION_PERCENT = Decimal("5.00")


@dataclass(frozen=True)
class DraftContractSpec:
    """A santé contract not signed yet, starting on 1 January ``years_ahead`` years after the load, with the
    santé plans' options and guarantee tables."""

    company: str
    number: str
    label: str
    years_ahead: int = 1
    personnel_category: str = "Ensemble du personnel"


DRAFT_CONTRACTS: tuple[DraftContractSpec, ...] = (
    DraftContractSpec(
        "littoral",
        "CS-PROJ-001234",
        "Frais de santé – Cadres (projet non signé)",
        personnel_category="Cadres",
    ),
)

# --- members


@dataclass(frozen=True)
class BeneficiarySpec:
    """A beneficiary other than the member: rank, quality, names (written in capitals), birth."""

    rank: str
    quality: BeneficiaryQuality
    first_name: str
    last_name: str
    birth: date
    teletransmission: Teletransmission = Teletransmission.ACTIVE


@dataclass(frozen=True)
class MemberSpec:
    """A persona member, the option they are covered by (company key, plan) and their beneficiaries."""

    key: str
    number: str
    civility: str
    first_name: str
    last_name: str
    birth: date
    nir: str
    address: tuple[str, str, str]
    adhesion: date
    company: str
    plan: HealthPlan
    email: str | None = None
    iban: str | None = None
    bic: str | None = None
    beneficiaries: tuple[BeneficiarySpec, ...] = ()
    operator: str = "VIAMEDIS"

    @property
    def male(self) -> bool:
        return self.civility == "M."

    @property
    def payee_name(self) -> str:
        """How décomptes paid to the member name them."""
        return f"{self.last_name} {self.first_name}"


MARTIN = MemberSpec(
    "martin",
    MARTIN_NUMBER,
    "M.",
    "Martin",
    "DUBOIS",
    date(1983, 6, 14),
    nir_with_key("1234567891012"),  # « 1 23 45 67 891 012 » on the guide's screen
    ("3 Rue de l'arc en ciel", "33700", "MERIGNAC"),
    date(2021, 1, 23),
    "littoral",
    BASE_PLAN,
    email="martin.dubois@example.fr",
    iban=french_iban("13306", "00050", "12306341516"),  # ends in « 4151 617 » like the guide
    bic="AGRIFRPP123",
    beneficiaries=(
        BeneficiarySpec("EA", BeneficiaryQuality.CHILD, "JULIE", "DUBOIS", date(2014, 10, 27)),
        # Julien's link with the Assurance Maladie is not active yet: Mes informations says what to do.
        BeneficiarySpec(
            "EB", BeneficiaryQuality.CHILD, "JULIEN", "DUBOIS", date(2018, 5, 5), Teletransmission.INACTIVE
        ),
    ),
)
DEMAREST = MemberSpec(
    "demarest",
    DEMAREST_NUMBER,
    "M.",
    "Michael",
    "DEMAREST",
    date(1972, 12, 9),
    nir_with_key("1721202173043"),
    ("3 rue du Colombier", "64000", "OUCHAMPS"),
    date(2019, 3, 1),
    "bearn",
    OPTION_PLAN,
    email="michael.demarest@example.fr",
    iban=french_iban("10907", "00211", "51730418802"),
    bic="CCBPFRPPBDX",
    beneficiaries=(
        BeneficiarySpec(
            "CJ",
            BeneficiaryQuality.SPOUSE,
            "NATHALIE",
            "DEMAREST",
            date(1975, 4, 2),
            Teletransmission.PENDING,
        ),
    ),
)
# Members without a login, employees of the persona companies (adhesion: 40 days after the contracts).
EMPLOYEE_MEMBERS: tuple[MemberSpec, ...] = (
    MemberSpec(
        "lambert",
        "204511",
        "Mme",
        "Sophie",
        "LAMBERT",
        date(1988, 3, 14),
        nir_with_key("2880333281511"),
        ("13 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2021, 2, 10),
        "littoral",
        BASE_PLAN,
    ),
    MemberSpec(
        "benali",
        "204512",
        "M.",
        "Karim",
        "BENALI",
        date(1979, 11, 2),
        nir_with_key("1791133281512"),
        ("14 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2021, 2, 10),
        "littoral",
        OPTION_PLAN,
    ),
    MemberSpec(
        "faure",
        "204513",
        "M.",
        "Julien",
        "FAURE",
        date(1994, 7, 21),
        nir_with_key("1940733281513"),
        ("15 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2021, 2, 10),
        "littoral",
        BASE_PLAN,
    ),
    MemberSpec(
        "petit",
        "204514",
        "Mme",
        "Nadia",
        "PETIT",
        date(1990, 1, 30),
        nir_with_key("2900133281514"),
        ("16 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2021, 2, 10),
        "littoral",
        BASE_PLAN,
    ),
    MemberSpec(
        "lefebvre",
        "204515",
        "M.",
        "Antoine",
        "LEFEBVRE",
        date(1985, 9, 8),
        nir_with_key("1850933281515"),
        ("17 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2023, 2, 10),
        "bayonne",
        BASE_PLAN,
    ),
    MemberSpec(
        "etcheverry",
        "204516",
        "Mme",
        "Maite",
        "ETCHEVERRY",
        date(1982, 5, 17),
        nir_with_key("2820533281516"),
        ("18 rue Jean Jaurès", "33700", "MERIGNAC"),
        date(2019, 2, 10),
        "bearn",
        BASE_PLAN,
    ),
)
MEMBERS: tuple[MemberSpec, ...] = (MARTIN, DEMAREST, *EMPLOYEE_MEMBERS)
PERSONA_MEMBER_NUMBERS = frozenset(member.number for member in MEMBERS)
MEMBER_PHONE = "06 12 34 56 78"  # members with an e-mail address only

# --- logins


@dataclass(frozen=True)
class AccountSpec:
    """A demo login, in the printed table under ``space``; ``member`` and ``introducer`` are keys."""

    space: str
    kind: AccountKind
    login: str
    first_name: str
    last_name: str
    email: str | None
    job_title: str | None = None
    member: str | None = None
    introducer: str | None = None
    staff_role: StaffRole | None = None
    phone: str = "06 98 76 54 32"


ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(
        "Assuré", AccountKind.MEMBER, MARTIN_NUMBER, "Martin", "DUBOIS", MARTIN.email, member="martin"
    ),
    AccountSpec(
        "Assuré",
        AccountKind.MEMBER,
        DEMAREST_NUMBER,
        "Michael",
        "DEMAREST",
        DEMAREST.email,
        member="demarest",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        EMPLOYER_EMAIL,
        "Claire",
        "LEROUX",
        EMPLOYER_EMAIL,
        job_title="Responsable des ressources humaines",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        "paie@boulangeries-littoral.fr",
        "Hugo",
        "BERNARD",
        "paie@boulangeries-littoral.fr",
        job_title="Gestionnaire de paie",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        READ_ONLY_EMAIL,
        "Isabelle",
        "DUCASSE",
        READ_ONLY_EMAIL,
        job_title="Directrice générale",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        SICK_LEAVE_EMAIL,
        "Léa",
        "LARRIEU",
        SICK_LEAVE_EMAIL,
        job_title="Assistante ressources humaines",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        CONTRIBUTIONS_EMAIL,
        "Marc",
        "DUPRAT",
        CONTRIBUTIONS_EMAIL,
        job_title="Comptable",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        STAFF_MANAGER_EMAIL,
        "Sandrine",
        "LABORDE",
        STAFF_MANAGER_EMAIL,
        job_title="Chargée de gestion du personnel",
    ),
    AccountSpec(
        "Employeur",
        AccountKind.EMPLOYER,
        SECOND_EMPLOYER_EMAIL,
        "Paul",
        "ETCHEVERRY",
        SECOND_EMPLOYER_EMAIL,
        job_title="Directeur administratif et financier",
    ),
    AccountSpec(
        "Apporteur d'affaires",
        AccountKind.INTRODUCER,
        "AA0042",
        "Alain",
        "LEROY",
        "a.leroy@gironde-courtage.fr",
        introducer="AA0042",
    ),
    AccountSpec(
        "Apporteur d'affaires",
        AccountKind.INTRODUCER,
        "AB0107",
        "Béatrice",
        "HARISPE",
        "b.harispe@bearn-assurances.fr",
        introducer="AB0107",
    ),
    AccountSpec(
        "Gestion OCSO",
        AccountKind.STAFF,
        STAFF_EMAIL,
        "Nathalie",
        "ROUX",
        STAFF_EMAIL,
        job_title="Responsable de la gestion",
        staff_role=StaffRole.ADMIN,
    ),
    AccountSpec(
        "Gestion OCSO",
        AccountKind.STAFF,
        STAFF_PRESTATIONS_EMAIL,
        "Julien",
        "CAZENAVE",
        STAFF_PRESTATIONS_EMAIL,
        job_title="Gestionnaire prestations",
        staff_role=StaffRole.PRESTATIONS,
    ),
    AccountSpec(
        "Gestion OCSO",
        AccountKind.STAFF,
        STAFF_ENTREPRISES_EMAIL,
        "Amaia",
        "ETCHEGARAY",
        STAFF_ENTREPRISES_EMAIL,
        job_title="Chargée de clientèle entreprises",
        staff_role=StaffRole.ENTREPRISES,
    ),
)


@dataclass(frozen=True)
class GrantSpec:
    """An employer login's right on a company (``granted_by``: the login that delegated it)."""

    login: str
    company: str
    profile: EmployerProfile
    is_principal: bool
    granted_by: str | None = None


GRANTS: tuple[GrantSpec, ...] = (
    GrantSpec(EMPLOYER_EMAIL, "littoral", EmployerProfile.ADMIN, True),
    GrantSpec(EMPLOYER_EMAIL, "bayonne", EmployerProfile.ADMIN, True),
    GrantSpec(
        "paie@boulangeries-littoral.fr", "bayonne", EmployerProfile.STAFF_MANAGEMENT, False, EMPLOYER_EMAIL
    ),
    GrantSpec(SECOND_EMPLOYER_EMAIL, "bearn", EmployerProfile.ADMIN, True),
    # one user per profile on BOULANGERIES DU LITTORAL, given by its administrator
    *(
        GrantSpec(login, company, profile, False, EMPLOYER_EMAIL)
        for login, company, profile in (
            (READ_ONLY_EMAIL, "littoral", EmployerProfile.READ_ONLY),
            (READ_ONLY_EMAIL, "bayonne", EmployerProfile.READ_ONLY),
            (SICK_LEAVE_EMAIL, "littoral", EmployerProfile.SICK_LEAVE),
            (SICK_LEAVE_EMAIL, "bayonne", EmployerProfile.SICK_LEAVE),
            (CONTRIBUTIONS_EMAIL, "littoral", EmployerProfile.CONTRIBUTIONS),
            (CONTRIBUTIONS_EMAIL, "bayonne", EmployerProfile.CONTRIBUTIONS),
            (STAFF_MANAGER_EMAIL, "littoral", EmployerProfile.STAFF_MANAGEMENT),
            (STAFF_MANAGER_EMAIL, "bayonne", EmployerProfile.READ_ONLY),
        )
    ),
)

# --- employees


@dataclass(frozen=True)
class MemberEmployeeSpec:
    """A persona member as an employee of a persona company."""

    member: str
    company: str
    hired_on: date
    adhesion: date
    plan: HealthPlan
    status: AffiliationStatus = AffiliationStatus.AFFILIATED
    radiated_days_ago: int | None = None
    reason: str | None = None


MEMBER_EMPLOYEES: tuple[MemberEmployeeSpec, ...] = (
    MemberEmployeeSpec("martin", "littoral", date(2020, 9, 1), date(2021, 1, 23), BASE_PLAN),
    MemberEmployeeSpec("demarest", "bearn", date(2018, 11, 5), date(2019, 3, 1), OPTION_PLAN),
    MemberEmployeeSpec("lambert", "littoral", date(2021, 1, 11), date(2021, 2, 10), BASE_PLAN),
    MemberEmployeeSpec("benali", "littoral", date(2021, 1, 11), date(2021, 2, 10), OPTION_PLAN),
    MemberEmployeeSpec("lefebvre", "bayonne", date(2023, 1, 11), date(2023, 2, 10), BASE_PLAN),
    MemberEmployeeSpec("etcheverry", "bearn", date(2019, 1, 11), date(2019, 2, 10), BASE_PLAN),
    MemberEmployeeSpec(
        "faure",
        "littoral",
        date(2021, 3, 1),
        date(2021, 4, 10),
        BASE_PLAN,
        AffiliationStatus.RADIATED,
        12,  # within the 30 days HR may cancel it in (« Annuler la radiation »)
        DepartureReason.RESIGNATION.value,
    ),
    MemberEmployeeSpec(
        "petit",
        "littoral",
        date(2021, 2, 1),
        date(2021, 2, 10),
        BASE_PLAN,
        AffiliationStatus.PORTABILITY,
        140,
        DepartureReason.END_OF_FIXED_TERM.value,
    ),
)


@dataclass(frozen=True)
class InvitedEmployeeSpec:
    """An employee invited to join (not a member): invited ``waited_days`` days and two hours ago."""

    company: str
    civility: str
    first_name: str
    last_name: str
    birth: date
    status: AffiliationStatus
    waited_days: int


INVITED_EMPLOYEES: tuple[InvitedEmployeeSpec, ...] = (
    InvitedEmployeeSpec(
        "littoral", "Mme", "Camille", "ROUSSEAU", date(1999, 2, 11), AffiliationStatus.PENDING, 3
    ),
    InvitedEmployeeSpec(
        "littoral", "M.", "Thomas", "GIRARD", date(1996, 8, 24), AffiliationStatus.TO_REMIND, 12
    ),
    InvitedEmployeeSpec(
        "littoral", "Mme", "Inès", "MOREAU", date(1992, 12, 5), AffiliationStatus.EXEMPTED, 200
    ),
    InvitedEmployeeSpec("bayonne", "Mme", "Emma", "GARNIER", date(2001, 6, 19), AffiliationStatus.PENDING, 1),
    InvitedEmployeeSpec(
        "bearn", "M.", "Lucas", "DARRIGRAND", date(1997, 10, 3), AffiliationStatus.TO_REMIND, 15
    ),
)


@dataclass(frozen=True)
class DispenseRequestSpec:
    """A dispense request still to decide, sent by an invited employee ``sent_days_ago`` (its proof is a
    small PDF stored privately), ending ``ends_in_days`` after the load."""

    last_name: str
    case: str
    proof_title: str
    sent_days_ago: int
    ends_in_days: int


DISPENSE_REQUESTS: tuple[DispenseRequestSpec, ...] = (
    DispenseRequestSpec(
        "ROUSSEAU", "css", "Attestation de droits à la Complémentaire santé solidaire", 1, 200
    ),
    DispenseRequestSpec(
        "GARNIER", "contrat_individuel", "Certificat d'adhésion à un contrat santé individuel", 0, 120
    ),
)


@dataclass(frozen=True)
class SickLeaveSpec:
    """An arrêt de travail of a member employee, started ``started_days_ago`` (``days`` ``None``: running);
    its reference is ``AT-<year of start>-<number>``."""

    company: str
    employee: str
    number: str
    reason: str
    started_days_ago: int
    days: int | None
    daily: Decimal


SICK_LEAVES: tuple[SickLeaveSpec, ...] = (
    SickLeaveSpec("littoral", "lambert", "000142", "Maladie", 75, None, Decimal("48.62")),
    SickLeaveSpec("littoral", "benali", "000097", "Accident du travail", 400, 45, Decimal("61.35")),
)
