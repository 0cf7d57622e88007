"""Every French format the portal shows, made with babel: amounts (``16,18 €``), counts (``3 000``), dates
(``26/09/2021``, ``26 sept. 2021``, ``26 SEPT.``) and instants in Paris time.

Instants are stored in UTC (SQLite gives them back naive); the day a member sees is the day in France.

Babel takes 20 to 60 µs a call, and a page shows dozens of amounts and dates, the same ones again and again
(a consultation's price, this month's days): amounts and days are formatted once per worker and remembered
(a bounded cache, keyed by the exact value), which removed a tenth of the server time of opening Accueil.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")


def format_money(amount: Decimal) -> str:
    """``16,18 €``, ``1 234,50 €``: babel's narrow no-break space (thousands) becomes a plain no-break
    space, so the PDFs' standard fonts can draw it and the page and the PDF show the same string."""
    return _money(str(amount))  # the exact value (``-0.00`` and ``0`` stay apart)


@functools.lru_cache(maxsize=16_384)
def _money(amount: str) -> str:
    return format_currency(Decimal(amount), "EUR", locale=LOCALE).replace("\u202f", "\u00a0")


@functools.lru_cache(maxsize=16_384)
def format_count(count: int) -> str:
    """``3 000``: a number of people or things, its thousands separated by a no-break space (babel takes
    ≈ 25 µs a number; pages show the same counts again and again)."""
    return format_decimal(count, locale=LOCALE).replace("\u202f", "\u00a0")


def format_percent(value: Decimal) -> str:
    """``50 %``, ``62,5 %`` (a percentage stored as its number, e.g. an employer's share or a guarantee's
    rate: a few values, each ▼ explains again)."""
    return _percent(str(value))


@functools.lru_cache(maxsize=1_024)
def _percent(value: str) -> str:
    return f"{format_decimal(Decimal(value), locale=LOCALE)}\u00a0%"


_PERCENT = re.compile(r"\s*(?P<whole>[0-9]+)(?:[.,](?P<decimals>[0-9]+))?\s*%?\s*")


def parse_percent(typed: str) -> Decimal | None:
    """A percentage typed « 62,5 », « 62.5 % » or « 50 » as a ``Decimal`` from 0 to 100 with at most two
    decimals; ``None`` when it is not one. Only digits and a comma or a point: ``Decimal`` alone also read
    « 1e1 » and « 1_0 » as 10, and kept « -0 » as a negative zero shown « -0 % »."""
    written = _PERCENT.fullmatch(typed or "")
    if written is None:
        return None
    value = Decimal(f"{written['whole']}.{written['decimals'] or 0}")
    if value > 100 or value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01"))


@functools.lru_cache(maxsize=4_096)
def format_short_date(day: date) -> str:
    """``26/09/2021``."""
    return format_date(day, "dd/MM/y", locale=LOCALE)


def _day(day: date) -> str:
    """French writes the first of the month « 1er »."""
    return "1er" if day.day == 1 else str(day.day)


@functools.lru_cache(maxsize=4_096)
def format_long_date(day: date) -> str:
    """``26 sept. 2021``, ``1er juin 2025``."""
    return f"{_day(day)} {format_date(day, 'MMM y', locale=LOCALE)}"


@functools.lru_cache(maxsize=4_096)
def format_day_month(day: date) -> str:
    """``26 SEPT.``, ``1er JUIN`` (the Accueil's lists and Mes dernières démarches)."""
    return f"{_day(day)} {format_date(day, 'MMM', locale=LOCALE).upper()}"


