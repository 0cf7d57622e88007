"""The export of Mes salarié(e)s (guide 003): every employee of the caller's structures, whatever their
status, as a spreadsheet HR opens in Excel (``services.spreadsheets``: xlsx or French CSV, formula-safe).

What is in it is affiliation data only, what HR needs to follow the affiliations and reconcile them with the
payroll: structure, identity (civilité, nom, prénom, date de naissance, e-mail), personnel category, hiring
and cover dates, the santé and prévoyance contracts with the option chosen, the status as it stands today
(« à relancer » computed on read), its dates (the last relance among them), the motif de sortie of a
radiation and the numéro d'adhérent. Never the NIR (a file that leaves the
portal, is mailed and kept on laptops: HR has it in the payroll already), never a postal address, never a
care line, a reimbursement, a beneficiary or a document.

The rows are read by pages of ``CHUNK`` employees (two queries each), so a 3,000-employee company costs a
bounded memory; every export is written in the audit log of each structure it covers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Employee,
    EmployeeContract,
    Member,
)
from ocso_app.services import audit
from ocso_app.services.affiliation import status_label, status_of
from ocso_app.services.dispense_cover import covers_a_day
from ocso_app.services.formats import format_count, paris_date
from ocso_app.services.portability import REASON_LABELS
from ocso_app.services.spreadsheets import Format, Sheet, Value

CHUNK = 500
EVENT_TYPE = "Salariés"

HEADINGS = (
    "Structure",
    "Civilité",
    "Nom",
    "Prénom",
    "Date de naissance",
    "E-mail",
    "Catégorie de personnel",
    "Date d'embauche",
    "Date de début de couverture",
    "Contrat santé",
    "Option santé",
    "Contrat prévoyance",
    "Option prévoyance",
    "Statut",
    "Invité(e) le",
    "Dernière relance",
    "Date d'affiliation",
    "Date de radiation",
    "Motif de sortie",
    "Fin de portabilité",
    "N° d'adhérent",
)


def _ids(session: Session, structure_ids: Sequence[int]) -> list[int]:
    """Every employee of the structures, in the order of the file: structure, name, first name."""
    return list(
        session.scalars(
            select(Employee.id)
            .join(Company, Company.id == Employee.company_id)
            .where(Employee.company_id.in_(structure_ids))
            .order_by(Company.search_name, Company.id, Employee.search_name, Employee.id)
        )
    )


def _covers(session: Session, employee_ids: Sequence[int], today: date) -> dict[tuple[int, str], list[str]]:
    """(employee, kind) → « contract », and (employee, kind + "/option") → « option », of today's covers (not
    a santé registration a dispense withdrew: ``dispense_cover``)."""
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    rows = session.execute(
        select(
            EmployeeContract.employee_id, Contract.kind, Contract.number, Contract.label, ContractOption.label
        )
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .outerjoin(ContractOption, ContractOption.id == EmployeeContract.option_id)
        .where(
            EmployeeContract.employee_id.in_(employee_ids),
            Contract.signed_on.is_not(None),
            or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= today),
            covers_a_day(),
        )
        .order_by(EmployeeContract.start_date, Contract.number)
    )
    for employee_id, kind, number, label, option in rows:
        found[(employee_id, ContractKind(kind).value)].append(f"{number} – {label}")
        if option:
            found[(employee_id, f"{ContractKind(kind).value}/option")].append(option)
    return found


def _motif(reason: str | None) -> str | None:
    """The motif de départ as HR chose it in the radiation (a value no longer known is given as stored)."""
    if not reason:
        return None
    known = {motif.value: label for motif, label in REASON_LABELS.items()}
    return known.get(reason, reason)


def _joined(values: list[str]) -> str | None:
    return " / ".join(values) if values else None


def _chunk(session: Session, employee_ids: Sequence[int], today: date) -> list[tuple[Value, ...]]:
    covers = _covers(session, employee_ids, today)
    rows = session.execute(
        select(
            Employee.id,
            Company.name,
            Employee.civility,
            Employee.last_name,
            Employee.first_name,
            Employee.birth_date,
            Employee.email,
            Employee.personnel_category,
            Employee.hired_on,
            Employee.cover_start_on,
            Employee.status,
            Employee.invited_at,
            Employee.last_reminder_at,
            Employee.affiliated_on,
            Employee.radiated_on,
            Employee.radiation_reason,
            Employee.portability_end_on,
            Member.member_number,
        )
        .join(Company, Company.id == Employee.company_id)
        .outerjoin(Member, Member.id == Employee.member_id)
        .where(Employee.id.in_(employee_ids))
    )
    by_id = {row.id: row for row in rows}
    lines: list[tuple[Value, ...]] = []
    for employee_id in employee_ids:
        e = by_id[employee_id]
        status = status_of(e, today)
        sante, prevoyance = ContractKind.SANTE.value, ContractKind.PREVOYANCE.value
        lines.append(
            (
                e.name,
                e.civility,
                e.last_name.upper(),
                e.first_name,
                e.birth_date,
                e.email,
                e.personnel_category,
                e.hired_on,
                e.cover_start_on,
                _joined(covers[(employee_id, sante)]),
                _joined(covers[(employee_id, f"{sante}/option")]),
                _joined(covers[(employee_id, prevoyance)]),
                _joined(covers[(employee_id, f"{prevoyance}/option")]),
                status_label(status),
                paris_date(e.invited_at) if e.invited_at else None,  # the day in France, as « à relancer »
                paris_date(e.last_reminder_at) if e.last_reminder_at else None,
                e.affiliated_on,
                e.radiated_on,
                _motif(e.radiation_reason),
                e.portability_end_on,
                e.member_number,
            )
        )
    return lines


def _rows(session: Session, employee_ids: list[int], today: date) -> Iterator[tuple[Value, ...]]:
    for start in range(0, len(employee_ids), CHUNK):
        yield from _chunk(session, employee_ids[start : start + CHUNK], today)


def staff_sheet(
    session: Session,
    *,
    actor: audit.Actor,
    structure_ids: Sequence[int],
    file_format: Format,
    today: date,
) -> Sheet:
    """The whole list of the structures, to write while ``session`` is open; the export is audited (one row
    per structure, in the caller's transaction)."""
    employee_ids = _ids(session, structure_ids)
    counts = dict(
        session.execute(
            select(Employee.company_id, func.count(Employee.id))
            .where(Employee.company_id.in_(structure_ids))
            .group_by(Employee.company_id)
        ).all()
    )
    for structure_id in structure_ids:
        count = counts.get(structure_id, 0)
        audit.record_by(
            session,
            replace(actor, company_id=structure_id),
            event_type=EVENT_TYPE,
            action=(
                f"Export de la liste des salarié(e)s ({file_format.extension}, "
                f"{format_count(count)} ligne{'s' if count > 1 else ''})"
            ),
        )
    return Sheet(title="Salariés", headings=HEADINGS, rows=_rows(session, employee_ids, today))


def filename(file_format: Format, today: date) -> str:
    """``salaries-2026-12-03.xlsx``."""
    return f"salaries-{today.isoformat()}.{file_format.extension}"
