"""Assurés (Espace Employeur): the employees registered on the contracts of the caller's structures, in
two tabs, searched, sorted and paged in the database; the « Détail santé » of one of them.

What an employer reads here is affiliation data only: identity (NIR masked), contracts, option, dates,
beneficiaries. Never a care line, a reimbursement nor a document. Every query is restricted to the
``structure_ids`` the employer guard gives: an employee of another structure is simply not found.

The tabs (guide 000 §05: « Actifs ou en Portabilité »):

- **Actifs**: everybody the employer still employs and has to follow on the contracts: affilié(e), en cours
  d'affiliation, à relancer, and dispensé(e) (a dispense is the employer's to prove at an URSSAF audit, so
  the employee stays on the list with that status).
- **En portabilité**: former employees still covered (art. L911-8) until the end date shown; once that
  date has passed they are out of both tabs, like the radié(e)s, who are no longer covered at all.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, case, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import UnaryExpression

from ocso_app.db import read
from ocso_app.models import (
    AffiliationStatus,
    Beneficiary,
    BeneficiaryQuality,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    Employee,
    EmployeeContract,
    Member,
)
from ocso_app.services import audit
from ocso_app.services.affiliation import (
    STATUS_LABELS,
    effective_status_column,
    effective_status_is,
    status_of,
)
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.dispense_cover import covers_a_day
from ocso_app.services.employer_access import STRUCTURE_IDS, unheard_follow_up
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count, format_first_name, format_short_date
from ocso_app.services.ids import parse_whole
from ocso_app.services.members import mask_nir
from ocso_app.services.text_search import fold, matches_bound_words, typed_words, word_parameters
from ocso_app.services.typed_text import searched

PAGE_SIZE = 25
MAX_PAGE = 999_999  # far past the last page of any company: the list clamps to its last
MAX_SEARCH = 80
SEARCH_TOO_LONG = f"Saisissez au plus {MAX_SEARCH} caractères pour rechercher un salarié."
NONE = "—"
CONSULTATION = "Consultation"

KIND_LABELS = {ContractKind.SANTE: "Santé", ContractKind.PREVOYANCE: "Prévoyance"}
QUALITY_LABELS = {
    BeneficiaryQuality.MEMBER: "Assuré(e)",
    BeneficiaryQuality.SPOUSE: "Conjoint(e)",
    BeneficiaryQuality.CHILD: "Enfant",
    BeneficiaryQuality.OTHER: "Autre ayant droit",
}


class InvalidSearch(OcsoError):
    """The search form cannot be read."""


class EmployeeTab(enum.StrEnum):
    """The two tabs of the page (their values travel in the browser)."""

    ACTIVE = "actifs"
    PORTABILITY = "portabilite"
    ALL = "tous"  # Mes salarié(e)s: every employee, whatever the status (filtered by ``status``)


TAB_LABELS = {EmployeeTab.ACTIVE: "Actifs", EmployeeTab.PORTABILITY: "En portabilité"}
ACTIVE_STATUSES = (
    AffiliationStatus.PENDING,
    AffiliationStatus.TO_REMIND,
    AffiliationStatus.AFFILIATED,
    AffiliationStatus.EXEMPTED,
)


class SortKey(enum.StrEnum):
    """The columns a list may be sorted by (anything else from the browser falls back to the name)."""

    NAME = "nom"
    ADHESION = "adhesion"
    STATUS = "statut"


@dataclass(frozen=True)
class EmployeeQuery:
    """What the list shows: a tab, the typed search, the sort and the page (1-based)."""

    tab: EmployeeTab = EmployeeTab.ACTIVE
    search: str = ""
    sort: SortKey = SortKey.NAME
    descending: bool = False
    page: int = 1
    status: AffiliationStatus | None = None  # the effective status, as read today
    unheard: bool = False  # only the open affiliations nobody follows (``employer_access.unheard_follow_up``)


def parse_query(
    *,
    tab: str = "",
    search: str = "",
    sort: str = "",
    direction: str = "",
    page: object = 1,
    status: str = "",
    unheard: bool = False,
) -> EmployeeQuery:
    """The query the browser asks for: unknown tab, sort, direction or status fall back to the defaults
    (only a forged event sends one); a search longer than ``MAX_SEARCH`` is refused with a French message."""
    search = searched(str(search or ""))
    if len(search) > MAX_SEARCH:
        raise InvalidSearch(SEARCH_TOO_LONG)
    number = str(page).strip()
    return EmployeeQuery(
        tab=EmployeeTab(tab) if tab in set(EmployeeTab) else EmployeeTab.ACTIVE,
        search=search,
        sort=SortKey(sort) if sort in set(SortKey) else SortKey.NAME,
        descending=direction == "desc",
        page=parse_whole(number, low=1, high=MAX_PAGE) or 1,
        status=AffiliationStatus(status) if status in set(AffiliationStatus) else None,
        unheard=unheard is True,
    )


@dataclass(frozen=True)
class EmployeeRow:
    """One line of the list, display-ready."""

    id: int
    last_name: str
    first_name: str
    birth_date: str
    structure: str
    contracts: str
    category: str
    adhesion_date: str
    status: str
    status_code: str
    portability_end: str
    has_health: bool  # « Détail santé »
    has_contract: bool  # an attestation d'adhésion can be drawn
    birth_year: int  # what tells homonyms apart where the full date is not shown (a picker)


@dataclass(frozen=True)
class EmployeePage:
    """One page of a tab, with what the pager and the headings need."""

    rows: list[EmployeeRow]
    total: int
    total_label: str
    page: int
    pages: int
    several_structures: bool

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _in_tab(tab: EmployeeTab, today: date) -> ColumnElement[bool]:
    if tab == EmployeeTab.ALL:
        return true()
    if tab == EmployeeTab.PORTABILITY:  # what Accueil's « En portabilité » counts, the same predicate
        return effective_status_is(today, AffiliationStatus.PORTABILITY)
    return Employee.status.in_(ACTIVE_STATUSES)


def _status_rank(today: date) -> ColumnElement[int]:
    """The effective status's place in the alphabetical order of the French labels."""
    ordered = sorted(STATUS_LABELS, key=lambda status: fold(STATUS_LABELS[status]))
    return case(
        {status.value: rank for rank, status in enumerate(ordered)}, value=effective_status_column(today)
    )


