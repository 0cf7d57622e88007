"""Importing indemnités journalières: a file of payments (:mod:`ocso_app.services.allowance_csv`) checked
against the database into a preview, then written as ``SickLeave`` and ``DailyAllowance`` rows that the
employer sees at once in « Indemnités journalières » (guide 000 §06) and its PDF.

- **Preview first** (:func:`analyse`): nothing is written. Every line gets every reason it is wrong, in
  French: unreadable values, an unknown or non-prévoyance contract, a member (or a NIR) who is not an
  employee of the contract's company, an employee not registered on the contract on the arrêt's first day,
  an arrêt whose lines disagree or that belongs to another employee, a period already
  paid, a payment after the end the dossier records (or an end given before days already paid), a new
  arrêt meeting another arrêt of the same employee, a payment already imported with other content, an arrêt
  already stored with another motif or franchise. One wrong line sets its whole arrêt aside; the other
  arrêts are imported.
- **Idempotent by payment number, never a silent correction**: a payment already stored for the same arrêt
  with the same content is « déjà importé » and skipped, so importing the same file twice adds nothing. With
  other content (an insurer re-sending a payment with corrected amounts) it is a line error naming what
  differs (``CHANGED``), and its arrêt is set aside: an import never changes a stored payment, and the staff
  member is not told « déjà importé » while the employer keeps seeing the old amounts. The same content is
  (:func:`_changes`): the same arrêt (else ``NUMBER_TAKEN``), the same period (first and last day), days,
  daily amount, gross, social charges and net (``Decimal``, compared by value), and payment date (a
  required column). What the file says of the arrêt itself must match the dossier too: its employee,
  contract and first day (each with its reason), its motif and its franchise when the file gives one (an
  empty ``franchise`` says nothing of a stored arrêt) — else ``LEAVE_CHANGED`` names what differs
  (:func:`_leave_changes`); only a new end is recorded. :func:`write` checks again in its transaction: a
  payment stored meanwhile with the same content is skipped, with other content it refuses the whole import
  (``CHANGED_MEANWHILE``, rolled back); an arrêt stored meanwhile under the same reference for another
  employee or with other facts refuses it too (``LEAVE_CHANGED_MEANWHILE``), one with the same facts gets
  the file's payments. The end is checked again as well: an end recorded meanwhile before a payment of a
  file that gives none (``END_CHANGED_MEANWHILE``), or a payment stored meanwhile after the end the file
  gives (``PAID_AFTER_END_MEANWHILE``), refuses the import; so do days of a new payment paid meanwhile
  under another number (``PERIOD_PAID_MEANWHILE``), a new arrêt meeting an arrêt of the same employee
  created or prolonged meanwhile (``OVERLAP_MEANWHILE``), and an arrêt the preview found stored and that was
  deleted meanwhile (``LEAVE_DELETED_MEANWHILE``): the portal never deletes one, so it was deleted by hand,
  to correct it, and an import must not create it again from a file checked against it.
- **The employee**: a line names them by their member number or, when they have none (an employee dispensed
  from the santé plan has no member file, and the company's prévoyance still pays their indemnités
  journalières), by their NIR (``allowance_csv``). Either is looked for among the employees of the
  contract's company and its structures; the NIRs, encrypted, of those employees alone are decrypted, in
  one query, and only when the file gives a NIR. A NIR is never said back: a reason names the line (and the
  employee found), and the journal names the file. The employee must be registered on the contract on the
  arrêt's first day (``NOT_REGISTERED``): a registration's end is its last covered day, and a santé
  registration a dispense withdrew covers no day (``dispense_cover.covers_a_day``). A rehired employee (one
  row per hiring) is the latest hiring registered that day; a NIR that two employees registered that day
  share (a typing mistake in one's file) names neither (``SHARED_NIR``). :func:`write` checks the
  registration again: one ended or withdrawn meanwhile refuses the import (``NOT_REGISTERED_MEANWHILE``).
- An arrêt met for the first time is created; a known one gets its new payments, and its end date when the
  file gives one (a prolongation, a return to work).
- One transaction for the whole file (at most ``allowance_csv.MAX_LINES`` lines), and one audit row per
  company, naming the staff member.

Amounts stay ``Decimal``; the file's gross and net are checked to the cent, not recomputed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ocso_app.models import (
    Company,
    Contract,
    ContractKind,
    DailyAllowance,
    Employee,
    EmployeeContract,
    Member,
    SickLeave,
)
from ocso_app.services import audit, employer_notices
from ocso_app.services.allowance_csv import NO_LINES, AllowanceEntry, Leave, Nir, read_lines
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.csv_files import BadLine, FileRefused, LineProblem, imported_meanwhile
from ocso_app.services.dispense_cover import covers_a_day
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import counted, format_count, format_money, format_short_date
from ocso_app.services.identifiers import compact_nir
from ocso_app.services.sick_leaves import days_label, employee_name, leave_dates, stored_status

__all__ = ["Analysis", "FileRefused", "ImportResult", "Preview", "analyse", "write"]

EVENT_TYPE = "Import d'indemnités journalières"
ZERO = Decimal("0.00")

UNKNOWN_CONTRACT = "aucun contrat ne porte le numéro {number}"
NOT_PROVIDENT = "le contrat {number} n'est pas un contrat de prévoyance"
NOT_COVERING = "le contrat {number} ne couvrait pas le {day}"
NOT_EMPLOYEE = "l'adhérent {member} n'est pas salarié de l'entreprise du contrat {number}"
UNKNOWN_NIR = (
    "aucun salarié de l'entreprise du contrat {number} n'a le numéro de sécurité sociale de cette ligne"
)
SHARED_NIR = (
    "plusieurs salariés inscrits au contrat {number} ont le numéro de sécurité sociale de cette ligne "
    "({names}) : l'arrêt n'est attribué à aucun, faites corriger le numéro de celui qui n'est pas le bon"
)
NOT_REGISTERED = "{who} n'était pas inscrit(e) au contrat {number} le {day}, premier jour de l'arrêt"
NOT_REGISTERED_MEANWHILE = (
    "Rien n'a été importé : depuis la vérification du fichier, l'inscription au contrat {number} du salarié "
    "de l'arrêt {reference} (ligne {line}) a changé, et il n'y était plus inscrit le {day}, premier jour de "
    "l'arrêt. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
)
OTHER_LEAVE_FACTS = (
    "l'arrêt {reference} est décrit autrement à la ligne {line} (contrat, salarié, motif, dates, franchise)"
)
LEAVE_OF_ANOTHER = "l'arrêt {reference} existe déjà pour un autre salarié ou un autre contrat"
LEAVE_STARTED_OTHERWISE = "l'arrêt {reference} a commencé le {day} selon le dossier"
LEAVE_CHANGED = (
    "l'arrêt {reference} est déjà enregistré avec {changes} : un import ne le corrige pas, demandez la "
    "correction au service informatique"
)
OTHER_MOTIF = "un autre motif ({stored} dans le portail, {given} dans le fichier)"
OTHER_WAITING_DAYS = "une autre franchise ({stored} dans le portail, {given} dans le fichier)"
LEAVE_CHANGED_MEANWHILE = (
    "Rien n'a été importé : l'arrêt {reference} vient d'être enregistré par ailleurs pour un autre salarié "
    "ou avec un autre contenu que celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce qui "
    "diffère."
)
SAME_NUMBER = "numéro de paiement {number} déjà à la ligne {line}"
NUMBER_TAKEN = "le paiement {number} existe déjà pour un autre arrêt"
CHANGED = (
    "le paiement {number} est déjà importé avec {changes} : un import ne le corrige pas, demandez la "
    "correction au service informatique"
)
OTHER_PERIOD = "une autre période (du {start} au {end} dans le portail)"
OTHER_DAYS = "un autre nombre de jours ({stored} dans le portail, {given} dans le fichier)"
OTHER_AMOUNTS = "d'autres montants ({what} : {stored} dans le portail, {given} dans le fichier)"
OTHER_PAID_ON = "une autre date de paiement (le {day} dans le portail)"
CHANGED_MEANWHILE = (
    "Rien n'a été importé : le paiement {number} vient d'être importé par ailleurs avec un autre contenu que "
    "celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
)
END_CHANGED_MEANWHILE = (
    "Rien n'a été importé : la fin de l'arrêt {reference} vient d'être enregistrée par ailleurs ({end}) et "
    "le paiement {number} de ce fichier (ligne {line}) indemnise des jours après elle. Vérifiez de nouveau "
    "le fichier : l'aperçu dira ce qui diffère."
)
PERIOD_PAID_MEANWHILE = (
    "Rien n'a été importé : le paiement {other} vient d'être importé par ailleurs pour des jours que le "
    "paiement {number} de ce fichier (ligne {line}) indemnise aussi (du {start} au {end}). Vérifiez de "
    "nouveau le fichier : l'aperçu dira ce qui diffère."
)
OVERLAP_MEANWHILE = (
    "Rien n'a été importé : depuis la vérification du fichier, un autre import a enregistré ou prolongé un "
    "arrêt du même salarié que l'arrêt {reference} (ligne {line}) : {reason}. Vérifiez de nouveau le "
    "fichier : l'aperçu dira ce qui diffère."
)
LEAVE_DELETED_MEANWHILE = (
    "Rien n'a été importé : l'arrêt {reference} (ligne {line}) a été supprimé du portail depuis la "
    "vérification du fichier, et l'import ne le recrée pas. Vérifiez de nouveau le fichier : s'il ne doit "
    "pas être enregistré de nouveau, retirez ses lignes."
)
PAID_AFTER_END_MEANWHILE = (
    "Rien n'a été importé : le paiement {number} vient d'être importé par ailleurs pour l'arrêt {reference} "
    "et indemnise des jours après la fin que ce fichier lui donne ({end}, ligne {line}). Vérifiez de nouveau "
    "le fichier : l'aperçu dira ce qui diffère."
)
OVERLAPPING_LEAVE = (
    "le salarié est déjà en arrêt de travail à ces dates (arrêt {reference} {dates}) : la fin de cet arrêt "
    "doit être enregistrée d'abord"
)
OVERLAP = "période déjà indemnisée par le paiement {number} (du {start} au {end})"
AFTER_RECORDED_END = (
    "période indemnisée qui finit après la fin de l'arrêt ({end} selon le dossier) : donnez sa nouvelle fin "
    "(fin_arret) s'il a été prolongé"
)
END_BEFORE_PAID = (
    "fin de l'arrêt {end} antérieure aux jours déjà indemnisés par le paiement {number} (du {start} au "
    "{last})"
)


@dataclass(frozen=True)
class Preview:
    """What an import of the file would do; nothing was written to make it."""

    file_name: str
    lines: int
    leaves: int
    new_leaves: int
    new_payments: int
    new_net: Decimal
    new_ends: int  # stored arrêts whose end the file gives or moves
    already_imported: int
    rejected_leaves: int
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return self.new_payments > 0 or self.new_leaves > 0 or self.new_ends > 0

    def summary(self) -> str:
        """The preview in one French sentence."""
        return (
            f"{counted(self.lines, 'ligne')}, {counted(self.leaves, 'arrêt')} : "
            f"{counted(self.new_payments, 'paiement')} à importer pour "
            f"{format_money(self.new_net)} nets, "
            f"{counted(self.new_leaves, 'arrêt nouveau', 'arrêts nouveaux')}, "
            f"{counted(self.new_ends, 'fin', 'fins')} d'arrêt à enregistrer, "
            f"{counted(self.already_imported, 'paiement déjà importé', 'paiements déjà importés')}, "
            f"{counted(self.rejected_leaves, 'arrêt écarté', 'arrêts écartés')} pour erreur."
        )


class _Place(NamedTuple):
    """Where an arrêt belongs: its contract, the employee, and the employee's structure (the leave's)."""

    contract_id: int
    employee_id: int
    company_id: int


@dataclass(frozen=True)
class PlannedLeave:
    """A valid arrêt of the file: the stored one (``leave_id``) or a new one, its new payments, and the line
    that first gives it (where :func:`write` says what was changed meanwhile)."""

    leave: Leave
    place: _Place
    leave_id: int | None
    payments: tuple[AllowanceEntry, ...]
    line: int


@dataclass(frozen=True)
class Analysis:
    """The preview and what it would write (kept server-side, never sent to the browser)."""

    preview: Preview
    planned: list[PlannedLeave]
    sha256: str


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote; ``ends``: the stored arrêts whose end it recorded or moved (a change of the
    employee's file the journal must name, even when no payment came with it)."""

    payments: int
    new_leaves: int
    net: Decimal
    already_imported: int
    ends: int = 0

    def summary(self) -> str:
        ended = counted(self.ends, "fin d'arrêt enregistrée", "fins d'arrêt enregistrées")
        ends = f"{ended}, " if self.ends else ""
        return (
            f"{counted(self.payments, 'paiement importé', 'paiements importés')} "
            f"({format_money(self.net)} nets, "
            f"{counted(self.new_leaves, 'arrêt nouveau', 'arrêts nouveaux')}), {ends}"
            f"{counted(self.already_imported, 'déjà présent', 'déjà présents')}."
        )


