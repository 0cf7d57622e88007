"""How each euro of a care line came about, in French: the Sécurité sociale's part (base × taux, minus the
participation forfaitaire or franchise), the member's guarantee and its ceilings, OCSO's part, and why
something is left to pay (a ceiling reached, a dépassement d'honoraires).

:func:`explain` is the one place these sentences are written: Mes remboursements (the ▼ of a décompte), the
décompte PDF and the simulation all show its lines. It reads the amounts as they were paid and the rule of
the member's own contract (:mod:`~ocso_app.services.care_catalog`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from ocso_app.db import Reader
from ocso_app.services import forfaits
from ocso_app.services.care_catalog import (
    FORFAIT_SCOPE_LABELS,
    ZERO,
    GuaranteeRule,
    HealthPlan,
    money,
    ss_deduction,
)
from ocso_app.services.formats import format_money, format_percent, format_short_date
from ocso_app.services.pricing import LineAmounts

DEDUCTION = "participation forfaitaire ou franchise"


class StoredLine(Protocol):
    """A paid care line as read from the database: a ``CareLine`` or a row of its columns (cheaper to read
    when nothing is written back)."""

    @property
    def id(self) -> int: ...
    @property
    def beneficiary_id(self) -> int: ...
    @property
    def care_date(self) -> date: ...
    @property
    def care_category(self) -> str: ...
    @property
    def act_label(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def amount_spent(self) -> Decimal: ...
    @property
    def ss_base(self) -> Decimal: ...
    @property
    def ss_rate(self) -> int: ...
    @property
    def ss_reimbursed(self) -> Decimal: ...
    @property
    def complementary_reimbursed(self) -> Decimal: ...
    @property
    def remaining_charge(self) -> Decimal: ...


@dataclass(frozen=True)
class Care:
    """The amounts of one care (a paid line or a simulation)."""

    category: str
    spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary: Decimal
    remaining: Decimal

    @classmethod
    def of_amounts(cls, category: str, amounts: LineAmounts) -> Care:
        """The amounts of a priced care (a simulation)."""
        return cls(
            category,
            amounts.amount_spent,
            amounts.ss_base,
            amounts.ss_rate,
            amounts.ss_reimbursed,
            amounts.complementary_reimbursed,
            amounts.remaining_charge,
        )

    @classmethod
    def of_line(cls, line: StoredLine) -> Care:
        """The amounts of a stored care line."""
        return cls(
            line.care_category,
            line.amount_spent,
            line.ss_base,
            line.ss_rate,
            line.ss_reimbursed,
            line.complementary_reimbursed,
            line.remaining_charge,
        )


@dataclass(frozen=True)
class LineExplanation:
    """One line's explanation: a title (date, beneficiary, act) and its sentences."""

    title: str
    steps: list[str]


def _m(amount: Decimal) -> str:
    return format_money(amount)


def _social_security(care: Care, gross: Decimal, kept: Decimal, label: str) -> str:
    if not care.ss_base or not care.ss_rate:
        return f"Sécurité sociale : acte non remboursé (base {_m(care.ss_base)}, taux {care.ss_rate}\u00a0%)."
    rate = f"{care.ss_rate}\u00a0%"
    text = f"Sécurité sociale : base de remboursement {_m(care.ss_base)} × {rate} = {_m(gross)}"
    if kept:
        text += f", moins {_m(kept)} de {label}, soit {_m(care.ss_reimbursed)} versés"
    return text + "."


def _guarantee(rule: GuaranteeRule, care: Care, gross: Decimal, used_before: Decimal | None) -> str:
    parts = []
    if rule.rate_percent is not None:
        total = money(care.ss_base * rule.rate_percent / 100)
        parts.append(
            f"jusqu'à {format_percent(rule.rate_percent)} × {_m(care.ss_base)} = {_m(total)} "
            f"Sécurité sociale comprise, soit au plus {_m(max(total - gross, ZERO))} pour OCSO"
        )
    if rule.flat_amount is not None:
        parts.append(f"au plus {_m(rule.flat_amount)} par acte")
    if rule.yearly_amount is not None:
        used = used_before or ZERO
        parts.append(
            f"forfait annuel compté {FORFAIT_SCOPE_LABELS[rule.yearly_scope]} : "
            f"{_m(used)} déjà utilisés cette année avant cet acte, il restait "
            f"{_m(max(rule.yearly_amount - used, ZERO))}"
        )
    return f"Votre garantie {rule.label} «\u00a0{rule.rule}\u00a0» : " + " ; ".join(parts) + "."


