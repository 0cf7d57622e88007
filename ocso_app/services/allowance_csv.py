"""The indemnités journalières file OCSO's staff import (« Import des indemnités journalières »): its columns,
and each line read into typed values or into the French reasons it cannot be.

One line per payment of indemnités journalières, as the insurer of a prévoyance contract sends them: the
arrêt de travail it belongs to (contract, employee, reference, motif, dates, franchise) and the payment
(number, period, days, daily amount, gross, social charges, net, payment date). The lines of one arrêt share
its reference.

The employee is named by exactly one number: their member number (``numero_adherent``, the column is
required) or, when they have none, their numéro de sécurité sociale (``nir``, an optional column): an
employee dispensed from the santé plan has no member file, yet the company's prévoyance covers them and pays
their indemnités journalières. The NIR is read as a :class:`Nir`, which never prints itself, and no reason
quotes it: a NIR is personal data OCSO keeps encrypted, and the preview shows the line, not the number.

The file's form (CSV, UTF-8, ``;``, a header naming the columns) is checked by
:mod:`ocso_app.services.csv_files`; ``docs/import-indemnites.md`` documents it, and the page offers
:data:`EXAMPLE` to download.

Whether the contract, the employee or the arrêt exist is checked by
:mod:`ocso_app.services.allowance_import`. Only the motif's category is read (« Maladie », « Accident du
travail »…), never a medical detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ocso_app.models.search import fold
from ocso_app.services.care_catalog import money
from ocso_app.services.csv_files import (
    SEPARATOR,
    BadLine,
    FieldReader,
    Layout,
    french_amount,
    parse_date,
    read_typed,
    whole,
)
from ocso_app.services.identifiers import compact_nir

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
DEFAULT_WAITING_DAYS = 3

REQUIRED = {
    "numero_contrat": "numéro du contrat de prévoyance (P…)",
    "numero_adherent": "numéro d'adhérent du salarié (6 chiffres) ; vide s'il n'en a pas : donnez son nir",
    "reference_arret": "référence de l'arrêt de travail",
    "motif": "Maladie, Accident du travail, Accident de trajet ou Maladie professionnelle",
    "debut_arret": "premier jour de l'arrêt (JJ/MM/AAAA)",
    "numero_paiement": "numéro du paiement d'indemnités journalières",
    "debut_periode": "premier jour indemnisé par ce paiement",
    "fin_periode": "dernier jour indemnisé par ce paiement",
    "montant_journalier": "indemnité journalière brute",
    "brut": "montant brut (indemnité journalière × jours)",
    "charges_sociales": "CSG et CRDS retenues",
    "net": "montant net versé (brut − charges)",
    "date_paiement": "date du paiement",
}
OPTIONAL = {
    "fin_arret": "dernier jour de l'arrêt, s'il est connu (vide tant qu'il dure)",
    "franchise": f"jours de franchise (par défaut : {DEFAULT_WAITING_DAYS})",
    "jours": "nombre de jours indemnisés (par défaut : ceux de la période)",
    "nir": "numéro de sécurité sociale du salarié sans numéro d'adhérent (15 chiffres, clé comprise)",
}
MOTIFS = ("Maladie", "Accident du travail", "Accident de trajet", "Maladie professionnelle")
_MOTIFS_FOLDED = {fold(motif): motif for motif in MOTIFS}

EXAMPLE = "".join(
    f"{line}\r\n"
    for line in (
        SEPARATOR.join([*REQUIRED, *OPTIONAL]),
        "CP-2021-001234;204512;AT-2026-000101;Maladie;02/09/2026;IJ-2026-000101-01;05/09/2026;30/09/2026;"
        "61,35;1595,10;106,87;1488,23;05/10/2026;;3;26;",
        "CP-2021-001234;204512;AT-2026-000101;Maladie;02/09/2026;IJ-2026-000101-02;01/10/2026;31/10/2026;"
        "61,35;1901,85;127,42;1774,43;05/11/2026;;3;;",
    )
)
NO_LINES = "Le fichier ne contient aucune ligne de paiement après la ligne des colonnes."

BAD_CONTRACT_NUMBER = "numéro de contrat « {value} » invalide (1 à 20 lettres, chiffres ou tirets)"
BAD_MEMBER_NUMBER = "numéro d'adhérent « {value} » invalide (6 chiffres)"
NIR_AS_MEMBER_NUMBER = (
    "numéro d'adhérent invalide (6 chiffres) : un numéro de sécurité sociale se donne dans la colonne nir"
)
BAD_NIR = "numéro de sécurité sociale (nir) invalide : 15 chiffres, clé comprise, comme sur la carte Vitale"
NO_EMPLOYEE = (
    "salarié non désigné : donnez son numéro d'adhérent ou, s'il n'en a pas, son numéro de sécurité sociale "
    "(nir)"
)
TWO_EMPLOYEE_IDS = (
    "numéro d'adhérent et numéro de sécurité sociale donnés tous les deux : donnez le numéro d'adhérent, ou "
    "le nir seulement pour un salarié qui n'a pas de numéro d'adhérent"
)
BAD_REFERENCE = "{field} « {value} » invalide (1 à 20 lettres, chiffres ou tirets)"
BAD_MOTIF = "motif « {value} » inconnu : " + ", ".join(MOTIFS)
BAD_WAITING_DAYS = "franchise « {value} » invalide (nombre entier de jours, de 0 à 365)"
BAD_DAYS = "jours « {value} » invalide : la période du {start} au {end} compte {expected} jour(s)"
BAD_END = "fin de l'arrêt « {value} » invalide (JJ/MM/AAAA)"
END_BEFORE_START = "fin de l'arrêt antérieure à son début"
PERIOD_REVERSED = "période indemnisée qui finit avant de commencer"
PERIOD_BEFORE_LEAVE = "période indemnisée qui commence avant l'arrêt"
PERIOD_AFTER_LEAVE = "période indemnisée qui finit après la fin de l'arrêt"
PAID_BEFORE_PERIOD = "date de paiement antérieure à la période indemnisée"
BAD_GROSS = "brut ({gross}) différent de l'indemnité journalière × jours ({expected})"
BAD_NET = "net ({net}) différent du brut moins les charges ({expected})"

FIELD_NAMES = {
    "debut_arret": "début de l'arrêt",
    "debut_periode": "début de la période",
    "fin_periode": "fin de la période",
    "date_paiement": "date de paiement",
    "montant_journalier": "indemnité journalière",
    "brut": "brut",
    "charges_sociales": "charges sociales",
    "net": "net",
    "reference_arret": "référence de l'arrêt",
    "numero_paiement": "numéro de paiement",
}
AMOUNT_COLUMNS = ("montant_journalier", "brut", "charges_sociales", "net")
LAYOUT = Layout(
    required=REQUIRED, optional=OPTIONAL, field_names=FIELD_NAMES, max_bytes=MAX_BYTES, max_lines=MAX_LINES
)
_MEMBER_NUMBER = re.compile(r"[0-9]{6}")
_NUMBER = re.compile(r"[A-Z0-9-]{1,20}")
_NIR_LIKE = re.compile(r"(?:\D*\d){13}")  # 13 digits or more: a NIR, which a reason must not quote


class Nir(str):
    """A NIR read from a line (15 characters, its key checked): it finds the employee as the text it is, but
    prints « *** » (``str``, ``repr``, ``format``), so that neither a reason, a log line, a traceback nor a
    test's failure shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Nir('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"