# --- reading the database


@dataclass(frozen=True)
class _Contract:
    id: int
    company_id: int
    kind: ContractKind
    start: date
    end: date | None


class _Employee(NamedTuple):
    """An employee a line may name: their structure, and their name (said of a line that gives a NIR)."""

    id: int
    company_id: int
    name: str


Span = tuple[date, date | None]  # a registration's first and last covered days (``None``: no end yet)


class _StoredPayment(NamedTuple):
    """A payment already stored, as the file would give it (see the module's « same content »)."""

    leave_id: int
    period_start: date
    period_end: date
    days: int
    daily_amount: Decimal
    gross: Decimal
    social_charges: Decimal
    net: Decimal
    paid_on: date


def _stored_payments(session: Session, where: ColumnElement[bool]) -> dict[str, _StoredPayment]:
    """Number → the stored payments ``where`` selects, in one query."""
    rows = session.execute(
        select(
            DailyAllowance.statement_number,
            DailyAllowance.sick_leave_id,
            DailyAllowance.period_start,
            DailyAllowance.period_end,
            DailyAllowance.days,
            DailyAllowance.daily_amount,
            DailyAllowance.gross_amount,
            DailyAllowance.social_charges,
            DailyAllowance.net_amount,
            DailyAllowance.paid_on,
        ).where(where)
    )
    return {number: _StoredPayment(*facts) for number, *facts in rows}


