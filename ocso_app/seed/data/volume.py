"""The shape of the generated volume: sizes, pools, probabilities and the choices the generator draws from.

Probabilities are the chance of the first case (``rng.random() < p``); choice tables repeat a value to weigh
it. Changing any value changes the data generated for a given ``--seed``."""

from __future__ import annotations

from dataclasses import dataclass

from ocso_app.services.portability import DepartureReason

HISTORY_DAYS = 730  # décomptes cover the last two years
MEMBERS_PER_COMPANY = 50  # on average; a company has between a fifth and 9/5 of it
LINES_PER_STATEMENT = (1, 1, 1, 2, 2, 3, 4)
EXTRA_BENEFICIARIES = (0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4)
CHILD_RANKS = ("EA", "EB", "EC", "ED")
EMAIL_DOMAINS = ("example.fr", "example.com", "example.org")

# --- pools drawn once from Faker: how many draws (duplicates are dropped)

MALE_FIRST_NAME_DRAWS = 400
FEMALE_FIRST_NAME_DRAWS = 400
LAST_NAME_DRAWS = 2500
STREET_DRAWS = 1500


@dataclass(frozen=True)
class PractitionerPool:
    """``count`` practitioners of a care category, named by ``template``: ``{f}`` a first name, ``{l}`` a
    last name (both always drawn, in that order, for a person), ``{place}`` a pharmacy's place, ``{town}``
    a town (drawn in the template's order)."""

    category: str
    template: str
    count: int
    person: bool = False


PHARMACY_PLACES = (
    "du Centre",
    "de la Gare",
    "des Arcades",
    "du Marché",
    "de l'Océan",
    "des Halles",
    "du Parc",
)
PRACTITIONERS: tuple[PractitionerPool, ...] = (
    PractitionerPool("MEDG", "Dr {f} {l}", 300, person=True),
    PractitionerPool("MEDS", "Dr {f} {l}", 200, person=True),
    PractitionerPool("PHAR", "Pharmacie {place} – {town}", 150),
    PractitionerPool("LABO", "Laboratoire de biologie médicale {town}", 40),
    PractitionerPool("RADL", "Centre d'imagerie médicale {town}", 40),
    PractitionerPool("HOSP", "Clinique de {town}", 10),
    PractitionerPool("HOSP", "Centre hospitalier de {town}", 10),
    PractitionerPool("HOSP", "Polyclinique de {town}", 10),
    PractitionerPool("OPTI", "Optique {l}", 60, person=True),
    PractitionerPool("DENT", "Dr {f} {l}, chirurgien-dentiste", 120, person=True),
    PractitionerPool("AUDI", "Audition {l}", 30, person=True),
    PractitionerPool("KINE", "{f} {l}, masseur-kinésithérapeute", 120, person=True),
    PractitionerPool("MEDD", "{f} {l}, ostéopathe", 60, person=True),
)

# --- care

VARIANTS_PER_ACT = 64  # pre-priced occurrences of each act per plan
OPERATOR_PAYEE_SHARE = 0.85  # of tiers-payant acts, paid to the operator rather than the member
CARE_DAYS_BEFORE_PAYMENT = (2, 26)
FIRST_PAYMENT_AFTER_DAYS = 28
MEMBER_LINES = (2, 12)  # care lines of a member, plus two per other beneficiary

# --- companies and contracts

COMPANY_AGE_YEARS = (2, 8)
EMPLOYER_SHARE_PERCENTS = (50, 50, 60, 100)
COMMISSION_PERCENTS = (3, 4, 5)
CONTRIBUTION_QUARTERS = 4
OTHER_EMPLOYEES = (2, 6)  # employees in other statuses than affiliated, per company
SICK_LEAVE_SHARE = 0.3  # of companies with an arrêt de travail
SICK_LEAVE_REASONS = ("Maladie", "Maladie", "Accident du travail", "Accident de trajet")
SICK_LEAVE_STARTED_DAYS_AGO = (20, 400)
SICK_LEAVE_DAYS = (None, 14, 30, 60, 90)  # None: still running
SICK_LEAVE_DAILY = ("28.00", "95.00")

# --- members and employees

MEMBER_AGES = (22, 64)
OTHER_EMPLOYEE_AGES = (19, 62)
BASE_PLAN_SHARE = 0.7  # of members on the base rather than the option
MEMBER_EMAIL_SHARE = 0.8
MEMBER_PHONE_SHARE = 0.85
MOBILE_PREFIXES = ("06", "07")
COMPANY_PHONE_PREFIX = "05"
SPOUSE_SHARE = 0.55  # of members with other beneficiaries, one of them a spouse
SPOUSE_SAME_NAME_SHARE = 0.6
PENDING_WAITED_DAYS = (0, 7)
TO_REMIND_WAITED_DAYS = (9, 40)
OTHER_STATUS_SINCE_DAYS = (200, 900)
LEFT_DAYS_AGO = (15, 300)
RESIGNATION = DepartureReason.RESIGNATION.value  # the motifs as the radiation stores them
PORTABILITY_REASONS = (
    DepartureReason.DISMISSAL.value,
    DepartureReason.END_OF_FIXED_TERM.value,
    DepartureReason.CONTRACTUAL_TERMINATION.value,
)
