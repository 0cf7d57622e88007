"""Importing décomptes: a file of care lines (:mod:`ocso_app.services.statement_csv`) checked against the
database into a preview, then its valid décomptes written as ``Statement`` and ``CareLine`` rows.

- **Preview first** (:func:`analyse`): nothing is written. Every line gets every reason it is wrong, in
  French: unreadable values, an unknown member or beneficiary, care outside the beneficiary's cover, a line
  pasted twice, a décompte whose lines disagree (member, payee, payment date), whose number belongs to
  another member or is already imported with other content. One wrong line sets its whole décompte aside;
  the others are imported.
- **Idempotent by décompte number, never a silent correction**: a number already in the database with the
  same content is reported « déjà importé » and skipped, so importing the same file twice adds nothing. With
  other content (an insurer re-sending a décompte with corrected amounts) it is a line error naming what
  differs (``CHANGED``), and nothing of it is written: an import never changes a stored décompte, and the
  staff member is not told « déjà importé » while the member keeps seeing the old amounts. The same content
  is (:func:`_changes`): the same member; the same payee (``paye_a``, and the practitioner when one is
  paid: the member's name or tiers-payant operator are read from the database, not the file); the same
  payment date, when the file gives one (a line without ``date_paiement`` is paid the day of the import, so
  the same file imported another day is the same décompte); the same care lines, in any order: beneficiary,
  date of care, act code, quantity, dépense, SS base, rate and reimbursement, OCSO reimbursement (``Decimal``,
  compared by value: « 9 » = « 9,00 »), practitioner. The rest (act label and category from the catalogue,
  remaining charge, total paid) follows from those. :func:`write_batch` checks again just before it writes,
  so two staff members importing the same file at once still write each décompte once, and a décompte
  imported meanwhile with other content stops the batch (``CHANGED_MEANWHILE``, rolled back).
- **Volume**: the database is read in a few ``IN`` queries per 1 000 numbers (the décomptes already stored
  and their lines: two), the rows are written with Core ``insert`` executemany (statements with
  ``RETURNING`` their ids), in transactions of about ``BATCH_LINES`` lines so that SQLite's writer lock is
  never held long. All of it is blocking work that the staff page runs through
  :func:`ocso_app.workers.run_blocking`, off the event loop, with the garbage collector paused
  (``workers.collector_paused``: its full collections would hold the interpreter ~100 ms).

Amounts stay ``Decimal``; a décompte's ``total_paid`` is the sum of its lines' OCSO part.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, CareLine, Member, PayeeKind, Statement
from ocso_app.models.base import utcnow
from ocso_app.services import audit, payment_notices
from ocso_app.services.csv_files import FileRefused, imported_meanwhile
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import counted, format_count, format_money, format_short_date
from ocso_app.services.statement_csv import NO_LINES, BadLine, CareEntry, read_lines
from ocso_app.workers import collector_paused

__all__ = ["Analysis", "FileRefused", "ImportResult", "Preview", "analyse", "import_all", "write_batch"]

BATCH_LINES = 10_000
LOOKUP_CHUNK = 1_000
DEFAULT_OPERATOR = "VIAMEDIS"
EVENT_TYPE = "Import de décomptes"

UNKNOWN_MEMBER = "aucun adhérent ne porte le numéro {number}"
UNKNOWN_BENEFICIARY = "l'adhérent {number} n'a pas de bénéficiaire de rang {rank}"
NOT_COVERED = "le bénéficiaire {rank} n'était pas couvert le {day}"
SAME_AS = "ligne identique à la ligne {line}"
OTHER_MEMBER = "le décompte {number} est celui de l'adhérent {first} (ligne {line})"
OTHER_PAYEE = "le décompte {number} est payé autrement à la ligne {line} (paye_a, praticien)"
OTHER_PAYMENT_DATE = "le décompte {number} a une autre date de paiement à la ligne {line}"
NUMBER_TAKEN = "le numéro de décompte {number} existe déjà pour un autre adhérent"
CHANGED = (
    "le décompte {number} est déjà importé avec {changes} : un import ne le corrige pas, demandez la "
    "correction au service informatique"
)
OTHER_PAID_ON = "une autre date de paiement (le {day} dans le portail)"
OTHER_PAYEE_STORED = "un autre destinataire du paiement (paye_a, praticien)"
OTHER_LINE_COUNT = "d'autres actes ({stored} dans le portail, {given} dans le fichier)"
OTHER_TOTAL = "d'autres montants (remboursés par OCSO : {stored} dans le portail, {given} dans le fichier)"
OTHER_ACTS = "d'autres actes (bénéficiaire, date des soins, code, quantité ou montants)"
OTHER_MEMBER_STORED = "un autre adhérent"
CHANGED_MEANWHILE = (
    "Rien n'a été importé{part} : le décompte {number} vient d'être importé par ailleurs avec un autre "
    "contenu que celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
)

T = TypeVar("T")
# Core tables, not the ORM classes: an ``insert`` of a class goes through the ORM's bulk path (three times
# the CPU for 100 000 lines); the tables' own inserts are executemany with batched VALUES.
STATEMENTS: Table = Statement.__table__  # type: ignore[assignment]
CARE_LINES: Table = CareLine.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class LineProblem:
    """Why a line of the file is set aside (its décompte with it)."""

    line: int
    statement: str
    message: str


@dataclass(frozen=True)
class Preview:
    """What an import of the file would do; nothing was written to make it."""

    file_name: str
    lines: int
    statements: int
    new_statements: int
    new_lines: int
    new_total: Decimal
    already_imported: int
    rejected_statements: int
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return self.new_statements > 0

    def summary(self) -> str:
        """The preview in one French sentence."""
        return (
            f"{counted(self.lines, 'ligne')}, {counted(self.statements, 'décompte')} : "
            f"{format_count(self.new_statements)} à importer ({counted(self.new_lines, 'ligne')}, "
            f"{format_money(self.new_total)} remboursés par OCSO), "
            f"{counted(self.already_imported, 'déjà importé', 'déjà importés')}, "
            f"{counted(self.rejected_statements, 'écarté', 'écartés')} pour erreur."
        )


@dataclass(frozen=True)
class PlannedStatement:
    """A valid new décompte, ready to write."""

    number: str
    member_id: int
    paid_on: date
    payee_kind: PayeeKind
    payee_name: str
    total: Decimal
    lines: tuple[tuple[CareEntry, int], ...]  # each line with its beneficiary id
    paid_on_given: bool = True  # False: no line gave date_paiement (paid the day of the import)

    @property
    def total_paid(self) -> Decimal:
        """What the payment e-mail says (``payment_notices.NewPayment``)."""
        return self.total

    def acts(self) -> Counter[_Act]:
        """Its care lines as compared with a stored décompte's."""
        return Counter(
            (beneficiary_id, e.care_date, e.act.code, e.quantity, e.spent, e.ss_base, e.ss_rate,
             e.ss_reimbursed, e.complementary, e.practitioner)
            for e, beneficiary_id in self.lines
        )  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    """The preview and the décomptes it would write (kept server-side, never sent to the browser)."""

    preview: Preview
    planned: list[PlannedStatement]
    sha256: str


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: décomptes and lines new in the database, and those found already there."""

    statements: int
    lines: int
    total: Decimal
    already_imported: int

    def summary(self) -> str:
        return (
            f"{counted(self.statements, 'décompte importé', 'décomptes importés')} "
            f"({counted(self.lines, 'ligne')}, {format_money(self.total)}), "
            f"{counted(self.already_imported, 'déjà présent', 'déjà présents')}."
        )


# --- reading the database in a few queries


def _chunks(values: Sequence[T], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class _MemberFacts:
    id: int
    payee_name: str
    operator: str


def _members(session: Session, numbers: Sequence[str]) -> dict[str, _MemberFacts]:
    found: dict[str, _MemberFacts] = {}
    for chunk in _chunks(numbers):
        rows = session.execute(
            select(
                Member.member_number,
                Member.id,
                Member.last_name,
                Member.first_name,
                Member.tiers_payant_operator,
            ).where(Member.member_number.in_(chunk))
        )
        for number, member_id, last, first, operator in rows:
            found[number] = _MemberFacts(member_id, f"{last} {first}"[:80], operator or DEFAULT_OPERATOR)
    return found


_Cover = tuple[int, date, date | None]  # beneficiary id, first and last covered day


def _beneficiaries(session: Session, member_ids: Sequence[int]) -> dict[tuple[int, str], _Cover]:
    found: dict[tuple[int, str], _Cover] = {}
    for chunk in _chunks(member_ids):
        rows = session.execute(
            select(
                Beneficiary.member_id,
                Beneficiary.rank,
                Beneficiary.id,
                Beneficiary.adhesion_date,
                Beneficiary.end_date,
            ).where(Beneficiary.member_id.in_(chunk))
        )
        for member_id, rank, beneficiary_id, start, end in rows:
            found[(member_id, rank)] = (beneficiary_id, start, end)
    return found


# a care line as the file gives it: beneficiary id, date of care, act code, quantity, dépense, SS base, SS
# rate, SS reimbursement, OCSO reimbursement, practitioner ("" for none)
_Act = tuple[int, date, str, int, Decimal, Decimal, int, Decimal, Decimal, str]


@dataclass
class _StoredStatement:
    """What the file could say of a décompte already stored (see the module's « same content »)."""

    member_id: int
    paid_on: date
    payee_kind: PayeeKind
    payee_name: str
    total: Decimal
    acts: Counter[_Act] = field(default_factory=Counter)


def _existing_statements(session: Session, numbers: Sequence[str]) -> dict[str, _StoredStatement]:
    """The décomptes already stored among ``numbers``, with their lines: two ``IN`` queries per chunk."""
    found: dict[str, _StoredStatement] = {}
    for chunk in _chunks(numbers):
        by_id: dict[int, _StoredStatement] = {}
        rows = session.execute(
            select(
                Statement.id,
                Statement.number,
                Statement.member_id,
                Statement.paid_on,
                Statement.payee_kind,
                Statement.payee_name,
                Statement.total_paid,
            ).where(Statement.number.in_(chunk))
        )
        for statement_id, number, member_id, paid_on, payee_kind, payee_name, total in rows:
            by_id[statement_id] = found[number] = _StoredStatement(
                member_id, paid_on, payee_kind, payee_name, total
            )
        if not by_id:
            continue
        lines = session.execute(
            select(
                CareLine.statement_id,
                CareLine.beneficiary_id,
                CareLine.care_date,
                CareLine.act_code,
                CareLine.quantity,
                CareLine.amount_spent,
                CareLine.ss_base,
                CareLine.ss_rate,
                CareLine.ss_reimbursed,
                CareLine.complementary_reimbursed,
                CareLine.practitioner,
            ).where(CareLine.statement_id.in_(list(by_id)))
        )
        for statement_id, *act, practitioner in lines:
            by_id[statement_id].acts[(*act, practitioner or "")] += 1
    return found


def _paid_to(kind: PayeeKind, name: str) -> tuple[PayeeKind, str]:
    """Whom a décompte pays as the file says it: the kind, and the practitioner when one is paid."""
    return kind, name if kind == PayeeKind.PRACTITIONER else ""


def _changes(stored: _StoredStatement, planned: PlannedStatement) -> str:
    """What the file says otherwise than the stored décompte, in French; empty when it is the same."""
    changes = []
    if stored.member_id != planned.member_id:
        changes.append(OTHER_MEMBER_STORED)
    if planned.paid_on_given and stored.paid_on != planned.paid_on:
        changes.append(OTHER_PAID_ON.format(day=format_short_date(stored.paid_on)))
    if _paid_to(stored.payee_kind, stored.payee_name) != _paid_to(planned.payee_kind, planned.payee_name):
        changes.append(OTHER_PAYEE_STORED)
    acts = planned.acts()
    if acts != stored.acts:
        count, given = stored.acts.total(), acts.total()
        if count != given:
            changes.append(OTHER_LINE_COUNT.format(stored=counted(count, "ligne"), given=format_count(given)))
        elif stored.total != planned.total:
            money = format_money(stored.total), format_money(planned.total)
            changes.append(OTHER_TOTAL.format(stored=money[0], given=money[1]))
        else:
            changes.append(OTHER_ACTS)
    return ", ".join(changes[:-1]) + " et " + changes[-1] if len(changes) > 1 else "".join(changes)


# --- the preview


@dataclass
class _Checker:
    """The per-line checks that need the database's answers, and the per-décompte agreement of lines."""

    members: dict[str, _MemberFacts]
    covers: dict[tuple[int, str], _Cover]
    problems: list[LineProblem] = field(default_factory=list)
    seen: dict[tuple[object, ...], int] = field(default_factory=dict)

    def _problem(self, entry: CareEntry, message: str) -> None:
        self.problems.append(LineProblem(entry.line_number, entry.statement_number, message))

    def beneficiary(self, entry: CareEntry) -> int | None:
        """The beneficiary id of a line whose member, beneficiary and cover are right; else ``None``."""
        first = self.seen.setdefault(entry.fingerprint(), entry.line_number)
        if first != entry.line_number:
            self._problem(entry, SAME_AS.format(line=first))
            return None
        member = self.members.get(entry.member_number)
        if member is None:
            self._problem(entry, UNKNOWN_MEMBER.format(number=entry.member_number))
            return None
        cover = self.covers.get((member.id, entry.rank))
        if cover is None:
            self._problem(entry, UNKNOWN_BENEFICIARY.format(number=entry.member_number, rank=entry.rank))
            return None
        beneficiary_id, start, end = cover
        if entry.care_date < start or (end is not None and entry.care_date > end):
            self._problem(entry, NOT_COVERED.format(rank=entry.rank, day=format_short_date(entry.care_date)))
            return None
        return beneficiary_id

    def agree(self, entries: list[CareEntry]) -> bool:
        """Whether every line of one décompte names the same member, payee and payment date."""
        first, agreed = entries[0], True
        for entry in entries[1:]:
            message = None
            if entry.member_number != first.member_number:
                message = OTHER_MEMBER.format(
                    number=first.statement_number, first=first.member_number, line=first.line_number
                )
            elif (entry.payee, entry.practitioner if entry.payee == PayeeKind.PRACTITIONER else "") != (
                first.payee,
                first.practitioner if first.payee == PayeeKind.PRACTITIONER else "",
            ):
                message = OTHER_PAYEE.format(number=first.statement_number, line=first.line_number)
            elif entry.paid_on != first.paid_on:
                message = OTHER_PAYMENT_DATE.format(number=first.statement_number, line=first.line_number)
            if message:
                self._problem(entry, message)
                agreed = False
        return agreed


def _payee_name(entry: CareEntry, member: _MemberFacts) -> str:
    if entry.payee == PayeeKind.MEMBER:
        return member.payee_name
    if entry.payee == PayeeKind.OPERATOR:
        return member.operator
    return entry.practitioner[:80]


def analyse(session: Session, *, content: bytes, file_name: str, today: date) -> Analysis:
    """Read and check the whole file; raises :class:`FileRefused` when the file itself is wrong (encoding,
    separator, columns…). Writes nothing."""
    with collector_paused():
        return _analyse(session, content=content, file_name=file_name, today=today)


def _analyse(session: Session, *, content: bytes, file_name: str, today: date) -> Analysis:
    entries: list[CareEntry] = []
    bad: list[BadLine] = []
    for item in read_lines(content, today=today):
        (entries if isinstance(item, CareEntry) else bad).append(item)  # type: ignore[arg-type]
    if not entries and not bad:
        raise FileRefused(NO_LINES)
    by_number: dict[str, list[CareEntry]] = defaultdict(list)
    for entry in entries:
        by_number[entry.statement_number].append(entry)
    members = _members(session, sorted({e.member_number for e in entries}))
    checker = _Checker(members, _beneficiaries(session, sorted({m.id for m in members.values()})))
    rejected: set[str] = set()
    for b in bad:
        numbers = sorted(b.values & by_number.keys()) or [b.statement_number]
        rejected.update(n for n in numbers if n)
        checker.problems.append(LineProblem(b.line_number, ", ".join(numbers), "; ".join(b.reasons)))
    existing = _existing_statements(session, sorted(by_number))
    planned: list[PlannedStatement] = []
    already = 0
    for number, lines in by_number.items():
        beneficiary_ids = [checker.beneficiary(entry) for entry in lines]
        agreed = checker.agree(lines)
        if number in rejected or not agreed or None in beneficiary_ids:
            rejected.add(number)
            continue
        first = lines[0]
        member = members[first.member_number]
        plan = PlannedStatement(
            number=number,
            member_id=member.id,
            paid_on=first.paid_on,
            payee_kind=first.payee,
            payee_name=_payee_name(first, member),
            total=sum((entry.complementary for entry in lines), Decimal("0.00")),
            lines=tuple(zip(lines, [b for b in beneficiary_ids if b is not None], strict=True)),
            paid_on_given=any(entry.paid_on_given for entry in lines),
        )
        stored = existing.get(number)
        if stored is None:
            planned.append(plan)
        elif stored.member_id != member.id:
            checker._problem(first, NUMBER_TAKEN.format(number=number))
            rejected.add(number)
        elif changes := _changes(stored, plan):
            checker._problem(first, CHANGED.format(number=number, changes=changes))
            rejected.add(number)
        else:
            already += 1
    problems = sorted(checker.problems, key=lambda p: p.line)
    preview = Preview(
        file_name=file_name,
        lines=len(entries) + len(bad),
        statements=len(by_number.keys() | rejected),
        new_statements=len(planned),
        new_lines=sum(len(p.lines) for p in planned),
        new_total=sum((p.total for p in planned), Decimal("0.00")),
        already_imported=already,
        rejected_statements=len(rejected),
        problems=problems,
    )
    return Analysis(preview, planned, hashlib.sha256(content).hexdigest())


# --- writing


def _batches(planned: Sequence[PlannedStatement], lines: int) -> Iterable[list[PlannedStatement]]:
    batch: list[PlannedStatement] = []
    size = 0
    for statement in planned:
        batch.append(statement)
        size += len(statement.lines)
        if size >= lines:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _tell_opted_in_members(session: Session, new: Sequence[PlannedStatement]) -> None:
    """The opt-in e-mail of each new payment (after commit), for the members who asked for it."""
    members = {s.member_id for s in new}
    opted_in = set(
        session.scalars(select(Member.id).where(Member.id.in_(members), Member.payment_email.is_(True)))
    )
    for statement in new:
        if statement.member_id in opted_in:
            payment_notices.notify_new_payment(session, statement.member_id, statement)


def write_batch(
    session: Session, *, batch: Sequence[PlannedStatement], actor: audit.Actor, label: str, part: str = ""
) -> ImportResult:
    """Write the décomptes of ``batch`` not already stored (checked again here, in this transaction), their
    lines, and one audit row; the caller commits. One stored meanwhile with other content refuses the batch
    (``OcsoError``, ``part`` saying from which part of the file nothing was written)."""
    taken = _existing_statements(session, [s.number for s in batch])
    changed = next((s.number for s in batch if s.number in taken and _changes(taken[s.number], s)), None)
    if changed is not None:
        raise OcsoError(CHANGED_MEANWHILE.format(number=changed, part=part))
    new = [s for s in batch if s.number not in taken]
    if new:
        now = utcnow()
        ids = session.scalars(
            insert(STATEMENTS).returning(STATEMENTS.c.id, sort_by_parameter_order=True),
            [
                {
                    "member_id": s.member_id,
                    "number": s.number,
                    "paid_on": s.paid_on,
                    "payee_kind": s.payee_kind,
                    "payee_name": s.payee_name,
                    "total_paid": s.total,
                    "created_at": now,
                }
                for s in new
            ],
        ).all()
        session.execute(
            insert(CARE_LINES),
            [
                {
                    "statement_id": statement_id,
                    "member_id": s.member_id,
                    "beneficiary_id": beneficiary_id,
                    "care_date": e.care_date,
                    "care_category": e.act.category,
                    "act_code": e.act.code,
                    "act_label": e.act.label,
                    "practitioner": e.practitioner or None,
                    "quantity": e.quantity,
                    "amount_spent": e.spent,
                    "ss_base": e.ss_base,
                    "ss_rate": e.ss_rate,
                    "ss_reimbursed": e.ss_reimbursed,
                    "complementary_reimbursed": e.complementary,
                    "remaining_charge": e.remaining,
                }
                for statement_id, s in zip(ids, new, strict=True)
                for e, beneficiary_id in s.lines
            ],
        )
    _tell_opted_in_members(session, new)
    result = ImportResult(
        statements=len(new),
        lines=sum(len(s.lines) for s in new),
        total=sum((s.total for s in new), Decimal("0.00")),
        already_imported=len(batch) - len(new),
    )
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"Import de décomptes {label} : {result.summary()}",
    )
    return result