def _changes(stored: _StoredPayment, entry: AllowanceEntry) -> str:
    """What the file says otherwise than the stored payment of the same arrêt, in French; empty when it is
    the same. Of the amounts, the first that differs is named, the net first (what was paid)."""
    changes = []
    if (stored.period_start, stored.period_end) != (entry.period_start, entry.period_end):
        start, end = format_short_date(stored.period_start), format_short_date(stored.period_end)
        changes.append(OTHER_PERIOD.format(start=start, end=end))
    if stored.days != entry.days:
        changes.append(OTHER_DAYS.format(stored=stored.days, given=entry.days))
    amounts = (
        ("net", stored.net, entry.net),
        ("brut", stored.gross, entry.gross),
        ("charges sociales", stored.social_charges, entry.social_charges),
        ("indemnité journalière", stored.daily_amount, entry.daily_amount),
    )
    differing = next(((what, was, given) for what, was, given in amounts if was != given), None)
    if stored.paid_on != entry.paid_on:
        changes.append(OTHER_PAID_ON.format(day=format_short_date(stored.paid_on)))
    if differing is not None:
        what, was, given = differing
        changes.append(OTHER_AMOUNTS.format(what=what, stored=format_money(was), given=format_money(given)))
    return _listed(changes)


def _leave_changes(stored: SickLeave, leave: Leave) -> str:
    """What the file says of an arrêt otherwise than the stored one, besides its employee, contract, first
    day (each refused with its own reason) and its end (which an import records), in French; empty when it
    is the same. The franchise is compared only when the file gives it."""
    changes = []
    if stored.reason != leave.motif:
        changes.append(OTHER_MOTIF.format(stored=stored.reason, given=leave.motif))
    if leave.waiting_days_given and stored.waiting_days != leave.waiting_days:
        changes.append(
            OTHER_WAITING_DAYS.format(
                stored=days_label(stored.waiting_days), given=days_label(leave.waiting_days)
            )
        )
    return _listed(changes)