def _order(sort: SortKey, descending: bool, today: date) -> list[UnaryExpression[Any]]:
    def way(column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> UnaryExpression[Any]:
        return column.desc() if descending else column.asc()

    names = [way(Employee.search_name), way(Employee.id)]  # folded: « Édith » between « Denis » and « Gaël »
    if sort == SortKey.ADHESION:
        return [way(Employee.affiliated_on).nulls_last(), *names]
    if sort == SortKey.STATUS:
        return [
            way(_status_rank(today)),
            *(c.asc() for c in (Employee.search_name, Employee.id)),
        ]
    return names


# What a line of a list reads (``_Listed``), in its order.
_LISTED_COLUMNS = (
    Employee.id,
    Employee.last_name,
    Employee.first_name,
    Employee.birth_date,
    Company.name,
    Employee.personnel_category,
    Employee.affiliated_on,
    Employee.status,
    Employee.invited_at,
    Employee.last_reminder_at,
    Employee.portability_end_on,
)


@dataclass(frozen=True)
class _ListStatements:
    """A list's count, page and every id (all pages), for one shape of query on one day; bound at each run:
    the structures (``STRUCTURE_IDS``), the typed words (``word_parameters``), ``limit`` and ``offset``."""

    count: Select[int]
    page: Select[*tuple[Any, ...]]
    ids: Select[int]


@functools.lru_cache(maxsize=128)
def _list_statements(
    tab: EmployeeTab,
    status: AffiliationStatus | None,
    sort: SortKey,
    descending: bool,
    words: int,
    today: date,
    unheard: bool = False,
) -> _ListStatements:
    """Built once per shape and day: building a statement (its clauses, then its cache key) cost more than
    running it (1 ms of the list's 2.5 ms for the demo's 3,000 employees)."""
    where = [Employee.company_id.in_(STRUCTURE_IDS), _in_tab(tab, today)]
    if status is not None:
        where.append(effective_status_is(today, status))
    if unheard:
        where.append(unheard_follow_up())
    if words:
        where.append(matches_bound_words(Employee.search_name, words))
    order = _order(sort, descending, today)
    page_ids = (
        select(Employee.id)
        .where(*where)
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery()
    )
    page = (
        select(*_LISTED_COLUMNS)
        .join(page_ids, page_ids.c.id == Employee.id)
        .join(Company, Company.id == Employee.company_id)
        .order_by(*order)
    )
    return _ListStatements(
        count=select(func.count(Employee.id)).where(*where),
        page=page,
        ids=select(Employee.id).where(*where).order_by(Employee.id),
    )


# The kinds of signed contracts each listed employee is registered on today (one query for the page); not a
# santé registration a dispense withdrew (``dispense_cover``), whose cover would start later.
_CONTRACT_KINDS = (
    select(EmployeeContract.employee_id, Contract.kind)
    .join(Contract, Contract.id == EmployeeContract.contract_id)
    .where(
        EmployeeContract.employee_id.in_(bindparam("employee_ids", expanding=True)),
        Contract.signed_on.is_not(None),
        or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= bindparam("today")),
        covers_a_day(),
    )
)


