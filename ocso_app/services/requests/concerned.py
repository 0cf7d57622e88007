"""« Salarié concerné »: the employee a démarche of the Espace Employeur names (the objects of
``labels.COMPANY_TOPICS`` that name one), found as HR types among the employees of the démarche's structure
with the Assurés search (``employees.find_by_name``), whatever their status (a portabilité form concerns a
former employee). When the démarche is sent, the id the browser sent is only a wish: it must be an employee
of that structure, or the démarche is refused.

What tells homonyms apart is affiliation data only: the year of birth, and the affiliation status for a
profile that may see the Assurés (an arrêts de travail profile names employees without it); never a care,
a reimbursement nor a document. A new hire not registered yet is named by hand instead
(``drafts.draft_company``), so that no démarche becomes impossible.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ocso_app.models import Employee
from ocso_app.services import employees
from ocso_app.services.employees import EmployeeRow
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import refusals
from ocso_app.services.requests.refusals import RequestRefused

MAX_MATCHES = 8


@dataclass(frozen=True)
class NamedEmployee:
    """An employee of the démarche's structure, as the picker shows them and the démarche keeps them."""

    id: int
    name: str  # « ROUSSEAU Camille »
    hint: str  # « né(e) en 1985 · Affilié(e) »


def _named(row: EmployeeRow, with_status: bool) -> NamedEmployee:
    born = f"né(e) en {row.birth_year}"
    hint = f"{born} · {row.status}" if with_status else born
    return NamedEmployee(row.id, f"{row.last_name} {row.first_name}", hint)


def find_named(
    session: Session, *, company_id: int, typed: str, today: date, with_status: bool
) -> list[NamedEmployee]:
    """The first ``MAX_MATCHES`` employees of ``company_id`` whose names hold every word typed, by name, with
    their affiliation status if ``with_status`` (a profile that may see the Assurés);
    ``employees.InvalidSearch`` for a search too long."""
    rows = employees.find_by_name(
        session, structure_ids=(company_id,), typed=typed, today=today, limit=MAX_MATCHES
    )
    return [_named(row, with_status) for row in rows]


def named_employee(
    session: Session, *, company_id: int, employee_id: object, today: date, with_status: bool = False
) -> NamedEmployee:
    """The employee ``employee_id`` (as the browser sent it) if they are one of ``company_id``'s; refused with
    a French message otherwise (a forged id, another structure's or company's employee alike). When the
    structure has a namesake, the name the démarche keeps (its subject, OCSO's queue) says the year of birth
    too: « FAIVRE François (né(e) en 1985) »."""
    wanted = parse_id(employee_id)
    row = (
        employees.listed_employee(session, structure_ids=(company_id,), employee_id=wanted, today=today)
        if wanted is not None
        else None
    )
    if row is None:
        raise RequestRefused(refusals.BAD_EMPLOYEE)
    named = _named(row, with_status)
    if _has_namesake(session, company_id, row.id):
        return dataclasses.replace(named, name=f"{named.name} (né(e) en {row.birth_year})")
    return named


def _has_namesake(session: Session, company_id: int, employee_id: int) -> bool:
    """Whether another employee of the structure bears the same name (folded: accents and case aside)."""
    own = aliased(Employee)
    other = (
        select(Employee.id)
        .join(own, own.search_name == Employee.search_name)
        .where(own.id == employee_id, Employee.company_id == company_id, Employee.id != employee_id)
    )
    return session.scalar(other.limit(1)) is not None
