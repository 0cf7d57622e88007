"""The care catalog of OCSO's health plans: care categories (natures d'acte), the acts a décompte shows,
and the guarantee tables of the santé options and of the prévoyance plan.

A guarantee is a percentage of the Sécurité sociale base (Sécurité sociale included, "200 % BR"), a flat
amount per act ("forfait 400 € par oreille") or a yearly forfait ("forfait 150 €/an"), kept per beneficiary or
shared by the family. This module is the one source of the guarantee rules: the seed, the pricing, the
explanation of a décompte line, the forfaits left and the simulation all read it. The Sécurité sociale keeps a
participation forfaitaire (consultations, biology, imaging) or a franchise médicale (medicines, paramedical
acts) that no complementary may pay. Amounts are ``Decimal`` rounded half-up to the cent (:func:`money`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ocso_app.services.formats import format_count

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

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
    "MEDD": "Médecines douces",
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
    tiers_payant: bool
    weight: int
    max_quantity: int = 1
    min_quantity: int = 1


CARE_ACTS: tuple[CareAct, ...] = (
    CareAct("MEDG", "G", "Consultation médecin généraliste", ("30.00", "30.00"), None, 70, False, 16),
    CareAct("MEDG", "VG", "Visite à domicile médecin généraliste", ("40.00", "40.00"), None, 70, False, 1),
    CareAct("MEDG", "TCG", "Téléconsultation médecin généraliste", ("30.00", "30.00"), None, 70, False, 2),
    CareAct(
        "MEDS",
        "CS",
        "Consultation médecin spécialiste",
        ("30.00", "30.00"),
        ("30.00", "80.00"),
        70,
        False,
        6,
    ),
    CareAct("MEDS", "CNP", "Consultation psychiatre", ("55.00", "55.00"), ("55.00", "90.00"), 70, False, 1),
    CareAct(
        "MEDS",
        "APC",
        "Avis ponctuel de consultant",
        ("60.00", "60.00"),
        ("60.00", "110.00"),
        70,
        False,
        1,
    ),
    CareAct("PHAR", "PH7", "Pharmacie remboursée à 65 %", ("2.50", "65.00"), None, 65, True, 22),
    CareAct("PHAR", "PH4", "Pharmacie remboursée à 30 %", ("2.00", "25.00"), None, 30, True, 8),
    CareAct("PHAR", "PH2", "Pharmacie remboursée à 15 %", ("1.50", "12.00"), None, 15, True, 3),
    CareAct("PHAR", "PH1", "Pharmacie remboursée à 100 %", ("8.00", "180.00"), None, 100, True, 2),
    CareAct("LABO", "B", "Analyses de biologie médicale", ("8.00", "85.00"), None, 60, True, 6),
    CareAct("RADL", "ADI", "Radiographie", ("20.00", "60.00"), None, 70, True, 3),
    CareAct("RADL", "ADE", "Échographie", ("37.80", "75.60"), ("40.00", "110.00"), 70, True, 2),
    CareAct("RADL", "IRM", "IRM", ("69.00", "69.00"), None, 70, True, 1),
    CareAct(
        "HOSP",
        "FJH",
        "Forfait journalier hospitalier",
        ("20.00", "20.00"),
        None,
        0,
        True,
        1,
        max_quantity=6,
    ),
    CareAct("HOSP", "FS", "Frais de séjour hospitalier", ("450.00", "2800.00"), None, 80, True, 1),
    CareAct(
        "HOSP",
        "ACO",
        "Honoraires chirurgicaux",
        ("150.00", "450.00"),
        ("200.00", "900.00"),
        80,
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
        True,
        1,
        max_quantity=2,
        min_quantity=2,
    ),
    CareAct("OPTI", "MON", "Monture", ("0.05", "0.05"), ("60.00", "190.00"), 60, True, 1),
    CareAct("OPTI", "LEN", "Lentilles de contact", ("0.00", "0.00"), ("90.00", "300.00"), 0, True, 1),
    CareAct("DENT", "C", "Consultation chirurgien-dentiste", ("23.00", "23.00"), None, 70, False, 3),
    CareAct("DENT", "SC", "Soins dentaires conservateurs", ("26.97", "81.00"), None, 70, False, 4),
    CareAct("DENT", "HBJD001", "Détartrage", ("28.92", "28.92"), None, 70, False, 2),
    CareAct(
        "DENT",
        "PDT",
        "Couronne céramo-métallique",
        ("120.00", "120.00"),
        ("450.00", "900.00"),
        60,
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
        5,
        max_quantity=10,
    ),
    CareAct("MEDD", "OST", "Séance d'ostéopathie", ("0.00", "0.00"), ("50.00", "80.00"), 0, False, 2),
)


def act_by_label(label: str) -> CareAct:
    """The act of the catalog with this label."""
    return next(act for act in CARE_ACTS if act.label == label)


@dataclass(frozen=True)
class SsDeduction:
    """What the Sécurité sociale keeps on an act, per act or per unit (box, séance); never paid by OCSO."""

    label: str
    amount: Decimal
    per_unit: bool

    def on(self, quantity: int) -> Decimal:
        """The amount kept on a line of ``quantity`` units."""
        return self.amount * quantity if self.per_unit else self.amount


PARTICIPATION_FORFAITAIRE = SsDeduction("participation forfaitaire", money("2.00"), per_unit=False)
FRANCHISE = SsDeduction("franchise médicale", money("1.00"), per_unit=True)  # per box or séance
SS_DEDUCTIONS: dict[str, SsDeduction] = {
    "MEDG": PARTICIPATION_FORFAITAIRE,
    "MEDS": PARTICIPATION_FORFAITAIRE,
    "LABO": PARTICIPATION_FORFAITAIRE,
    "RADL": PARTICIPATION_FORFAITAIRE,
    "PHAR": FRANCHISE,
    "KINE": FRANCHISE,
}


def ss_deduction(category: str) -> SsDeduction | None:
    """The participation forfaitaire or franchise the Sécurité sociale keeps on a care category, if any."""
    return SS_DEDUCTIONS.get(category)


class ForfaitScope(StrEnum):
    """Whom a yearly forfait is counted for."""

    BENEFICIARY = "beneficiaire"
    FAMILY = "famille"


FORFAIT_SCOPE_LABELS = {
    ForfaitScope.BENEFICIARY: "par bénéficiaire",
    ForfaitScope.FAMILY: "pour toute la famille",
}
HUNDRED_PERCENT_SANTE = ("OPTI", "DENT", "AUDI")  # the care types with a 100 % Santé offer


@dataclass(frozen=True)
class GuaranteeRule:
    """A line of a guarantee table. OCSO's part of one act is at most: ``rate_percent`` of the base minus the
    Sécurité sociale's part, ``flat_amount`` per act, and what is left of ``yearly_amount`` this calendar year
    (counted per ``yearly_scope``); a rule has one or several of them."""

    category: str
    label: str
    rule: str
    rate_percent: Decimal | None = None
    flat_amount: Decimal | None = None
    yearly_amount: Decimal | None = None
    yearly_scope: ForfaitScope = ForfaitScope.BENEFICIARY


def _pct(category: str, percent: int) -> GuaranteeRule:
    return GuaranteeRule(
        category, CARE_CATEGORIES[category], f"{percent} % BR", rate_percent=Decimal(percent)
    )


def _yearly(
    category: str, amount: int, *, per_act: int | None = None, scope: ForfaitScope = ForfaitScope.BENEFICIARY
) -> GuaranteeRule:
    yearly = format_count(amount)  # « 1 000 € »
    text = (
        f"forfait {format_count(per_act)} € par oreille, {yearly} €/an"
        if per_act
        else f"forfait {yearly} €/an"
    )
    if scope == ForfaitScope.FAMILY:
        text += " par famille"
    return GuaranteeRule(
        category,
        CARE_CATEGORIES[category],
        text,
        flat_amount=money(per_act) if per_act else None,
        yearly_amount=money(amount),
        yearly_scope=scope,
    )


@dataclass(frozen=True)
class HealthPlan:
    """A santé option (the base plan or an upgrade), or the prévoyance plan (``PROVIDENT_PLAN``), with its
    monthly contribution and guarantee table."""

    code: str
    label: str
    is_base: bool
    monthly_contribution: Decimal
    rules: tuple[GuaranteeRule, ...]

    def rule_for(self, category: str) -> GuaranteeRule:
        """The guarantee applying to a care category."""
        return next(rule for rule in self.rules if rule.category == category)

    def yearly_rules(self) -> tuple[GuaranteeRule, ...]:
        """The guarantees with a yearly ceiling."""
        return tuple(rule for rule in self.rules if rule.yearly_amount is not None)


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
        _yearly("OPTI", 150),
        _pct("DENT", 125),
        _yearly("AUDI", 800, per_act=400),
        _pct("KINE", 100),
        _yearly("MEDD", 100, scope=ForfaitScope.FAMILY),
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
        _yearly("OPTI", 300),
        _pct("DENT", 300),
        _yearly("AUDI", 2000, per_act=1000),
        _pct("KINE", 150),
        _yearly("MEDD", 240, scope=ForfaitScope.FAMILY),
    ),
)
HEALTH_PLANS = (BASE_PLAN, OPTION_PLAN)


def plan_by_code(code: str | None) -> HealthPlan | None:
    """The santé plan of a contract option's code (``BASE``, ``OPT1``); ``None`` for another contract."""
    return next((plan for plan in HEALTH_PLANS if plan.code == code), None)


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
# the one option of a prévoyance contract (``plan_by_code`` finds santé plans only)
PROVIDENT_PLAN = HealthPlan(
    "BASE", PROVIDENT_PLAN_LABEL, True, PROVIDENT_MONTHLY_CONTRIBUTION, PROVIDENT_RULES
)