class Leave(NamedTuple):
    """The arrêt de travail a line belongs to, as the line gives it (every line of one arrêt agrees).
    ``waiting_days_given``: whether the line gives the franchise (else ``waiting_days`` is the default,
    which says nothing of an arrêt already stored)."""

    contract_number: str
    member_number: str  # empty when the line gives the NIR
    nir: Nir | None  # only when the line gives no member number
    reference: str
    motif: str
    start: date
    end: date | None
    waiting_days: int
    waiting_days_given: bool = True

    def described(self) -> Leave:
        """The arrêt as the lines of one arrêt must agree on it: an empty franchise is the default."""
        return self._replace(waiting_days_given=True)

    @property
    def employee_number(self) -> str:
        """The number the line names its employee by: the member number, else the NIR."""
        return self.member_number or self.nir or ""


class AllowanceEntry(NamedTuple):
    """One valid line of the file: a payment of indemnités journalières for a period of an arrêt."""

    line_number: int
    leave: Leave
    number: str
    period_start: date
    period_end: date
    days: int
    daily_amount: Decimal
    gross: Decimal
    social_charges: Decimal
    net: Decimal
    paid_on: date


def _number(reader: FieldReader, row: list[str], name: str, reasons: list[str]) -> str:
    value = reader.value(row, name).upper()
    if not _NUMBER.fullmatch(value):
        reasons.append(BAD_REFERENCE.format(field=FIELD_NAMES[name], value=value[:30]))
    return value


def _employee(reader: FieldReader, row: list[str], reasons: list[str]) -> tuple[str, Nir | None]:
    """The line's member number (empty when it gives the NIR) and NIR (``None`` unless it is the one given);
    never quoting what looks like a NIR."""
    member_number, typed_nir = reader.value(row, "numero_adherent"), reader.value(row, "nir")
    if member_number and typed_nir:
        reasons.append(TWO_EMPLOYEE_IDS)
    elif member_number:
        if _NIR_LIKE.match(member_number):
            reasons.append(NIR_AS_MEMBER_NUMBER)
        elif not _MEMBER_NUMBER.fullmatch(member_number):
            reasons.append(BAD_MEMBER_NUMBER.format(value=member_number[:20]))
    elif typed_nir:
        nir = compact_nir(typed_nir)
        if nir is None:
            reasons.append(BAD_NIR)
        return "", Nir(nir or "")
    else:
        reasons.append(NO_EMPLOYEE)
    return member_number, None


