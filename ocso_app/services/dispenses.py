"""The legal cases in which an employee may be dispensed from the compulsory collective health cover
(Code de la sécurité sociale, art. R242-1-6 and D911-2), each with what it needs: a proof or a signed sworn
statement, and whether it ends (a fixed-term contract, the CSS, an individual contract until its renewal) or
must be proved again every year (another collective cover). The employee's request, HR's decision and the
follow-up of the dates all read this one table."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ProofKind(enum.StrEnum):
    DOCUMENT = "justificatif"
    SWORN_STATEMENT = "attestation sur l'honneur"


class EndKind(enum.StrEnum):
    NONE = "sans fin"
    END_DATE = "date de fin"  # the dispense ends on that day: the employee is then asked to affiliate
    YEARLY_PROOF = "justificatif annuel"  # a new proof is due every year, on that day


@dataclass(frozen=True)
class DispenseCase:
    """One case of dispense as the employee picks it from the list."""

    code: str
    label: str
    proof: ProofKind
    end: EndKind
    end_label: str = ""


CASES: dict[str, DispenseCase] = {
    case.code: case
    for case in (
        DispenseCase(
            "cdd_moins_12_mois",
            "Salarié(e) en CDD ou contrat de mission de moins de 12 mois",
            ProofKind.SWORN_STATEMENT,
            EndKind.END_DATE,
            "Date de fin du contrat de travail",
        ),
        DispenseCase(
            "cdd_couvert",
            "Salarié(e) en CDD ou contrat de mission d'au moins 12 mois, "
            "déjà couvert(e) par un contrat individuel",
            ProofKind.DOCUMENT,
            EndKind.END_DATE,
            "Date de fin du contrat de travail",
        ),
        DispenseCase(
            "temps_partiel",
            "Temps partiel ou apprenti(e) : la cotisation atteindrait au moins 10 % de la rémunération brute",
            ProofKind.SWORN_STATEMENT,
            EndKind.NONE,
        ),
        DispenseCase(
            "css",
            "Bénéficiaire de la Complémentaire santé solidaire (CSS)",
            ProofKind.DOCUMENT,
            EndKind.END_DATE,
            "Date de fin de droits à la CSS",
        ),
        DispenseCase(
            "contrat_individuel",
            "Déjà couvert(e) par un contrat individuel à l'embauche, jusqu'à son échéance",
            ProofKind.DOCUMENT,
            EndKind.END_DATE,
            "Date d'échéance du contrat individuel",
        ),
        DispenseCase(
            "couverture_collective",
            "Déjà couvert(e), même comme ayant droit, par une autre couverture collective obligatoire",
            ProofKind.DOCUMENT,
            EndKind.YEARLY_PROOF,
            "Date à laquelle fournir le prochain justificatif",
        ),
        DispenseCase(
            "avant_mise_en_place",
            "Présent(e) avant la mise en place du régime par décision unilatérale (cotisation salariale)",
            ProofKind.SWORN_STATEMENT,
            EndKind.NONE,
        ),
    )
}


def case_of(code: str) -> DispenseCase | None:
    """The case of a code sent by the browser, or ``None`` if it is not one of the list."""
    return CASES.get(code)