def _contracts_of(session: Session, employee_ids: list[int], today: date) -> dict[int, set[ContractKind]]:
    kinds: dict[int, set[ContractKind]] = defaultdict(set)
    if not employee_ids:
        return kinds
    for employee_id, kind in read(session, _CONTRACT_KINDS, {"employee_ids": employee_ids, "today": today}):
        kinds[employee_id].add(ContractKind(kind))
    return kinds


def _contracts_label(kinds: set[ContractKind]) -> str:
    return (
        ", ".join(KIND_LABELS[k] for k in (ContractKind.SANTE, ContractKind.PREVOYANCE) if k in kinds) or NONE
    )


def list_employees(
    session: Session, *, structure_ids: Sequence[int], query: EmployeeQuery, today: date
) -> EmployeePage:
    """One page of a tab, whatever the structure's size: a count and the page's ids, both read from the
    index alone (``ix_employees_company_status``), then those 25 rows and their contracts."""
    # Prebuilt statements of plain columns, read without the ORM's result machinery (``db.read``).
    words = typed_words(query.search)
    statements = _list_statements(
        query.tab, query.status, query.sort, query.descending, len(words), today, query.unheard
    )
    bound: dict[str, Any] = {"structure_ids": list(structure_ids), **word_parameters(words)}
    total = read(session, statements.count, bound).scalar() or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, query.page), pages)
    paged = {**bound, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    listed = [_Listed._make(row) for row in read(session, statements.page, paged)]
    kinds = _contracts_of(session, [employee.id for employee in listed], today)
    return EmployeePage(
        rows=[_row(employee, kinds[employee.id], today) for employee in listed],
        total=total,
        total_label=f"{format_count(total)} {_people_word(query.tab, total)}",
        page=page,
        pages=pages,
        several_structures=len(set(structure_ids)) > 1,
    )


def listed_ids(
    session: Session, *, structure_ids: Sequence[int], query: EmployeeQuery, today: date
) -> list[int]:
    """The ids of every employee the list ``query`` shows (all its pages, not only the one shown), by id:
    what an action on « ces salarié(e)s » of the list may touch."""
    words = typed_words(query.search)
    statements = _list_statements(
        query.tab, query.status, query.sort, query.descending, len(words), today, query.unheard
    )
    bound: dict[str, Any] = {"structure_ids": list(structure_ids), **word_parameters(words)}
    return list(read(session, statements.ids, bound).scalars())


def find_by_name(
    session: Session, *, structure_ids: Sequence[int], typed: str, today: date, limit: int
) -> list[EmployeeRow]:
    """The first ``limit`` employees of the structures, whatever their status, whose names hold every word
    typed, by name: the list's own search (one query, no count, no contracts), for a picker; nobody when
    nothing is typed; a search longer than ``MAX_SEARCH`` is refused as the list refuses it."""
    words = typed_words(parse_query(search=typed).search)
    if not words or not structure_ids:
        return []
    statements = _list_statements(EmployeeTab.ALL, None, SortKey.NAME, False, len(words), today)
    bound = {"structure_ids": list(structure_ids), **word_parameters(words), "limit": limit, "offset": 0}
    return [_row(_Listed._make(row), set(), today) for row in read(session, statements.page, bound)]


def employee_of(session: Session, structure_ids: Sequence[int], employee_id: int) -> Employee | None:
    """The employee ``employee_id`` if they belong to one of the caller's structures (from the guard);
    ``None`` for anybody else, exactly as for an id that does not exist."""
    return session.scalar(
        select(Employee).where(Employee.id == employee_id, Employee.company_id.in_(structure_ids))
    )


def structure_of(session: Session, *, structure_ids: Sequence[int], employee_id: int) -> int | None:
    """The structure of the employee ``employee_id`` if it is one of ``structure_ids`` (the guard's);
    ``None`` for anybody else, exactly as for an id that does not exist."""
    return session.scalar(
        select(Employee.company_id).where(Employee.id == employee_id, Employee.company_id.in_(structure_ids))
    )


def listed_employee(
    session: Session, *, structure_ids: Sequence[int], employee_id: int, today: date
) -> EmployeeRow | None:
    """One employee of the structures as a line of the list shows them; ``None`` for anybody else."""
    row = session.execute(
        select(*_LISTED_COLUMNS)
        .join(Company, Company.id == Employee.company_id)
        .where(Employee.id == employee_id, Employee.company_id.in_(structure_ids))
    ).first()
    return _row(_Listed._make(row), set(), today) if row is not None else None


def _people_word(tab: EmployeeTab, total: int) -> str:
    if tab == EmployeeTab.ALL:
        return "salarié(e)" if total < 2 else "salarié(e)s"
    return "assuré" if total < 2 else "assurés"


class _Listed(NamedTuple):
    id: int
    last_name: str
    first_name: str
    birth_date: date
    structure: str
    category: str
    affiliated_on: date | None
    status: str
    invited_at: datetime | None
    last_reminder_at: datetime | None
    portability_end_on: date | None


def _short(day: date | None) -> str:
    return format_short_date(day) if day else NONE


def _row(employee: _Listed, kinds: set[ContractKind], today: date) -> EmployeeRow:
    status = status_of(employee, today)
    return EmployeeRow(
        id=employee.id,
        last_name=employee.last_name.upper(),
        first_name=employee.first_name,
        birth_date=format_short_date(employee.birth_date),
        structure=employee.structure,
        contracts=_contracts_label(kinds),
        category=employee.category,
        adhesion_date=_short(employee.affiliated_on),
        status=STATUS_LABELS[status],
        status_code=status.value,
        portability_end=_short(employee.portability_end_on),
        has_health=ContractKind.SANTE in kinds,
        has_contract=bool(kinds),
        birth_year=employee.birth_date.year,
    )


# --- one employee's file: the « Détail santé » and the attestation d'adhésion


@dataclass(frozen=True)
class Cover:
    """A registration of the employee on one of the structure's signed contracts."""

    kind: ContractKind
    kind_label: str
    contract: str
    number: str
    insurer: str
    option: str
    start_date: str
    end_date: str


@dataclass(frozen=True)
class CoveredPerson:
    """A beneficiary of the employee's santé cover (the employee first, rang AS)."""

    quality: str
    last_name: str
    first_name: str
    birth_date: str
    rank: str
    adhesion_date: str


@dataclass(frozen=True)
class EmployeeFile:
    """What an employer may read of one employee: identity (NIR masked), contracts, beneficiaries."""

    employee_id: int
    company_id: int
    company_name: str
    company_siren: str
    company_client_number: str
    company_address: str
    company_city: str
    civility: str
    last_name: str
    first_name: str
    birth_date: str
    nir_masked: str
    category: str
    status: str
    status_code: AffiliationStatus  # as read today (``status_of``)
    adhesion_date: str  # the fiche's « Date d'adhésion »: « — » until affiliated (or when dispensed)
    portability_end: str  # empty unless en portabilité
    covers: list[Cover]
    beneficiaries: list[CoveredPerson]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def health(self) -> Cover | None:
        """The santé cover, if the employee is registered on one."""
        return next((c for c in self.covers if c.kind == ContractKind.SANTE), None)


def _nir(employee_nir: str | None, member_nir: str | None) -> str:
    encrypted = employee_nir or member_nir
    return mask_nir(decrypt_field(encrypted) if encrypted else None)


def _covers(
    session: Session, employee_ids: Sequence[int], today: date, *, ended: bool = False
) -> dict[int, list[Cover]]:
    """The employees' registrations running ``today`` (with ``ended``, those that ended too), santé first;
    never one that covers no day (a santé registration a dispense withdrew: ``dispense_cover``)."""
    running = or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= today)
    rows = session.execute(
        select(
            EmployeeContract.employee_id,
            Contract.kind,
            Contract.label,
            Contract.number,
            Contract.insurer,
            ContractOption.label,
            EmployeeContract.start_date,
            EmployeeContract.end_date,
        )
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .outerjoin(ContractOption, ContractOption.id == EmployeeContract.option_id)
        .where(
            EmployeeContract.employee_id.in_(employee_ids),
            Contract.signed_on.is_not(None),
            true() if ended else running,
            covers_a_day(),
        )
        .order_by(Contract.kind.desc(), EmployeeContract.start_date)  # santé before prévoyance
    )
    covers: dict[int, list[Cover]] = defaultdict(list)
    for employee_id, kind, label, number, insurer, option, start, end in rows:
        kind = ContractKind(kind)
        covers[employee_id].append(
            Cover(kind, KIND_LABELS[kind], label, number, insurer, option or NONE, _short(start), _short(end))
        )
    return covers