def _leave(reader: FieldReader, row: list[str], reasons: list[str]) -> Leave | None:
    v = reader.value
    contract_number = v(row, "numero_contrat").upper()
    if not _NUMBER.fullmatch(contract_number):
        reasons.append(BAD_CONTRACT_NUMBER.format(value=contract_number[:30]))
    member_number, nir = _employee(reader, row, reasons)
    reference = _number(reader, row, "reference_arret", reasons)
    motif = _MOTIFS_FOLDED.get(fold(v(row, "motif")).strip())
    if motif is None:
        reasons.append(BAD_MOTIF.format(value=v(row, "motif")[:40]))
    start = reader.day(v(row, "debut_arret"), "debut_arret", reasons)
    end_raw = v(row, "fin_arret")
    end = parse_date(end_raw) if end_raw else None  # an arrêt's planned end may be after today
    if end_raw and end is None:
        reasons.append(BAD_END.format(value=end_raw[:20]))
    elif start and end and end < start:
        reasons.append(END_BEFORE_START)
    waiting_raw = v(row, "franchise")
    waiting = whole(waiting_raw, 0, 365) if waiting_raw else DEFAULT_WAITING_DAYS
    if waiting is None:
        reasons.append(BAD_WAITING_DAYS.format(value=waiting_raw[:10]))
    if reasons or motif is None or start is None or waiting is None:
        return None
    return Leave(
        contract_number, member_number, nir, reference, motif, start, end, waiting, bool(waiting_raw)
    )


def _period(
    reader: FieldReader, row: list[str], leave: Leave | None, reasons: list[str]
) -> tuple[date, date]:
    v = reader.value
    first = reader.day(v(row, "debut_periode"), "debut_periode", reasons)
    last = reader.day(v(row, "fin_periode"), "fin_periode", reasons)
    if first is None or last is None:
        return date.min, date.min
    if last < first:
        reasons.append(PERIOD_REVERSED)
    if leave is not None and first < leave.start:
        reasons.append(PERIOD_BEFORE_LEAVE)
    if leave is not None and leave.end is not None and last > leave.end:
        reasons.append(PERIOD_AFTER_LEAVE)
    return first, last


def _read_line(reader: FieldReader, row: list[str], line_number: int) -> AllowanceEntry | BadLine:
    reasons: list[str] = []
    leave = _leave(reader, row, reasons)
    number = _number(reader, row, "numero_paiement", reasons)
    first, last = _period(reader, row, leave, reasons)
    paid_on = reader.day(reader.value(row, "date_paiement"), "date_paiement", reasons)
    if paid_on is not None and first != date.min and paid_on < first:
        reasons.append(PAID_BEFORE_PERIOD)
    expected = (last - first).days + 1
    days_raw = reader.value(row, "jours")
    days = whole(days_raw, 1, 366) if days_raw else expected
    if first != date.min and last >= first and days != expected:
        reasons.append(
            BAD_DAYS.format(
                value=days_raw[:10],
                start=first.strftime("%d/%m/%Y"),
                end=last.strftime("%d/%m/%Y"),
                expected=expected,
            )
        )
    daily, gross, charges, net = (
        reader.amount(reader.value(row, name), name, reasons) for name in AMOUNT_COLUMNS
    )
    if daily is not None and gross is not None and not reasons and gross != money(daily * expected):
        reasons.append(
            BAD_GROSS.format(gross=french_amount(gross), expected=french_amount(money(daily * expected)))
        )
    if gross is not None and charges is not None and net is not None and net != gross - charges:
        reasons.append(BAD_NET.format(net=french_amount(net), expected=french_amount(gross - charges)))
    if reasons:
        return BadLine(line_number, reader.value(row, "reference_arret").upper()[:20], tuple(reasons))
    assert leave is not None and paid_on is not None
    assert daily is not None and gross is not None and charges is not None and net is not None
    return AllowanceEntry(
        line_number, leave, number, first, last, expected, daily, gross, charges, net, paid_on
    )


def read_lines(content: bytes, *, today: date) -> Iterator[AllowanceEntry | BadLine]:
    """Every line of the file, typed or with its reasons (``csv_files.read_typed``)."""
    return read_typed(content, LAYOUT, today=today, key_column="reference_arret", read_line=_read_line)
