"""The register of dispenses d'affiliation, for an URSSAF audit (issue 13): one archive with the register
(an xlsx sheet: who, which legal case, the proof or sworn statement, the dates, HR's decision, the end or
next-proof date, the status today) and every proof kept, named after the employee.

Within the structures the employer guard gives; each export is written in the audit log of each structure.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company, DispenseRequest, Employee
from ocso_app.services import audit, spreadsheets, uploads
from ocso_app.services.affiliation import status_label, status_of
from ocso_app.services.dispense_decisions import DECISION_LABELS
from ocso_app.services.dispenses import CASES, ProofKind
from ocso_app.services.formats import format_short_date, paris_date

HEADINGS = (
    "Structure",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Cas de dispense",
    "Pièce",
    "Fichier dans l'archive",
    "Demandée le",
    "Décision",
    "Décidée le",
    "Fin ou prochain justificatif",
    "Statut aujourd'hui",
)
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})


def _unaccented(text: str) -> str:
    """« MÜLLER-ŒUVRAY Zoé » → « MULLER-OEUVRAY Zoe »: a name's letters without their accents, as every
    zip tool shows a file name."""
    return unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode()


def _proof_path(employee: Employee, dispense: DispenseRequest) -> str:
    name = _UNSAFE.sub("-", _unaccented(f"{employee.last_name}_{employee.first_name}")).strip("-")
    extension = EXTENSIONS.get(dispense.proof_content_type or "", "bin")
    return f"justificatifs/{name}-{dispense.id}.{extension}"


def register_archive(
    session: Session, *, actor: audit.Actor, structure_ids: Sequence[int], today: date
) -> IO[bytes]:
    """The archive (a spooled file, rewound) of every dispense request of these structures."""
    rows = session.execute(
        select(DispenseRequest, Employee, Company.name)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .join(Company, Company.id == Employee.company_id)
        .where(Employee.company_id.in_(structure_ids))
        .order_by(Company.search_name, Employee.search_name, DispenseRequest.id)
    ).all()
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=spreadsheets.SPOOL_BYTES)  # noqa: SIM115
    lines = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for dispense, employee, structure in rows:
            case = CASES.get(dispense.case)
            path = _proof_path(employee, dispense) if dispense.proof_storage_key else ""
            if dispense.proof_storage_key:
                archive.writestr(path, uploads.read_stored(dispense.proof_storage_key))
            status = status_of(employee, today)
            lines.append(
                (
                    structure,
                    employee.last_name,
                    employee.first_name,
                    employee.birth_date,
                    case.label if case else dispense.case,
                    ProofKind.SWORN_STATEMENT.value if dispense.sworn_statement else ProofKind.DOCUMENT.value,
                    path,
                    paris_date(dispense.created_at),
                    DECISION_LABELS.get(dispense.decision, str(dispense.decision)),
                    paris_date(dispense.decided_at) if dispense.decided_at else None,
                    dispense.ends_on,
                    status_label(status),
                )
            )
        sheet = spreadsheets.Sheet(title="Dispenses", headings=HEADINGS, rows=lines)
        with spreadsheets.write(sheet, spreadsheets.XLSX) as register:
            archive.writestr("registre-des-dispenses.xlsx", register.read())
    for structure_id in structure_ids:
        audit.record_by(
            session,
            replace(actor, company_id=structure_id),
            event_type="Salariés",
            action=f"Export du registre des dispenses au {format_short_date(today)}",
        )
    out.seek(0)
    return out


def filename(today: date) -> str:
    """``registre-des-dispenses-2026-12-03.zip``."""
    return f"registre-des-dispenses-{today.isoformat()}.zip"
