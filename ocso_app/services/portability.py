"""Portabilité of the cover after the end of an employment contract (Code de la sécurité sociale, art.
L911-8), encoded once: which departures open it, for how long, and until which day.

- It is granted when the end of the contract opens rights to unemployment insurance and is not a faute lourde:
  licenciement (faute grave included), rupture conventionnelle, fin de CDD, a trial period ended by the
  employer, démission légitime. An ordinary démission, a trial period ended by the employee, retraite,
  faute lourde and décès do not open it.
- The employee must have been covered by the company's contract when they left.
- It lasts as long as the last contract with this employer, counted in whole months rounded up (a started
  month counts), at most 12 months. It starts the day after the departure date and ends the day before the
  same date N months later (the last day of a shorter month when that date does not exist).
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from ocso_app.services.errors import OcsoError

MAX_MONTHS = 12
DEPARTURE_BEFORE_HIRING = "La date de sortie ne peut pas précéder la date d'embauche."


class DepartureReason(enum.StrEnum):
    """The motif de départ HR gives when radiating an employee."""

    DISMISSAL = "licenciement"
    DISMISSAL_SERIOUS_MISCONDUCT = "licenciement_faute_grave"
    DISMISSAL_GROSS_MISCONDUCT = "licenciement_faute_lourde"
    CONTRACTUAL_TERMINATION = "rupture_conventionnelle"
    END_OF_FIXED_TERM = "fin_cdd"
    TRIAL_ENDED_BY_EMPLOYER = "fin_periode_essai_employeur"
    TRIAL_ENDED_BY_EMPLOYEE = "fin_periode_essai_salarie"
    RESIGNATION = "demission"
    LEGITIMATE_RESIGNATION = "demission_legitime"
    RETIREMENT = "retraite"
    DEATH = "deces"


REASON_LABELS: dict[DepartureReason, str] = {
    DepartureReason.DISMISSAL: "Licenciement",
    DepartureReason.DISMISSAL_SERIOUS_MISCONDUCT: "Licenciement pour faute grave",
    DepartureReason.DISMISSAL_GROSS_MISCONDUCT: "Licenciement pour faute lourde",
    DepartureReason.CONTRACTUAL_TERMINATION: "Rupture conventionnelle",
    DepartureReason.END_OF_FIXED_TERM: "Fin de CDD",
    DepartureReason.TRIAL_ENDED_BY_EMPLOYER: "Fin de période d'essai (à l'initiative de l'employeur)",
    DepartureReason.TRIAL_ENDED_BY_EMPLOYEE: "Fin de période d'essai (à l'initiative du salarié)",
    DepartureReason.RESIGNATION: "Démission",
    DepartureReason.LEGITIMATE_RESIGNATION: "Démission légitime",
    DepartureReason.RETIREMENT: "Départ ou mise à la retraite",
    DepartureReason.DEATH: "Décès",
}

# The departures that open rights to unemployment insurance without a faute lourde.
OPENS_PORTABILITY = frozenset(
    {
        DepartureReason.DISMISSAL,
        DepartureReason.DISMISSAL_SERIOUS_MISCONDUCT,
        DepartureReason.CONTRACTUAL_TERMINATION,
        DepartureReason.END_OF_FIXED_TERM,
        DepartureReason.TRIAL_ENDED_BY_EMPLOYER,
        DepartureReason.LEGITIMATE_RESIGNATION,
    }
)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` months on (or back), to the month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _months_end(start: date, months: int) -> date:
    """The first day after ``months`` months from ``start``: the same date, or, when that date does not
    exist (a 31 January plus one month), the day after the end of that shorter month."""
    same_date = add_months(start, months)
    return same_date + timedelta(days=1) if same_date.day < start.day else same_date


def months_started(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (exclusive), a started month counting as one; a month ends
    as a portabilité's does (``_last_day``), so that counting and dating agree."""
    months = max((end.year - start.year) * 12 + end.month - start.month - 1, 0)
    while _months_end(start, months) < end:
        months += 1
    return months


def contract_months(hired_on: date, left_on: date) -> int:
    """The length of a contract from ``hired_on`` to ``left_on`` (its last day, included), in whole months
    rounded up."""
    if left_on < hired_on:
        raise OcsoError(DEPARTURE_BEFORE_HIRING)
    return months_started(hired_on, left_on + timedelta(days=1))


@dataclass(frozen=True)
class Portability:
    """The portabilité a departure opens: its length and its first and last covered days."""

    months: int
    starts_on: date
    ends_on: date


def portability_for(
    *, hired_on: date, left_on: date, reason: DepartureReason | str, covered: bool
) -> Portability | None:
    """The portabilité of an employee hired on ``hired_on`` who leaves on ``left_on`` (their last day) for
    ``reason``; ``None`` when the departure does not open it or the employee was not covered."""
    months = min(contract_months(hired_on, left_on), MAX_MONTHS)
    if not covered or DepartureReason(reason) not in OPENS_PORTABILITY:
        return None
    starts_on = left_on + timedelta(days=1)
    return Portability(months=months, starts_on=starts_on, ends_on=_last_day(starts_on, months))


def _last_day(starts_on: date, months: int) -> date:
    """The day before the same date ``months`` later; when that date does not exist (a 31 January plus one
    month), the period runs to the end of that shorter month."""
    return _months_end(starts_on, months) - timedelta(days=1)