def import_all(
    open_session: Callable[[], AbstractContextManager[Session]],
    *,
    analysis: Analysis,
    actor: audit.Actor,
) -> ImportResult:
    """Write every planned décompte, each batch in its own transaction (``open_session`` commits at the end
    of its block); a batch that fails leaves the ones before it written, and importing the file again
    completes it. Another import writing the same décomptes at the same moment (between a batch's check and
    its insert) is told in French (``OcsoError``), that batch rolled back."""
    batches = list(_batches(analysis.planned, BATCH_LINES))
    name = f"« {analysis.preview.file_name[:80]} » (sha256 {analysis.sha256[:12]})"
    totals = ImportResult(0, 0, Decimal("0.00"), analysis.preview.already_imported)
    for index, batch in enumerate(batches, start=1):
        label = name if len(batches) == 1 else f"{name}, partie {index}/{len(batches)}"
        part = "" if index == 1 else f" à partir de la partie {index}/{len(batches)}"
        with imported_meanwhile("décomptes", part), collector_paused(), open_session() as session:
            done = write_batch(session, batch=batch, actor=actor, label=label, part=part)
        totals = ImportResult(
            totals.statements + done.statements,
            totals.lines + done.lines,
            totals.total + done.total,
            totals.already_imported + done.already_imported,
        )
    return totals
