"""Importing bordereaux de cotisations: a file of bordereaux (:mod:`ocso_app.services.contribution_csv`)
checked against the database into a preview, then written as ``ContributionStatement`` rows that the employer
sees at once on the Entreprise page (with their status) and in the Accueil's « Cotisations » counter, and
their introducer in the portfolio.

- **Preview first** (:func:`analyse`): nothing is written. Every line gets every reason it is wrong, in
  French: unreadable values, an unknown contract, a structure that is not the contract's company nor one of
  its structures, a period outside the contract, a number given twice or stored with other facts, an amount
  paid lower than the one recorded. A wrong line is set aside alone.
- **Idempotent by number, never a silent correction**: a bordereau already stored with the same facts
  (:func:`_facts`: contract, structure, period, headcount, amount due, échéance) and amount paid is « déjà
  importé », so importing the same file twice adds nothing; with a higher amount paid, the payment is
  recorded (nothing else of it changes); with other facts or a lower amount paid it is a line error, and
  nothing of it is written. :func:`write` checks again in its transaction against what is stored then: a
  bordereau stored meanwhile (or paid meanwhile) with other facts or more paid than the file says refuses
  the whole import (``CHANGED_MEANWHILE``, rolled back) rather than being counted « déjà présent »; with
  the same facts it is « déjà présent », or gets the file's higher amount paid. A bordereau the preview
  found stored and that was deleted meanwhile refuses the import too (``DELETED_MEANWHILE``): the portal
  never deletes one, so it was deleted by hand, to correct it, and an import must not create it again from
  a file checked against the deleted one.
- One transaction for the whole file, and one audit row per structure, naming the staff member.

Amounts stay ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company, Contract, ContributionStatement
from ocso_app.services import audit, employer_notices
from ocso_app.services.contribution_csv import NO_LINES, ContributionEntry, read_lines
from ocso_app.services.csv_files import BadLine, FileRefused, LineProblem, french_amount, imported_meanwhile
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import counted, format_count, format_money, format_short_date

__all__ = ["Analysis", "FileRefused", "ImportResult", "Preview", "analyse", "write"]

EVENT_TYPE = "Import de bordereaux de cotisations"
ZERO = Decimal("0.00")
PAID, TO_PAY = "payee", "a_payer"  # as stored; the pages read the status from the amounts and the dates

UNKNOWN_CONTRACT = "aucun contrat ne porte le numéro {number}"
NOT_ITS_STRUCTURE = (
    "le numéro client {client} n'est ni l'entreprise du contrat {number} ni l'une de ses structures"
)
OUTSIDE_CONTRACT = "période hors du contrat {number} (du {start}{end})"
SAME_NUMBER = "bordereau {number} déjà à la ligne {line}"
STORED_OTHERWISE = (
    "le bordereau {number} est déjà enregistré autrement (contrat, structure, période, effectif, montant dû, "
    "échéance)"
)
PAID_LOWER = "montant payé ({paid}) inférieur à celui déjà enregistré ({stored})"
CHANGED_MEANWHILE = (
    "Rien n'a été importé : le bordereau {number} vient d'être importé par ailleurs avec un autre contenu "
    "que celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
)
DELETED_MEANWHILE = (
    "Rien n'a été importé : le bordereau {number} (ligne {line}) a été supprimé du portail depuis la "
    "vérification du fichier, et l'import ne le recrée pas. Vérifiez de nouveau le fichier : s'il ne doit "
    "pas être enregistré de nouveau, retirez sa ligne."
)


@dataclass(frozen=True)
class Preview:
    """What an import of the file would do; nothing was written to make it."""

    file_name: str
    lines: int
    new: int
    new_due: Decimal
    payments: int  # stored bordereaux whose amount paid goes up
    newly_paid: Decimal
    already_imported: int
    rejected: int
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return self.new > 0 or self.payments > 0

    def summary(self) -> str:
        """The preview in one French sentence."""
        return (
            f"{counted(self.lines, 'ligne')} : {counted(self.new, 'bordereau', 'bordereaux')} à importer "
            f"({format_money(self.new_due)} dus), {counted(self.payments, 'paiement')} à enregistrer "
            f"({format_money(self.newly_paid)}), "
            f"{counted(self.already_imported, 'déjà importé', 'déjà importés')}, "
            f"{counted(self.rejected, 'écarté', 'écartés')} pour erreur."
        )


@dataclass(frozen=True)
class Planned:
    """A valid line: a new bordereau of ``company_id``, or the new amount paid of the stored one."""

    entry: ContributionEntry
    company_id: int
    contract_id: int
    stored_id: int | None


@dataclass(frozen=True)
class Analysis:
    """The preview and what it would write (kept server-side, never sent to the browser)."""

    preview: Preview
    planned: list[Planned]


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    new: int
    payments: int
    already_imported: int

    def summary(self) -> str:
        return (
            f"{counted(self.new, 'bordereau importé', 'bordereaux importés')}, "
            f"{counted(self.payments, 'paiement enregistré', 'paiements enregistrés')}, "
            f"{counted(self.already_imported, 'déjà présent', 'déjà présents')}."
        )


@dataclass(frozen=True)
class _Stored:
    contracts: dict[str, Contract]
    structures: dict[str, tuple[int, int | None]]  # client number → company id, parent id
    bordereaux: dict[str, ContributionStatement]


def _stored(session: Session, entries: Sequence[ContributionEntry]) -> _Stored:
    contracts = {
        c.number: c
        for c in session.scalars(
            select(Contract).where(Contract.number.in_({e.contract_number for e in entries}))
        )
    }
    clients = {e.client_number for e in entries if e.client_number}
    structures = {
        number: (company_id, parent_id)
        for number, company_id, parent_id in session.execute(
            select(Company.client_number, Company.id, Company.parent_id).where(
                Company.client_number.in_(clients)
            )
        )
    }
    bordereaux = {
        b.reference: b
        for b in session.scalars(
            select(ContributionStatement).where(
                ContributionStatement.reference.in_({e.reference for e in entries})
            )
        )
    }
    return _Stored(contracts, structures, bordereaux)


@dataclass
class _Checker:
    stored: _Stored
    problems: list[LineProblem] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def problem(self, entry: ContributionEntry, message: str) -> None:
        self.problems.append(LineProblem(entry.line_number, entry.reference, message))

    def plan(self, entry: ContributionEntry) -> Planned | None:
        """What the line would write, or ``None`` (with its reason) when it is wrong."""
        first = self.seen.setdefault(entry.reference, entry.line_number)
        contract = self.stored.contracts.get(entry.contract_number)
        message = None
        if first != entry.line_number:
            message = SAME_NUMBER.format(number=entry.reference, line=first)
        elif contract is None:
            message = UNKNOWN_CONTRACT.format(number=entry.contract_number)
        elif entry.period_start < contract.start_date or (
            contract.end_date is not None and entry.period_start > contract.end_date
        ):
            end = f" au {format_short_date(contract.end_date)}" if contract.end_date else ""
            message = OUTSIDE_CONTRACT.format(
                number=contract.number, start=format_short_date(contract.start_date), end=end
            )
        company_id = self._structure(entry, contract) if message is None and contract else None
        if message is not None or contract is None or company_id is None:
            if message is not None:
                self.problem(entry, message)
            return None
        return self._against_stored(entry, company_id, contract.id)

    def _structure(self, entry: ContributionEntry, contract: Contract) -> int | None:
        if not entry.client_number:
            return contract.company_id
        company_id, parent_id = self.stored.structures.get(entry.client_number, (None, None))
        if company_id is None or contract.company_id not in (company_id, parent_id):
            self.problem(entry, NOT_ITS_STRUCTURE.format(client=entry.client_number, number=contract.number))
            return None
        return company_id

    def _against_stored(self, entry: ContributionEntry, company_id: int, contract_id: int) -> Planned | None:
        stored = self.stored.bordereaux.get(entry.reference)
        if stored is None:
            return Planned(entry, company_id, contract_id, None)
        if _facts(stored) != _facts(Planned(entry, company_id, contract_id, stored.id)):
            self.problem(entry, STORED_OTHERWISE.format(number=entry.reference))
            return None
        if entry.paid < stored.amount_paid:
            paid, before = french_amount(entry.paid), french_amount(stored.amount_paid)
            self.problem(entry, PAID_LOWER.format(paid=paid, stored=before))
            return None
        return Planned(entry, company_id, contract_id, stored.id)


def _facts(bordereau: ContributionStatement | Planned) -> tuple[object, ...]:
    """What a bordereau is, its amount paid aside: stored, or as the file gives it."""
    if isinstance(bordereau, Planned):
        e = bordereau.entry
        return (bordereau.company_id, bordereau.contract_id, e.period_start, e.period_end, e.headcount, e.due,
                e.due_on)  # fmt: skip
    b = bordereau
    return (b.company_id, b.contract_id, b.period_start, b.period_end, b.headcount, b.amount_due, b.due_on)


def analyse(session: Session, *, content: bytes, file_name: str, today: date) -> Analysis:
    """Read and check the whole file; raises ``FileRefused`` when the file itself is wrong. Writes
    nothing."""
    entries: list[ContributionEntry] = []
    bad: list[BadLine] = []
    for item in read_lines(content, today=today):
        (entries if isinstance(item, ContributionEntry) else bad).append(item)  # type: ignore[arg-type]
    if not entries and not bad:
        raise FileRefused(NO_LINES)
    checker = _Checker(_stored(session, entries))
    checker.problems.extend(LineProblem(b.line_number, b.key, "; ".join(b.reasons)) for b in bad)
    valid = [p for p in map(checker.plan, entries) if p is not None]
    stored = checker.stored.bordereaux
    new = [p for p in valid if p.stored_id is None]
    payments = [
        p for p in valid if p.stored_id is not None and p.entry.paid > stored[p.entry.reference].amount_paid
    ]
    preview = Preview(
        file_name=file_name,
        lines=len(entries) + len(bad),
        new=len(new),
        new_due=sum((p.entry.due for p in new), ZERO),
        payments=len(payments),
        newly_paid=sum((p.entry.paid - stored[p.entry.reference].amount_paid for p in payments), ZERO),
        already_imported=len(valid) - len(new) - len(payments),
        rejected=len(entries) + len(bad) - len(valid),
        problems=sorted(checker.problems, key=lambda p: p.line),
    )
    return Analysis(preview, new + payments)


def write(session: Session, *, analysis: Analysis, actor: audit.Actor, today: date) -> ImportResult:
    """Write the new bordereaux not stored meanwhile and the higher amounts paid (checked again here, in
    this transaction), and one audit row per structure; the caller commits. A bordereau stored meanwhile
    with other facts, or with more paid than the file says, or one stored when the file was checked and
    deleted since, refuses the import (``OcsoError``) before anything is written."""
    stored = {
        b.reference: b
        for b in session.scalars(
            select(ContributionStatement).where(
                ContributionStatement.reference.in_([p.entry.reference for p in analysis.planned])
            )
        )
    }
    for plan in analysis.planned:
        current = stored.get(plan.entry.reference)
        if current is None and plan.stored_id is not None:
            line = plan.entry.line_number
            raise OcsoError(DELETED_MEANWHILE.format(number=plan.entry.reference, line=line))
        if current is not None and (_facts(current) != _facts(plan) or plan.entry.paid < current.amount_paid):
            raise OcsoError(CHANGED_MEANWHILE.format(number=plan.entry.reference))
    done: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # structure → new, payments, already there
    with imported_meanwhile("bordereaux"):
        for plan in analysis.planned:
            entry, counts = plan.entry, done[plan.company_id]
            current = stored.get(entry.reference)
            if current is None:
                session.add(_bordereau(plan))
                counts[0] += 1
            elif entry.paid > current.amount_paid:  # the payment, or a bordereau imported meanwhile less paid
                current.amount_paid, current.status = (
                    entry.paid,
                    PAID if entry.paid >= current.amount_due else TO_PAY,
                )
                counts[1] += 1
            else:  # imported meanwhile, or paid meanwhile up to this amount, with the same content
                counts[2] += 1
        session.flush()
    name = analysis.preview.file_name[:80]
    for company_id, (new, payments, already) in done.items():
        summary = ImportResult(new, payments, already).summary()
        action = f"Bordereaux de cotisations importés par OCSO, fichier « {name} » : {summary}"
        audit.record_by(session, replace(actor, company_id=company_id), event_type=EVENT_TYPE, action=action)
    employer_notices.tell(
        session,
        {
            company_id: f"OCSO a enregistré {_bordereaux_sentence(new)} de cotisations pour votre structure. "
            f"Retrouvez-{'le' if new == 1 else 'les'}, avec ce qu'il reste à régler, dans la rubrique "
            "Entreprise de votre Espace Employeur."
            for company_id, (new, _, _) in done.items()
            if new
        },
        action=EmployerAction.VIEW_CONTRIBUTIONS,
        subject="OCSO : de nouveaux bordereaux de cotisations",
    )
    totals = [sum(counts[i] for counts in done.values()) for i in range(3)]
    return ImportResult(totals[0], totals[1], totals[2] + analysis.preview.already_imported)


def _bordereau(plan: Planned) -> ContributionStatement:
    entry = plan.entry
    return ContributionStatement(
        company_id=plan.company_id,
        contract_id=plan.contract_id,
        reference=entry.reference,
        period_start=entry.period_start,
        period_end=entry.period_end,
        headcount=entry.headcount,
        amount_due=entry.due,
        amount_paid=entry.paid,
        due_on=entry.due_on,
        status=PAID if entry.paid >= entry.due else TO_PAY,
    )


def _bordereaux_sentence(count: int) -> str:
    return "1 nouveau bordereau" if count == 1 else f"{format_count(count)} nouveaux bordereaux"
