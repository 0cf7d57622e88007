"""The bordereaux de cotisations file OCSO's staff import (« Import des bordereaux »): its columns, and each
line read into typed values or into the French reasons it cannot be.

One line per bordereau, as the insurer of a collective contract issues it: the contract, the bordereau's
number, the period, the headcount, the amount due and its due date, and what the company has paid of it so
far (a later file gives the same bordereau with a higher amount paid: a payment received). The file's form
(CSV, UTF-8, ``;``, a header naming the columns) is checked by :mod:`ocso_app.services.csv_files`;
``docs/import-bordereaux.md`` documents it, and the page offers :data:`EXAMPLE` to download.

Whether the contract, the structure or the bordereau exist is checked by
:mod:`ocso_app.services.contribution_import`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ocso_app.services.csv_files import (
    BAD_DATE,
    SEPARATOR,
    BadLine,
    FieldReader,
    Layout,
    french_amount,
    parse_date,
    read_typed,
    whole,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
MAX_HEADCOUNT = 1_000_000

REQUIRED = {
    "numero_contrat": "numéro du contrat (santé ou prévoyance)",
    "numero_bordereau": "numéro du bordereau",
    "debut_periode": "premier jour de la période cotisée (JJ/MM/AAAA)",
    "fin_periode": "dernier jour de la période cotisée",
    "effectif": "nombre de salariés cotisants",
    "montant_du": "cotisations dues pour la période",
    "echeance": "date limite de paiement",
}
OPTIONAL = {
    "montant_paye": "ce que l'entreprise en a payé (par défaut : 0)",
    "numero_client": "numéro client de la structure, si ce n'est pas l'entreprise du contrat",
}
EXAMPLE = "".join(
    f"{line}\r\n"
    for line in (
        SEPARATOR.join([*REQUIRED, *OPTIONAL]),
        "CS-2021-001234;B2026T4-0001;01/10/2026;31/12/2026;42;12345,60;15/01/2027;0,00;C001235",
        "CP-2021-001234;B2026T3-0002;01/07/2026;30/09/2026;40;8210,00;15/10/2026;8210,00;C001235",
    )
)
NO_LINES = "Le fichier ne contient aucun bordereau après la ligne des colonnes."

BAD_NUMBER = "{field} « {value} » invalide (1 à 20 lettres, chiffres ou tirets)"
BAD_HEADCOUNT = "effectif « {value} » invalide (nombre entier de 0 à 1 000 000)"
PERIOD_REVERSED = "période qui finit avant de commencer"
PAID_OVER_DUE = "montant payé ({paid}) supérieur au montant dû ({due})"

FIELD_NAMES = {
    "numero_contrat": "numéro de contrat",
    "numero_bordereau": "numéro de bordereau",
    "numero_client": "numéro client",
    "debut_periode": "début de la période",
    "fin_periode": "fin de la période",
    "echeance": "échéance",
    "montant_du": "montant dû",
    "montant_paye": "montant payé",
}
LAYOUT = Layout(
    required=REQUIRED, optional=OPTIONAL, field_names=FIELD_NAMES, max_bytes=MAX_BYTES, max_lines=MAX_LINES
)
_NUMBER = re.compile(r"[A-Z0-9-]{1,20}")


class ContributionEntry(NamedTuple):
    """One valid line of the file: a bordereau as the file gives it (``client_number`` empty: the
    contract's company)."""

    line_number: int
    contract_number: str
    reference: str
    period_start: date
    period_end: date
    headcount: int
    due: Decimal
    paid: Decimal
    due_on: date
    client_number: str


def _number(
    reader: FieldReader, row: list[str], name: str, reasons: list[str], *, optional: bool = False
) -> str:
    value = reader.value(row, name).upper()
    if not (optional and not value) and not _NUMBER.fullmatch(value):
        reasons.append(BAD_NUMBER.format(field=FIELD_NAMES[name], value=value[:30]))
    return value


def _day(reader: FieldReader, row: list[str], name: str, reasons: list[str]) -> date | None:
    """A date, which may be to come (a quarter being contributed, a due date)."""
    raw = reader.value(row, name)
    day = parse_date(raw)
    if day is None:
        reasons.append(BAD_DATE.format(field=FIELD_NAMES[name], value=raw[:20]))
    return day


def _read_line(reader: FieldReader, row: list[str], line_number: int) -> ContributionEntry | BadLine:
    reasons: list[str] = []
    contract_number = _number(reader, row, "numero_contrat", reasons)
    reference = _number(reader, row, "numero_bordereau", reasons)
    client_number = _number(reader, row, "numero_client", reasons, optional=True)
    start, end = _day(reader, row, "debut_periode", reasons), _day(reader, row, "fin_periode", reasons)
    if start and end and end < start:
        reasons.append(PERIOD_REVERSED)
    due_on = _day(reader, row, "echeance", reasons)
    headcount = whole(reader.value(row, "effectif"), 0, MAX_HEADCOUNT)
    if headcount is None:
        reasons.append(BAD_HEADCOUNT.format(value=reader.value(row, "effectif")[:12]))
    due = reader.amount(reader.value(row, "montant_du"), "montant_du", reasons)
    paid_raw = reader.value(row, "montant_paye")
    paid = reader.amount(paid_raw, "montant_paye", reasons) if paid_raw else Decimal("0.00")
    if due is not None and paid is not None and paid > due:
        reasons.append(PAID_OVER_DUE.format(paid=french_amount(paid), due=french_amount(due)))
    if reasons:
        return BadLine(line_number, reference[:20], tuple(reasons))
    assert start and end and due_on and headcount is not None and due is not None and paid is not None
    return ContributionEntry(
        line_number, contract_number, reference, start, end, headcount, due, paid, due_on, client_number
    )


def read_lines(content: bytes, *, today: date) -> Iterator[ContributionEntry | BadLine]:
    """Every line of the file, typed or with its reasons (``csv_files.read_typed``)."""
    return read_typed(content, LAYOUT, today=today, key_column="numero_bordereau", read_line=_read_line)
