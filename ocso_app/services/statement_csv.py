"""The décomptes file OCSO's staff import (« Import des décomptes »): its columns, and each line read into
typed values or into the French reasons it cannot be.

One line per act of care; the lines of one décompte share its number. The file's form (CSV, UTF-8, ``;``, a
header naming the columns) is checked by :mod:`ocso_app.services.csv_files`. The format is documented for
OCSO's partners in ``docs/import-decomptes.md``; the page offers :data:`EXAMPLE` to download.

This module knows nothing of the database: whether the member, the beneficiary or the décompte exist is
checked by :mod:`ocso_app.services.statement_import`. Parsing is written for volume (100 000 lines in a
couple of seconds): ``csv`` from the standard library, dates and amounts parsed by hand, dates cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ocso_app.models import PayeeKind
from ocso_app.services.care_catalog import CARE_ACTS, CareAct, money
from ocso_app.services.csv_files import (
    SEPARATOR,
    FieldReader,
    Layout,
    Row,
    french_amount,
    header_name,
    open_file,
    whole,
)

MAX_BYTES = 30 * 1024 * 1024
MAX_LINES = 200_000

# name in the header → what the documentation calls it
REQUIRED = {
    "numero_adherent": "numéro d'adhérent (6 chiffres)",
    "beneficiaire": "rang du bénéficiaire (AS, CJ, EA…)",
    "date_soins": "date des soins (JJ/MM/AAAA)",
    "acte": "code de l'acte (G, CS, PH7…)",
    "depense": "dépense engagée",
    "base_ss": "base de remboursement de la Sécurité sociale",
    "taux_ss": "taux de la Sécurité sociale (0 à 100)",
    "rembourse_ss": "remboursement de la Sécurité sociale",
    "rembourse_ocso": "remboursement OCSO",
    "paye_a": "bénéficiaire du paiement : assure, tiers_payant ou professionnel",
    "numero_decompte": "numéro du décompte",
}
OPTIONAL = {
    "date_paiement": "date du paiement (par défaut : le jour de l'import)",
    "quantite": "nombre d'actes (par défaut : 1)",
    "praticien": "professionnel de santé (obligatoire quand il est payé)",
}
PAYEES = {
    "assure": PayeeKind.MEMBER,
    "tiers_payant": PayeeKind.OPERATOR,
    "professionnel": PayeeKind.PRACTITIONER,
}
ACTS: dict[str, CareAct] = {act.code: act for act in CARE_ACTS}

EXAMPLE = "".join(
    f"{line}\r\n"
    for line in (
        SEPARATOR.join([*REQUIRED, *OPTIONAL]),
        "123456;AS;02/09/2026;G;30,00;30,00;70;19,00;9,00;assure;D2026000001;08/09/2026;1;Dr MARTIN",
        "123456;EA;03/09/2026;PH7;12,40;12,40;65;8,06;4,34;assure;D2026000001;08/09/2026;1;",
        "123456;AS;05/09/2026;FJH;40,00;40,00;0;0,00;40,00;professionnel;D2026000002;10/09/2026;2;"
        "CLINIQUE DU LAC",
    )
)

NO_LINES = "Le fichier ne contient aucune ligne de décompte après la ligne des colonnes."

# line-level reasons
BAD_MEMBER_NUMBER = "numéro d'adhérent « {value} » invalide (6 chiffres)"
BAD_RANK = "rang de bénéficiaire « {value} » invalide (2 lettres ou chiffres, par exemple AS, CJ, EA)"
PAID_BEFORE_CARE = "date de paiement antérieure à la date des soins"
UNKNOWN_ACT = "code d'acte « {value} » inconnu"
BAD_RATE = "taux « {value} » invalide (nombre entier de 0 à 100)"
BAD_QUANTITY = "quantité « {value} » invalide (nombre entier de 1 à 99)"
SS_OVER_BASE = "remboursement SS ({ss}) supérieur à la base × taux ({ceiling})"
PAID_OVER_SPENT = "remboursements SS + OCSO ({paid}) supérieurs à la dépense ({spent})"
BAD_PAYEE = "paye_a « {value} » inconnu : assure, tiers_payant ou professionnel"
PRACTITIONER_NEEDED = "praticien obligatoire quand le professionnel est payé"
BAD_STATEMENT_NUMBER = "numéro de décompte « {value} » invalide (1 à 20 lettres, chiffres ou tirets)"
TOO_LONG = "{field} trop long ({limit} caractères au plus)"

FIELD_NAMES = {
    "date_soins": "date des soins",
    "date_paiement": "date de paiement",
    "depense": "dépense",
    "base_ss": "base SS",
    "rembourse_ss": "remboursement SS",
    "rembourse_ocso": "remboursement OCSO",
}
AMOUNT_COLUMNS = ("depense", "base_ss", "rembourse_ss", "rembourse_ocso")
ZERO = Decimal("0.00")
_MEMBER_NUMBER = re.compile(r"[0-9]{6}")
_RANK = re.compile(r"[A-Z0-9]{2}")
_STATEMENT_NUMBER = re.compile(r"[A-Z0-9-]{1,20}")
LAYOUT = Layout(
    required=REQUIRED,
    optional=OPTIONAL,
    field_names=FIELD_NAMES,
    max_bytes=MAX_BYTES,
    max_lines=MAX_LINES,
)


class CareEntry(NamedTuple):
    """One valid line of the file, its values typed; ``remaining`` = spent − SS − OCSO. (A tuple: 100 000 of
    them are built per large file.)"""

    line_number: int
    member_number: str
    rank: str
    care_date: date
    act: CareAct
    quantity: int
    spent: Decimal
    ss_base: Decimal
    ss_rate: int
    ss_reimbursed: Decimal
    complementary: Decimal
    payee: PayeeKind
    practitioner: str
    statement_number: str
    paid_on: date
    paid_on_given: bool = True  # False: no date_paiement, the day of the import

    @property
    def remaining(self) -> Decimal:
        return self.spent - self.ss_reimbursed - self.complementary

    def fingerprint(self) -> tuple[object, ...]:
        """What makes two lines the same act (a line pasted twice)."""
        return (
            self.statement_number,
            self.member_number,
            self.rank,
            self.care_date,
            self.act.code,
            self.quantity,
            self.spent,
            self.ss_base,
            self.ss_rate,
            self.ss_reimbursed,
            self.complementary,
            self.practitioner,
        )


@dataclass(frozen=True)
class BadLine:
    """A line that cannot be read, with every reason found (French, for the preview). A line whose values
    are not in their columns (a ``;`` forgotten or typed in a value) cannot say which of them is its
    décompte's number: ``values`` holds them all, and the import sets aside each décompte of the file they
    number (else the one ``statement_number``, the value in its column, names)."""

    line_number: int
    statement_number: str
    member_number: str
    reasons: tuple[str, ...]
    values: frozenset[str] = frozenset()


def _read_line(
    reader: FieldReader, row: list[str], line_number: int, default_paid_on: date
) -> CareEntry | BadLine:
    v = reader.value
    reasons: list[str] = []
    member_number, rank = v(row, "numero_adherent"), v(row, "beneficiaire").upper()
    statement_number = v(row, "numero_decompte").upper()
    if not _MEMBER_NUMBER.fullmatch(member_number):
        reasons.append(BAD_MEMBER_NUMBER.format(value=member_number[:20]))
    if not _RANK.fullmatch(rank):
        reasons.append(BAD_RANK.format(value=rank[:10]))
    if not _STATEMENT_NUMBER.fullmatch(statement_number):
        reasons.append(BAD_STATEMENT_NUMBER.format(value=statement_number[:30]))
    care_date = reader.day(v(row, "date_soins"), "date_soins", reasons)
    paid_raw = v(row, "date_paiement")
    paid_on = reader.day(paid_raw, "date_paiement", reasons) if paid_raw else default_paid_on
    if care_date and paid_on and paid_on < care_date:
        reasons.append(PAID_BEFORE_CARE)
    act = ACTS.get(v(row, "acte").upper())
    if act is None:
        reasons.append(UNKNOWN_ACT.format(value=v(row, "acte")[:10]))
    spent, base, ss, ocso = (reader.amount(v(row, name), name, reasons) for name in AMOUNT_COLUMNS)
    rate = whole(v(row, "taux_ss"), 0, 100)
    if rate is None:
        reasons.append(BAD_RATE.format(value=v(row, "taux_ss")[:10]))
    quantity_raw = v(row, "quantite")
    quantity = whole(quantity_raw, 1, 99) if quantity_raw else 1
    if quantity is None:
        reasons.append(BAD_QUANTITY.format(value=quantity_raw[:10]))
    payee = PAYEES.get(header_name(v(row, "paye_a")))
    if payee is None:
        reasons.append(BAD_PAYEE.format(value=v(row, "paye_a")[:20]))
    practitioner = v(row, "praticien")
    if len(practitioner) > 80:
        reasons.append(TOO_LONG.format(field="praticien", limit=80))
    elif payee == PayeeKind.PRACTITIONER and not practitioner:
        reasons.append(PRACTITIONER_NEEDED)
    if base is not None and ss is not None and rate is not None:
        ceiling = money(base * rate / 100)  # rounded half-up, as décomptes are priced
        if ss > ceiling:
            reasons.append(SS_OVER_BASE.format(ss=french_amount(ss), ceiling=french_amount(ceiling)))
    if spent is not None and ss is not None and ocso is not None and ss + ocso > spent:
        reasons.append(PAID_OVER_SPENT.format(paid=french_amount(ss + ocso), spent=french_amount(spent)))
    if reasons:
        return BadLine(line_number, statement_number[:20], member_number[:6], tuple(reasons))
    assert care_date and paid_on and act and quantity and payee
    assert spent is not None and base is not None and ss is not None and ocso is not None and rate is not None
    return CareEntry(
        line_number, member_number, rank, care_date, act, quantity, spent, base, rate, ss, ocso, payee,
        practitioner, statement_number, paid_on, bool(paid_raw),
    )  # fmt: skip


def read_lines(content: bytes, *, today: date) -> Iterator[CareEntry | BadLine]:
    """Every line of the file (line numbers as a spreadsheet shows them, the header being line 1), typed or
    with its reasons. Raises :class:`FileRefused` before yielding anything when the file itself is wrong."""
    reader, rows = open_file(content, LAYOUT, today=today)
    return _lines(reader, rows, today)


def _lines(reader: FieldReader, rows: Iterator[Row], today: date) -> Iterator[CareEntry | BadLine]:
    for row in rows:
        if row.problem:
            number = reader.value(row.cells, "numero_decompte").upper()[:20]
            values = frozenset(cell.strip().upper() for cell in row.cells)
            yield BadLine(row.number, number, "", (row.problem,), values)
            continue
        yield _read_line(reader, row.cells, row.number, today)
