"""The period filter of a list (« du … au … »), as the browser sends it: a French date (``26/09/2021``) typed
by hand or the ISO date of a date input (``2021-09-26``), empty meaning "no bound". Shared by Mes
remboursements and the employer's Indemnités journalières; each raises ``InvalidFilter`` with a French
message.
"""

from __future__ import annotations

import re
from datetime import date

from ocso_app.services.errors import OcsoError

INVALID_DATE = "La date saisie n'est pas valide (jj/mm/aaaa)."
INVALID_PERIOD = "La date de début doit précéder la date de fin."


class InvalidFilter(OcsoError):
    """A filter sent by the browser that does not make sense."""


_FRENCH_DAY = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_ISO_DAY = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
FIRST_YEAR = 1900


def parse_day(text: str) -> date | None:
    """``26/09/2021`` or ``2021-09-26`` as a date, ``None`` when empty; ``InvalidFilter`` otherwise. The
    year has its four digits (from 1900): « 01/01/25 » was read as the year 25, so a period « du 01/01/25 »
    listed every décompte and « au 31/12/25 » none, without a word, and a démarche kept such a date."""
    text = (text or "").strip()
    if not text:
        return None
    written = _FRENCH_DAY.fullmatch(text) or _ISO_DAY.fullmatch(text)
    try:
        if written is None or int(written["year"]) < FIRST_YEAR:
            raise ValueError(text)
        return date(int(written["year"]), int(written["month"]), int(written["day"]))
    except ValueError as error:
        raise InvalidFilter(INVALID_DATE) from error


def parse_period(start: str, end: str) -> tuple[date | None, date | None]:
    """Both bounds of a period; a start after the end is refused."""
    first, last = parse_day(start), parse_day(end)
    if first and last and first > last:
        raise InvalidFilter(INVALID_PERIOD)
    return first, last