def _beyond_reason(rule: GuaranteeRule | None, care: Care, used_before: Decimal | None) -> str:
    """Why OCSO did not pay everything the Sécurité sociale left (the binding ceiling)."""
    if rule is None:
        return "non couverts par votre contrat"
    if rule.yearly_amount is not None:
        left = max(rule.yearly_amount - (used_before or ZERO), ZERO)
        if care.complementary >= left:
            if not left:
                return f"non remboursés : le forfait de {_m(rule.yearly_amount)} par an était déjà atteint"
            if used_before:
                return (
                    f"au-delà du forfait annuel, atteint sur cet acte (il n'en restait que {_m(left)} sur "
                    f"{_m(rule.yearly_amount)})"
                )
            return f"au-delà du forfait de {_m(rule.yearly_amount)} par an"
    if rule.flat_amount is not None and care.complementary >= rule.flat_amount:
        return f"au-delà du forfait de {_m(rule.flat_amount)} par acte"
    if rule.rate_percent is not None and care.spent > care.ss_base:
        total = money(care.ss_base * rule.rate_percent / 100)
        return f"de dépassement d'honoraires au-delà de votre garantie {rule.rule} ({_m(total)})"
    return "non couverts par votre garantie"


def _remaining(
    care: Care, rule: GuaranteeRule | None, kept: Decimal, label: str, used: Decimal | None
) -> str:
    if care.remaining <= 0:
        return f"Reste à charge : {_m(ZERO)}, rien ne reste à votre charge."
    reasons = []
    if kept:
        reasons.append(f"{_m(kept)} de {label}, qu'aucune complémentaire ne rembourse")
    beyond = care.remaining - kept
    if beyond > 0:
        reasons.append(f"{_m(beyond)} {_beyond_reason(rule, care, used)}")
    if len(reasons) == 1:  # the reason says the whole amount
        return f"Reste à charge : {reasons[0]}."
    parts = f", soit {' et '.join(reasons)}" if reasons else ""
    return f"Reste à charge : {_m(care.remaining)}{parts}."


def explain(
    care: Care,
    rule: GuaranteeRule | None,
    *,
    used_before: Decimal | None = None,
    hundred_percent_sante: bool = False,
) -> list[str]:
    """The sentences explaining ``care`` under ``rule`` (``used_before``: the yearly forfait used by earlier
    décomptes of the year)."""
    gross = money(care.ss_base * care.ss_rate / 100)
    kept = max(gross - care.ss_reimbursed, ZERO)
    deduction = ss_deduction(care.category)
    label = deduction.label if deduction is not None else DEDUCTION
    if hundred_percent_sante:
        guarantee = (
            "Équipement 100 % Santé : OCSO rembourse tout ce que la Sécurité sociale ne prend pas en "
            "charge, sans utiliser votre forfait."
        )
    elif rule is None:
        guarantee = "Aucune garantie de votre contrat ne couvre cet acte."
    else:
        guarantee = _guarantee(rule, care, gross, used_before)
    return [
        _social_security(care, gross, kept, label),
        guarantee,
        f"Part OCSO : {_m(care.complementary)}.",
        _remaining(care, rule, kept, label, used_before),
    ]


def explain_lines(
    session: Reader, *, member_id: int, plan: HealthPlan | None, lines: Sequence[tuple[StoredLine, str]]
) -> list[LineExplanation]:
    """The explanation of each of the member's ``(line, beneficiary name)``, from their ``plan``
    (``forfaits.member_plan``, or read with the lines) and the forfaits used before each line: one query
    whatever the number of lines."""
    if not lines:
        return []
    before: dict[int, Decimal] = {}
    if plan is not None:
        refs = [
            forfaits.LineRef(line.id, line.beneficiary_id, line.care_category, line.care_date)
            for line, _ in lines
        ]
        before = forfaits.used_before(session, member_id=member_id, plan=plan, lines=refs)
    explained = []
    for line, name in lines:
        rules = plan.rules if plan is not None else ()
        rule = next((rule for rule in rules if rule.category == line.care_category), None)
        title = f"{format_short_date(line.care_date)} – {name} – {line.act_label}"
        steps = explain(Care.of_line(line), rule, used_before=before.get(line.id))
        explained.append(LineExplanation(title, steps))
    return explained