def _listed(changes: Sequence[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return ", ".join(changes[:-1]) + " et " + changes[-1] if len(changes) > 1 else "".join(changes)


@dataclass(frozen=True)
class _Stored:
    """What the database knows of the file's contracts, employees, arrêts and payments."""

    contracts: dict[str, _Contract]
    # (contract's company id, the line's member number or NIR) → the employees it names, in the order of
    # their hiring (a rehired employee has a row per hiring), in the company or one of its structures (a
    # contract covers the structures of its company)
    employees: dict[tuple[int, str], list[_Employee]]
    leaves: dict[str, SickLeave]  # by reference: the file's, and the others of its employees
    payments: dict[str, _StoredPayment]  # by number
    periods: dict[int, list[tuple[str, date, date]]]  # arrêt id → its payments' numbers and periods
    # (employee id, contract id) → the days their registrations on the file's contracts cover
    registrations: dict[tuple[int, int], list[Span]]


def _stored(session: Session, entries: Sequence[AllowanceEntry]) -> _Stored:
    contracts = {
        c.number: _Contract(c.id, c.company_id, c.kind, c.start_date, c.end_date)
        for c in session.scalars(
            select(Contract).where(Contract.number.in_({e.leave.contract_number for e in entries}))
        )
    }
    employees = _employees(session, entries, contracts)
    employee_ids = {employee.id for named in employees.values() for employee in named}
    leaves = {  # the file's arrêts, and every arrêt of its employees (a new one must not overlap them)
        leave.reference: leave
        for leave in session.scalars(
            select(SickLeave).where(
                SickLeave.reference.in_({e.leave.reference for e in entries})
                | SickLeave.employee_id.in_(employee_ids)
            )
        )
    }
    periods: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    payments = _stored_payments(
        session,
        DailyAllowance.statement_number.in_({e.number for e in entries})
        | DailyAllowance.sick_leave_id.in_([leave.id for leave in leaves.values()]),
    )
    for number, payment in payments.items():
        periods[payment.leave_id].append((number, payment.period_start, payment.period_end))
    registrations = _registrations(session, employee_ids, [c.id for c in contracts.values()])
    return _Stored(contracts, employees, leaves, payments, periods, registrations)


def _candidates(
    session: Session,
    number: ColumnElement[str | None] | InstrumentedAttribute[str],
    company_ids: set[int],
    *where: ColumnElement[bool],
) -> Iterator[tuple[_Employee, set[int], str]]:
    """The employees of ``company_ids`` and of their structures whose ``number`` (of the employee or their
    member file) is known, in the order of their hiring: each with those of ``company_ids`` whose contracts
    cover them, and the number."""
    rows = session.execute(
        select(
            Employee.id,
            Employee.company_id,
            Company.parent_id,
            Employee.last_name,
            Employee.first_name,
            number,
        )
        .join(Company, Company.id == Employee.company_id)
        .outerjoin(Member, Member.id == Employee.member_id)
        .where(
            Employee.company_id.in_(company_ids) | Company.parent_id.in_(company_ids),
            number.is_not(None),
            *where,
        )
        .order_by(Employee.id)
    )
    for employee_id, company_id, parent_id, last_name, first_name, value in rows:
        employee = _Employee(employee_id, company_id, employee_name(last_name, first_name))
        yield employee, {company_id, parent_id or company_id} & company_ids, value or ""


def _employees(
    session: Session, entries: Sequence[AllowanceEntry], contracts: dict[str, _Contract]
) -> dict[tuple[int, str], list[_Employee]]:
    """``_Stored.employees``: one query for the member numbers of the file, and, when it gives NIRs, one for
    the encrypted NIRs of the employees of the companies whose contracts its NIR lines name, decrypted here
    and kept only when the file gives them (as the file's :class:`Nir`, which never prints itself)."""
    employees: dict[tuple[int, str], list[_Employee]] = defaultdict(list)
    numbers = {e.leave.member_number for e in entries if e.leave.member_number}
    if numbers:
        company_ids = {c.company_id for c in contracts.values()}
        found = _candidates(session, Member.member_number, company_ids, Member.member_number.in_(numbers))
        for employee, owners, number in found:
            for owner in owners:
                employees[(owner, number)].append(employee)
    nirs: dict[str, Nir] = {e.leave.nir: e.leave.nir for e in entries if e.leave.nir}
    named_by_nir = {
        contracts[e.leave.contract_number].company_id
        for e in entries
        if e.leave.nir and e.leave.contract_number in contracts
    }
    if named_by_nir:  # an employee's NIR, else their member file's (as ``employees.employee_files`` reads it)
        for employee, owners, encrypted in _candidates(
            session, func.coalesce(Employee.nir_enc, Member.nir_enc), named_by_nir
        ):
            nir = nirs.get(compact_nir(decrypt_field(encrypted)) or "")
            if nir is None:
                continue
            for owner in owners:
                employees[(owner, nir)].append(employee)
    return employees


def _registrations(
    session: Session, employee_ids: Iterable[int], contract_ids: Iterable[int]
) -> dict[tuple[int, int], list[Span]]:
    """(employee, contract) → the days each registration of ``employee_ids`` on ``contract_ids`` covers, in
    one query; a registration that covers no day (withdrawn by a dispense) is left out."""
    spans: dict[tuple[int, int], list[Span]] = defaultdict(list)
    rows = session.execute(
        select(
            EmployeeContract.employee_id,
            EmployeeContract.contract_id,
            EmployeeContract.start_date,
            EmployeeContract.end_date,
        ).where(
            EmployeeContract.employee_id.in_(list(employee_ids)),
            EmployeeContract.contract_id.in_(list(contract_ids)),
            covers_a_day(),
        )
    )
    for employee_id, contract_id, start, end in rows:
        spans[(employee_id, contract_id)].append((start, end))
    return spans


def _registered(spans: Sequence[Span], day: date) -> bool:
    """Whether a registration covers ``day`` (its end is its last covered day)."""
    return any(start <= day and (end is None or day <= end) for start, end in spans)


# --- the preview


@dataclass
class _Checker:
    stored: _Stored
    problems: list[LineProblem] = field(default_factory=list)

    def problem(self, entry: AllowanceEntry, message: str) -> None:
        self.problems.append(LineProblem(entry.line_number, entry.leave.reference, message))

    def where(self, entry: AllowanceEntry) -> _Place | None:
        """The contract and the employee of a line, if they exist and fit."""
        leave = entry.leave
        contract = self.stored.contracts.get(leave.contract_number)
        message = None
        if contract is None:
            message = UNKNOWN_CONTRACT.format(number=leave.contract_number)
        elif contract.kind != ContractKind.PREVOYANCE:
            message = NOT_PROVIDENT.format(number=leave.contract_number)
        elif leave.start < contract.start or (contract.end is not None and leave.start > contract.end):
            message = NOT_COVERING.format(number=leave.contract_number, day=format_short_date(leave.start))
        if message is not None or contract is None:
            self.problem(entry, message or "")
            return None
        employee = self._employee(entry, contract)
        return _Place(contract.id, employee.id, employee.company_id) if employee is not None else None

    def _employee(self, entry: AllowanceEntry, contract: _Contract) -> _Employee | None:
        """The employee the line names, of the contract's company and registered on it on the arrêt's first
        day (a rehired employee: the latest hiring registered then); a NIR that two employees registered
        that day share names neither."""
        leave = entry.leave
        named = self.stored.employees.get((contract.company_id, leave.employee_number), [])
        if not named:
            number = leave.contract_number
            self.problem(
                entry,
                NOT_EMPLOYEE.format(member=leave.member_number, number=number)
                if leave.member_number
                else UNKNOWN_NIR.format(number=number),
            )
            return None
        registered = [
            e
            for e in named
            if _registered(self.stored.registrations.get((e.id, contract.id), []), leave.start)
        ]
        if not registered:
            who = f"l'adhérent {leave.member_number}" if leave.member_number else named[-1].name
            day = format_short_date(leave.start)
            self.problem(entry, NOT_REGISTERED.format(who=who, number=leave.contract_number, day=day))
            return None
        if leave.nir and len(registered) > 1:  # one NIR, two people: the arrêt is neither's to guess
            names = _listed(sorted(e.name for e in registered))
            self.problem(entry, SHARED_NIR.format(number=leave.contract_number, names=names))
            return None
        return registered[-1]

    def agree(self, entries: list[AllowanceEntry]) -> bool:
        """Whether every line of one arrêt describes it the same way, and no payment number comes twice."""
        agreed, first, seen = True, entries[0], dict[str, int]()
        for entry in entries:
            line = seen.setdefault(entry.number, entry.line_number)
            if line != entry.line_number:
                self.problem(entry, SAME_NUMBER.format(number=entry.number, line=line))
                agreed = False
            elif entry.leave.described() != first.leave.described():
                self.problem(
                    entry, OTHER_LEAVE_FACTS.format(reference=first.leave.reference, line=first.line_number)
                )
                agreed = False
        return agreed

    def stored_leave(self, entry: AllowanceEntry, leave: Leave, place: _Place) -> tuple[bool, int | None]:
        """Whether the reference fits, and the id of the arrêt already stored under it (``None``: a new one).
        It does not fit when the stored arrêt is another employee's, started another day, or has another
        motif or franchise (``leave``: the arrêt as the file's lines give it, said on ``entry``)."""
        stored = self.stored.leaves.get(leave.reference)
        if stored is None:
            return True, None
        if (stored.employee_id, stored.contract_id) != (place.employee_id, place.contract_id):
            self.problem(entry, LEAVE_OF_ANOTHER.format(reference=leave.reference))
            return False, None
        if stored.start_date != leave.start:
            day = format_short_date(stored.start_date)
            self.problem(entry, LEAVE_STARTED_OTHERWISE.format(reference=leave.reference, day=day))
            return False, None
        if changes := _leave_changes(stored, leave):
            self.problem(entry, LEAVE_CHANGED.format(reference=leave.reference, changes=changes))
            return False, None
        return True, stored.id

    def new_payments(
        self, entries: list[AllowanceEntry], leave_id: int | None
    ) -> list[AllowanceEntry] | None:
        """The payments not stored yet; ``None`` when one belongs to another arrêt, is stored with other
        content or pays a period twice."""
        paid = list(self.stored.periods.get(leave_id, [])) if leave_id is not None else []
        new, ok = [], True
        for entry in entries:
            stored = self.stored.payments.get(entry.number)
            if stored is not None:
                if stored.leave_id != leave_id:
                    self.problem(entry, NUMBER_TAKEN.format(number=entry.number))
                    ok = False
                elif changes := _changes(stored, entry):
                    self.problem(entry, CHANGED.format(number=entry.number, changes=changes))
                    ok = False
                continue
            clash = next((p for p in paid if entry.period_start <= p[2] and p[1] <= entry.period_end), None)
            if clash is not None:
                number, start, end = clash
                self.problem(
                    entry,
                    OVERLAP.format(number=number, start=format_short_date(start), end=format_short_date(end)),
                )
                ok = False
            paid.append((entry.number, entry.period_start, entry.period_end))
            new.append(entry)
        return new if ok else None

    def within_end(self, entries: list[AllowanceEntry], stored: SickLeave | None) -> bool:
        """Whether every payment of a stored arrêt stays within its end once the file is imported. A line
        checks its period against the end the file gives (``allowance_csv``); when the file gives none, the
        end the dossier records is still the arrêt's, so a new payment after it is refused (it would show a
        « Clôturé » arrêt paid after its last day); when the file gives one, the days already paid must not
        fall after it."""
        if stored is None:
            return True
        given, ok = entries[0].leave.end, True
        if given is None and stored.end_date is not None:
            end = format_short_date(stored.end_date)
            for entry in entries:
                if entry.number not in self.stored.payments and entry.period_end > stored.end_date:
                    self.problem(entry, AFTER_RECORDED_END.format(end=end))
                    ok = False
        elif given is not None:
            beyond = [p for p in self.stored.periods.get(stored.id, []) if p[2] > given]
            if beyond:
                number, start, last = max(beyond, key=lambda p: p[2])
                self.problem(
                    entries[0],
                    END_BEFORE_PAID.format(
                        end=format_short_date(given),
                        number=number,
                        start=format_short_date(start),
                        last=format_short_date(last),
                    ),
                )
                ok = False
        return ok


def analyse(session: Session, *, content: bytes, file_name: str, today: date) -> Analysis:
    """Read and check the whole file; raises ``FileRefused`` when the file itself is wrong (encoding,
    separator, columns…). Writes nothing."""
    entries: list[AllowanceEntry] = []
    bad: list[BadLine] = []
    for item in read_lines(content, today=today):
        (entries if isinstance(item, AllowanceEntry) else bad).append(item)  # type: ignore[arg-type]
    if not entries and not bad:
        raise FileRefused(NO_LINES)
    by_reference: dict[str, list[AllowanceEntry]] = defaultdict(list)
    for entry in entries:
        by_reference[entry.leave.reference].append(entry)
    checker = _Checker(_stored(session, entries))
    checker.problems.extend(LineProblem(b.line_number, b.key, "; ".join(b.reasons)) for b in bad)
    rejected = {b.key for b in bad if b.key}
    planned: list[PlannedLeave] = []
    already = 0
    for reference, lines in by_reference.items():
        first = lines[0]
        leave = first.leave._replace(waiting_days_given=any(e.leave.waiting_days_given for e in lines))
        found = checker.where(first) if checker.agree(lines) else None
        fits, leave_id = checker.stored_leave(first, leave, found) if found is not None else (False, None)
        new = checker.new_payments(lines, leave_id) if fits else None
        stored = checker.stored.leaves.get(reference) if leave_id is not None else None
        if new is not None and not checker.within_end(lines, stored):
            new = None
        if reference in rejected or found is None or new is None:
            rejected.add(reference)
            continue
        already += len(lines) - len(new)
        if new or leave_id is None or _moves_end(checker.stored.leaves.get(reference), leave):
            planned.append(PlannedLeave(leave, found, leave_id, tuple(new), first.line_number))
    overlapping = _overlapping(checker, planned)
    rejected |= overlapping
    planned = [p for p in planned if p.leave.reference not in overlapping]
    preview = Preview(
        file_name=file_name,
        lines=len(entries) + len(bad),
        leaves=len(by_reference.keys() | rejected),
        new_leaves=sum(1 for p in planned if p.leave_id is None),
        new_payments=sum(len(p.payments) for p in planned),
        new_net=sum((e.net for p in planned for e in p.payments), ZERO),
        new_ends=sum(1 for p in planned if _moves_end(checker.stored.leaves.get(p.leave.reference), p.leave)),
        already_imported=already,
        rejected_leaves=len(rejected),
        problems=sorted(checker.problems, key=lambda p: p.line),
    )
    return Analysis(preview, planned, hashlib.sha256(content).hexdigest())


def _overlapping(checker: _Checker, planned: Sequence[PlannedLeave]) -> set[str]:
    """The references of the new arrêts whose days meet another arrêt of the same employee: a stored one
    (with the end this file gives it, if it does) or another new one; each said on its first line."""
    in_file = {p.leave.reference: p.leave for p in planned}
    spans: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)  # employee → arrêts
    for stored in checker.stored.leaves.values():
        given = in_file.get(stored.reference)
        end = given.end if given is not None and given.end is not None else stored.end_date
        spans[stored.employee_id].append((stored.reference, stored.start_date, end))
    new = [p for p in planned if p.leave_id is None]
    for plan in new:
        spans[plan.place.employee_id].append((plan.leave.reference, plan.leave.start, plan.leave.end))
    clashing: set[str] = set()
    for plan in new:
        leave = plan.leave
        for reference, start, end in spans[plan.place.employee_id]:
            if (
                reference != leave.reference
                and start <= (leave.end or date.max)
                and leave.start <= (end or date.max)
            ):
                message = OVERLAPPING_LEAVE.format(reference=reference, dates=leave_dates(start, end))
                checker.problem(plan.payments[0], message)
                clashing.add(leave.reference)
                break
    return clashing


def _same_leave(stored: SickLeave, plan: PlannedLeave) -> bool:
    """Whether the stored arrêt is the one the file describes (its end aside: an import records it)."""
    return (stored.contract_id, stored.employee_id, stored.start_date) == (
        plan.place.contract_id,
        plan.place.employee_id,
        plan.leave.start,
    ) and not _leave_changes(stored, plan.leave)


def _moves_end(stored: SickLeave | None, leave: Leave) -> bool:
    return stored is not None and leave.end is not None and stored.end_date != leave.end


# --- writing


def write(session: Session, *, analysis: Analysis, actor: audit.Actor, today: date) -> ImportResult:
    """Write the planned arrêts and payments not stored meanwhile (checked again here, in this transaction),
    and one audit row per company; the caller commits. A payment stored meanwhile with other content, or for
    another arrêt, refuses the import (``OcsoError``) before anything is written; so does an arrêt stored
    meanwhile under the same reference for another employee or with other facts (one with the same facts
    gets this file's payments), an end or a payment stored meanwhile that would leave a payment after the
    arrêt's last day, days of a new payment paid meanwhile under another number, a new arrêt meeting
    another of its employee created or prolonged meanwhile, a stored arrêt deleted meanwhile, and a
    registration ended or withdrawn meanwhile so that it no longer covers an arrêt's first day."""
    planned = analysis.planned
    taken = _stored_payments(
        session, DailyAllowance.statement_number.in_([e.number for p in planned for e in p.payments])
    )
    known = {
        leave.reference: leave
        for leave in session.scalars(
            select(SickLeave).where(SickLeave.reference.in_([p.leave.reference for p in planned]))
        )
    }
    paid = _stored_payments(session, DailyAllowance.sick_leave_id.in_([leave.id for leave in known.values()]))
    _still_registered(session, planned)
    for plan in planned:
        stored_leave = known.get(plan.leave.reference)
        if stored_leave is None and plan.leave_id is not None:
            raise OcsoError(LEAVE_DELETED_MEANWHILE.format(reference=plan.leave.reference, line=plan.line))
        if stored_leave is not None and not _same_leave(stored_leave, plan):
            raise OcsoError(LEAVE_CHANGED_MEANWHILE.format(reference=plan.leave.reference))
        leave_id = stored_leave.id if stored_leave is not None else None
        for entry in plan.payments:
            payment = taken.get(entry.number)
            if payment is not None and (payment.leave_id != leave_id or _changes(payment, entry)):
                raise OcsoError(CHANGED_MEANWHILE.format(number=entry.number))
        if stored_leave is not None:
            new = [e for e in plan.payments if e.number not in taken]
            _still_within_end(stored_leave, plan, new, paid)
            _not_paid_meanwhile(stored_leave, new, paid)
    _no_overlap_meanwhile(session, planned, known)
    by_company: dict[int, ImportResult] = defaultdict(lambda: ImportResult(0, 0, ZERO, 0))
    with imported_meanwhile("paiements"):
        for plan in planned:
            stored = known.get(plan.leave.reference)
            leave = stored or _new_leave(session, plan, today)
            moved = stored is not None and plan.leave.end is not None and stored.end_date != plan.leave.end
            if moved and stored is not None and plan.leave.end is not None:
                stored.end_date, stored.status = plan.leave.end, stored_status(plan.leave.end, today)
            new = [e for e in plan.payments if e.number not in taken]
            session.add_all(_payment(leave.id, entry) for entry in new)
            done = by_company[plan.place.company_id]
            by_company[plan.place.company_id] = ImportResult(
                done.payments + len(new),
                done.new_leaves + (stored is None),
                done.net + sum((e.net for e in new), ZERO),
                done.already_imported + len(plan.payments) - len(new),
                done.ends + moved,
            )
        session.flush()
    name = f"« {analysis.preview.file_name[:80]} » (sha256 {analysis.sha256[:12]})"
    for company_id, done in by_company.items():
        audit.record_by(
            session,
            replace(actor, company_id=company_id),
            event_type=EVENT_TYPE,
            action=f"Indemnités journalières importées par OCSO, fichier {name} : {done.summary()}",
        )
    employer_notices.tell(
        session,
        {
            company_id: f"OCSO a enregistré {_payments_sentence(done.payments)} d'indemnités journalières "
            "pour des salariés de votre structure. "
            + (
                "Retrouvez-le, avec son décompte, "
                if done.payments == 1
                else "Retrouvez-les, avec leurs décomptes, "
            )
            + "dans la rubrique Indemnités journalières de votre Espace Employeur."
            for company_id, done in by_company.items()
            if done.payments
        },
        action=EmployerAction.VIEW_SICK_LEAVE,
        subject="OCSO : de nouvelles indemnités journalières",
    )
    return _total(by_company.values(), analysis.preview.already_imported)


def _still_registered(session: Session, planned: Sequence[PlannedLeave]) -> None:
    """The preview's registration check (:meth:`_Checker._employee`) again, against the registrations stored
    now: one may have been ended or withdrawn since the preview. Raises ``OcsoError`` rather than record an
    arrêt on a contract that did not cover its employee."""
    spans = _registrations(
        session, {p.place.employee_id for p in planned}, {p.place.contract_id for p in planned}
    )
    for plan in planned:
        if not _registered(spans.get((plan.place.employee_id, plan.place.contract_id), []), plan.leave.start):
            raise OcsoError(
                NOT_REGISTERED_MEANWHILE.format(
                    number=plan.leave.contract_number,
                    reference=plan.leave.reference,
                    line=plan.line,
                    day=format_short_date(plan.leave.start),
                )
            )


def _still_within_end(
    stored: SickLeave, plan: PlannedLeave, new: Sequence[AllowanceEntry], paid: dict[str, _StoredPayment]
) -> None:
    """The preview's end check (:meth:`_Checker.within_end`) again, against the arrêt as stored now: another
    import may have recorded its end, or paid days after the end this file gives, since the preview. Raises
    ``OcsoError`` when a payment would fall after the arrêt's last day."""
    given = plan.leave.end
    if given is None and stored.end_date is not None:
        late = next((e for e in new if e.period_end > stored.end_date), None)
        if late is not None:
            raise OcsoError(
                END_CHANGED_MEANWHILE.format(
                    reference=stored.reference,
                    end=format_short_date(stored.end_date),
                    number=late.number,
                    line=late.line_number,
                )
            )
    elif given is not None:
        beyond = sorted(n for n, p in paid.items() if p.leave_id == stored.id and p.period_end > given)
        if beyond:
            raise OcsoError(
                PAID_AFTER_END_MEANWHILE.format(
                    number=beyond[0],
                    reference=stored.reference,
                    end=format_short_date(given),
                    line=plan.line,
                )
            )


def _not_paid_meanwhile(
    stored: SickLeave, new: Sequence[AllowanceEntry], paid: dict[str, _StoredPayment]
) -> None:
    """The preview's « période déjà indemnisée » (:meth:`_Checker.new_payments`) again, against the arrêt's
    payments stored now: another import may have paid the same days under another number since the
    preview. Raises ``OcsoError`` rather than pay them twice."""
    for entry in new:
        clash = next(
            (
                number
                for number, p in sorted(paid.items())
                if p.leave_id == stored.id
                and number != entry.number
                and entry.period_start <= p.period_end
                and p.period_start <= entry.period_end
            ),
            None,
        )
        if clash is not None:
            raise OcsoError(
                PERIOD_PAID_MEANWHILE.format(
                    other=clash,
                    number=entry.number,
                    line=entry.line_number,
                    start=format_short_date(entry.period_start),
                    end=format_short_date(entry.period_end),
                )
            )


def _no_overlap_meanwhile(
    session: Session, planned: Sequence[PlannedLeave], known: dict[str, SickLeave]
) -> None:
    """The preview's overlap check (:func:`_overlapping`) again for the arrêts this import creates, against
    the arrêts of their employees stored now: another import may have created one, or prolonged one, over
    their days since the preview. Raises ``OcsoError`` rather than put an employee twice on sick leave."""
    new = [p for p in planned if p.leave.reference not in known]
    if not new:
        return
    employees = {p.place.employee_id for p in new}
    leaves = {
        leave.reference: leave
        for leave in session.scalars(select(SickLeave).where(SickLeave.employee_id.in_(employees)))
    }
    checker = _Checker(_Stored({}, {}, leaves, {}, {}, {}))
    as_stored_now = [  # an arrêt created meanwhile with the same facts is not created again: not a new one
        replace(p, leave_id=known[p.leave.reference].id) if p.leave.reference in known else p for p in planned
    ]
    if _overlapping(checker, as_stored_now):
        first = min(checker.problems, key=lambda p: p.line)
        raise OcsoError(
            OVERLAP_MEANWHILE.format(reference=first.reference, line=first.line, reason=first.message)
        )


def _payments_sentence(count: int) -> str:
    return "1 nouveau paiement" if count == 1 else f"{format_count(count)} nouveaux paiements"


def _new_leave(session: Session, plan: PlannedLeave, today: date) -> SickLeave:
    leave = SickLeave(
        company_id=plan.place.company_id,
        employee_id=plan.place.employee_id,
        contract_id=plan.place.contract_id,
        reference=plan.leave.reference,
        reason=plan.leave.motif,
        start_date=plan.leave.start,
        end_date=plan.leave.end,
        waiting_days=plan.leave.waiting_days,
        status=stored_status(plan.leave.end, today),
    )
    session.add(leave)
    session.flush()
    return leave


def _payment(leave_id: int, entry: AllowanceEntry) -> DailyAllowance:
    return DailyAllowance(
        sick_leave_id=leave_id,
        statement_number=entry.number,
        period_start=entry.period_start,
        period_end=entry.period_end,
        days=entry.days,
        daily_amount=entry.daily_amount,
        gross_amount=entry.gross,
        social_charges=entry.social_charges,
        net_amount=entry.net,
        paid_on=entry.paid_on,
    )


def _total(results: Iterable[ImportResult], already_in_file: int) -> ImportResult:
    results = list(results)
    return ImportResult(
        sum(r.payments for r in results),
        sum(r.new_leaves for r in results),
        sum((r.net for r in results), ZERO),
        already_in_file + sum(r.already_imported for r in results),
        sum(r.ends for r in results),
    )