def as_utc(moment: datetime) -> datetime:
    """A stored instant made aware: naive values are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def paris_datetime(moment: datetime) -> datetime:
    """A stored instant in Paris time."""
    return as_utc(moment).astimezone(PARIS)


def paris_today() -> date:
    """Today in France, whatever the server's clock zone (a container's is often UTC): the day every rule,
    limit and screen of the portal counts in."""
    return paris_date(datetime.now(UTC))


def paris_date(moment: datetime) -> date:
    """The day in France of a stored instant."""
    return paris_datetime(moment).date()


def format_paris_datetime(moment: datetime) -> str:
    """``26/09/2021 14:05:09`` in Paris time (Mon historique)."""
    return format_datetime(as_utc(moment), "dd/MM/y HH:mm:ss", tzinfo=PARIS, locale=LOCALE)


def format_paris_minute(moment: datetime) -> str:
    """``26/09/2021 à 14:05`` in Paris time (when something was sent, on the fiche salarié(e))."""
    return format_datetime(as_utc(moment), "dd/MM/y 'à' HH:mm", tzinfo=PARIS, locale=LOCALE)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """« 0 ligne », « 1 ligne », « 1 234 lignes »: French takes the singular below 2; ``plural`` defaults to
    ``singular`` + « s » (« 2 arrêts nouveaux »: give it)."""
    return f"{format_count(count)} {singular if count < 2 else plural or singular + 's'}"


def in_days(count: int) -> str:
    """When a day ``count`` days ahead comes: « aujourd'hui », « dans 1 jour », « dans 1 234 jours »."""
    return "aujourd'hui" if count == 0 else f"dans {counted(count, 'jour')}"


_NAME_BREAKS = re.compile(r"([\s'’-]+)")  # a space, a hyphen or an apostrophe (straight or typographic)


def format_first_name(first_name: str) -> str:
    """A first name as shown on every screen, e-mail and PDF: each part after a space, a hyphen or an
    apostrophe starts with a capital. Members, employees and accounts keep the case the person typed;
    beneficiaries are stored in capitals (as the insurer's files give them). So a name all in capitals or all
    in lower case has the rest of each part in lower case (« JEAN-PIERRE », « jean-pierre » → « Jean-Pierre »,
    « ÉLOÏSE » → « Éloïse »), and a name in mixed case keeps it (« Thị Hương », « McKenzie »; « Marie
    claire » → « Marie Claire »). An apostrophe starts a part too: « d'Artagnan » and « D'ARTAGNAN » both
    show « D'Artagnan »."""
    one_case = first_name in (first_name.upper(), first_name.lower())
    parts = _NAME_BREAKS.split(first_name)
    return "".join(part[:1].upper() + (part[1:].lower() if one_case else part[1:]) for part in parts)


def format_person_name(first_name: str | None, last_name: str | None) -> str:
    """« Prénom NOM » (« Jean-Pierre DUBOIS »): the first name by ``format_first_name``, the last name in
    capitals; either may be missing (« » when both are)."""
    parts = [format_first_name(first_name or ""), (last_name or "").upper()]
    return " ".join(part for part in parts if part)


ELIDING = "aeiouyàâäéèêëîïôöùûüœæ"  # an initial h is left alone: muet or aspiré, only a dictionary knows


def of(name: str) -> str:
    """« de MOREAU Jacques », « d'Inès MOREL »: « de » elided before a vowel."""
    return f"d'{name}" if name[:1].lower() in ELIDING and name else f"de {name}"


def agreed(civility: str | None, masculine: str, feminine: str) -> str:
    """A word agreed with a person's civilité: « affilié » for « M. », « affiliée » for « Mme », and
    « affilié(e) » (« le/la ») when it is not known."""
    if civility == "M.":
        return masculine
    if civility == "Mme":
        return feminine
    if feminine.startswith(masculine):
        return f"{masculine}({feminine.removeprefix(masculine)})"
    return f"{masculine}/{feminine}"


def new_documents(count: int) -> str:
    """« 1 nouveau document », « 3 nouveaux documents »: what a menu's red counter says to a screen reader."""
    return f"{count} nouveau document" if count == 1 else f"{count} nouveaux documents"


def format_phone(phone: str | None) -> str:
    """``06 12 34 56 78`` for a stored ten-digit number; other values as stored."""
    digits = phone or ""
    if len(digits) == 10 and digits.isdigit():
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return digits
