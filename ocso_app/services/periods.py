"""The period filter of a list (« du … au … »), as the browser sends it: a French date (``26/09/2021``) typed
by hand or the ISO date of a date input (``2021-09-26``), empty meaning "no bound". Shared by Mes
remboursements and the employer's Indemnités journalières; each raises ``InvalidFilter`` with a French
message.
"""

from __future__ import annotations

from datetime import date

from ocso_app.services.errors import OcsoError

INVALID_DATE = "La date saisie n'est pas valide (jj/mm/aaaa)."
INVALID_PERIOD = "La date de début doit précéder la date de fin."


class InvalidFilter(OcsoError):
    """A filter sent by the browser that does not make sense."""


def parse_day(text: str) -> date | None:
    """``26/09/2021`` or ``2021-09-26`` as a date, ``None`` when empty; ``InvalidFilter`` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidFilter(INVALID_DATE) from error


def parse_period(start: str, end: str) -> tuple[date | None, date | None]:
    """Both bounds of a period; a start after the end is refused."""
    first, last = parse_day(start), parse_day(end)
    if first and last and first > last:
        raise InvalidFilter(INVALID_PERIOD)
    return first, last