def _beneficiaries(
    session: Session, member_ids: Sequence[int], today: date
) -> dict[int, list[CoveredPerson]]:
    rows = session.scalars(
        select(Beneficiary)
        .where(
            Beneficiary.member_id.in_(member_ids),
            or_(Beneficiary.end_date.is_(None), Beneficiary.end_date >= today),
        )
        .order_by(Beneficiary.member_id, Beneficiary.rank)
    )
    people: dict[int, list[CoveredPerson]] = defaultdict(list)
    for b in rows:
        people[b.member_id].append(
            CoveredPerson(
                quality=QUALITY_LABELS[BeneficiaryQuality(b.quality)],
                last_name=b.last_name.upper(),
                first_name=format_first_name(b.first_name),
                birth_date=format_short_date(b.birth_date),
                rank=b.rank,
                adhesion_date=format_short_date(b.adhesion_date),
            )
        )
    return people


def registrations(session: Session, *, employee_id: int, today: date) -> list[Cover]:
    """Every registration of an employee (the caller checked the scope), those ended included: a radiated
    employee's fiche still says on which contracts they were, and until when."""
    return _covers(session, [employee_id], today, ended=True).get(employee_id, [])


def employee_files(
    session: Session, *, structure_ids: Sequence[int], employee_ids: Sequence[int], today: date
) -> list[EmployeeFile]:
    """The files of those of ``employee_ids`` that belong to the scope's structures, in the order asked
    (three queries whatever their number); an id outside the scope is simply missing."""
    wanted = list(dict.fromkeys(employee_ids))
    if not wanted or not structure_ids:
        return []
    found = session.execute(
        select(Employee, Company, Member.nir_enc)
        .join(Company, Company.id == Employee.company_id)
        .outerjoin(Member, Member.id == Employee.member_id)
        .where(Employee.id.in_(wanted), Employee.company_id.in_(structure_ids))
    ).all()
    by_id = {employee.id: (employee, company, member_nir) for employee, company, member_nir in found}
    covers = _covers(session, list(by_id), today)
    member_ids = [e.member_id for e, _, _ in by_id.values() if e.member_id is not None]
    people = _beneficiaries(session, member_ids, today) if member_ids else {}
    files = []
    for employee_id in wanted:
        if employee_id not in by_id:
            continue
        employee, company, member_nir = by_id[employee_id]
        status = status_of(employee, today)
        employee_covers = covers.get(employee_id, [])
        has_health = any(c.kind == ContractKind.SANTE for c in employee_covers)
        files.append(
            EmployeeFile(
                employee_id=employee.id,
                company_id=company.id,
                company_name=company.name,
                company_siren=company.siren,
                company_client_number=company.client_number,
                company_address=company.postal_address,
                company_city=company.city,
                civility=employee.civility,
                last_name=employee.last_name.upper(),
                first_name=employee.first_name,
                birth_date=format_short_date(employee.birth_date),
                nir_masked=_nir(employee.nir_enc, member_nir),
                category=employee.personnel_category,
                status=STATUS_LABELS[status],
                status_code=status,
                adhesion_date=_short(employee.affiliated_on),
                portability_end=(
                    format_short_date(employee.portability_end_on)
                    if status == AffiliationStatus.PORTABILITY and employee.portability_end_on
                    else ""
                ),
                covers=employee_covers,
                beneficiaries=people.get(employee.member_id, []) if has_health and employee.member_id else [],
            )
        )
    return files


def health_detail(
    session: Session, *, actor: audit.Actor, structure_ids: Sequence[int], employee_id: int, today: date
) -> EmployeeFile | None:
    """« Détail santé » of an employee of the scope registered on a santé contract, the view written in the
    audit log; ``None`` for anybody else (another company's employee looks missing)."""
    files = employee_files(session, structure_ids=structure_ids, employee_ids=[employee_id], today=today)
    if not files or files[0].health is None:
        return None
    file = files[0]
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=file.company_id),
        event_type=CONSULTATION,
        action=f"Consultation du détail santé du salarié n° {file.employee_id}",
    )
    return file
