"""Affiliation en masse (guide 003): the rows of an imported file (``mass_affiliation_file``) checked one by
one as a pré-affiliation of the chosen structure (``pre_affiliation.check``, the same rules as the wizard),
plus what only a file can get wrong: a cell that a spreadsheet would run as a formula, a text too long, the
same person twice in the file. The **preview** shows every row with its errors before anything is written;
``import_rows`` then registers the valid rows in one transaction and keeps the outcome of every row (the
report); ``invite_next`` invites the registered employees a few at a time (the page's background task).

The valid rows travel between the preview and the import sealed (``seal``: encrypted, for the NIRs), in the
page's private state; they are checked again at the import, against the employees registered meanwhile.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ocso_app.models import Company, Employee, EmployeeImport, EmployeeImportRow, InvitationChannel
from ocso_app.models.search import fold
from ocso_app.services import audit, pre_affiliation
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import counted, paris_date
from ocso_app.services.identifiers import compact_nir
from ocso_app.services.mass_affiliation_file import BY_FIELD, COLUMNS, MAX_CELL, Table
from ocso_app.services.pre_affiliation import PreAffiliation
from ocso_app.services.spreadsheets import Sheet, starts_like_formula

AUDIT_TYPE = pre_affiliation.AUDIT_TYPE
INVITATION_BATCH = 25
MAX_FILE_NAME = 120

NOT_YOURS = "Cette structure ne fait pas partie de celles dont vous gérez les salarié(e)s."
NO_IMPORT = "Cet import est introuvable."
NOTHING_TO_IMPORT = "Aucune ligne valide à importer : corrigez le fichier puis importez-le de nouveau."
FORMULA_CELL = (
    "{column} : une cellule ne peut pas commencer par =, +, -, @ ou une tabulation (risque de formule)."
)
CELL_TOO_LONG = f"{{column}} : au plus {MAX_CELL} caractères."
UNKNOWN_CONTRACT = "{column} : {numbers} n'est pas un contrat en vigueur de la structure."
SAME_NIR = "NIR en double dans le fichier (lignes {lines})."
SAME_PERSON = "Même nom, prénom et date de naissance qu'une autre ligne du fichier (lignes {lines})."
CHANGED_SINCE = "{errors} (contrôlé de nouveau à l'import)"
FIELD_HEADINGS = {
    "company_id": "Structure",
    "contract_ids": BY_FIELD["contract"].heading,
    "dispense_email": "E-mail des demandes de dispense",
    "notify_email": "E-mail de fin d'affiliation",
    **{c.field: c.heading for c in COLUMNS},
}
FIELD_ORDER = [c.field for c in COLUMNS]
_CONTRACT_SPLIT = re.compile(r"[\s,;/+]+")
_MEN = {"m", "m.", "mr", "mr.", "monsieur"}
_WOMEN = {"mme", "mme.", "madame", "mlle", "mademoiselle"}


@dataclass(frozen=True)
class Choices:
    """What HR chose for the whole file: the structure, where the dispense requests go, and the address to
    tell when an employee has finished (empty: nobody)."""

    structure_id: int
    dispense_email: str
    notify_email: str = ""


@dataclass(frozen=True)
class PreviewRow:
    """One row of the file as the preview (and the report) shows it: no NIR."""

    line: int
    last_name: str
    first_name: str
    birth_date: str
    email: str
    contract: str
    errors: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Preview:
    """Every row checked, and the valid rows' data (NIRs in clear: ``seal`` it before keeping it)."""

    choices: Choices
    file_name: str
    rows: tuple[PreviewRow, ...]
    valid: tuple[tuple[int, PreAffiliation], ...]

    @property
    def valid_count(self) -> int:
        return len(self.valid)

    @property
    def invalid_count(self) -> int:
        return len(self.rows) - len(self.valid)


def _civility(text: str) -> str:
    folded = fold(text)
    return "M." if folded in _MEN else "Mme" if folded in _WOMEN else text.strip()


def _postal_code(text: str) -> str:
    """« 1000 » is « 01000 » whose zero a spreadsheet dropped."""
    text = text.strip()
    return text.zfill(5) if text.isascii() and text.isdigit() and len(text) == 4 else text


def _contract_ids(text: str, numbers: dict[str, int]) -> tuple[tuple[str, ...], list[str]]:
    """The ids of the typed contract numbers, and the numbers that are no contract of the structure."""
    typed = [n for n in _CONTRACT_SPLIT.split(text.strip().upper()) if n]
    unknown = [n for n in typed if n not in numbers]
    return tuple(str(numbers.get(n, 0)) for n in typed), unknown


def _data(
    cells: dict[str, str], choices: Choices, numbers: dict[str, int]
) -> tuple[PreAffiliation, list[str]]:
    contract_ids, unknown = _contract_ids(cells["contract"], numbers)
    data = PreAffiliation(
        civility=_civility(cells["civility"]),
        last_name=cells["last_name"].strip(),
        first_name=cells["first_name"].strip(),
        birth_date=cells["birth_date"].strip(),
        nir=cells["nir"].strip(),
        company_id=str(choices.structure_id),
        personnel_category=cells["personnel_category"].strip(),
        contract_ids=contract_ids,
        hired_on=cells["hired_on"].strip(),
        cover_start_on=cells["cover_start_on"].strip(),
        email=cells["email"].strip(),
        address_line=cells["address_line"].strip(),
        postal_code=_postal_code(cells["postal_code"]),
        city=cells["city"].strip(),
        dispense_email=choices.dispense_email,
        notify_email=choices.notify_email,
    )
    return data, unknown


def _file_errors(cells: dict[str, str]) -> list[str]:
    """What only a file can get wrong in one row: a formula, a text too long."""
    errors = []
    for field in FIELD_ORDER:
        value, column = cells[field], BY_FIELD[field].heading
        if starts_like_formula(value):
            errors.append(FORMULA_CELL.format(column=column))
        elif len(value) > MAX_CELL:
            errors.append(CELL_TOO_LONG.format(column=column))
    return errors


def _field_errors(errors: dict[str, str], unknown: list[str]) -> list[str]:
    ordered = sorted(errors.items(), key=lambda item: _order(item[0]))
    messages = []
    for field, message in ordered:
        column = FIELD_HEADINGS.get(field, field)
        if field == "contract_ids" and unknown:
            messages.append(UNKNOWN_CONTRACT.format(column=column, numbers=", ".join(unknown)))
        else:
            messages.append(f"{column} : {message}")
    return messages


def _order(field: str) -> int:
    field = "contract" if field == "contract_ids" else field
    return FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)


def _duplicates(checked: list[tuple[int, dict[str, str]]]) -> dict[int, list[str]]:
    """Line → the file's duplicates it belongs to (same NIR, or same name, first name and birth date)."""
    by_nir: dict[str, list[int]] = defaultdict(list)
    by_person: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for line, cells in checked:
        nir = compact_nir(cells["nir"])
        if nir:
            by_nir[nir].append(line)
        if cells["last_name"].strip() and cells["birth_date"].strip():
            person = (fold(cells["last_name"]), fold(cells["first_name"]), cells["birth_date"].strip())
            by_person[person].append(line)
    found: dict[int, list[str]] = defaultdict(list)
    for groups, message in ((by_nir, SAME_NIR), (by_person, SAME_PERSON)):
        for lines in groups.values():
            if len(lines) > 1:
                for line in lines:
                    found[line].append(message.format(lines=", ".join(map(str, lines))))
    return found


def _display(line: int, cells: dict[str, str], errors: list[str]) -> PreviewRow:
    return PreviewRow(
        line=line,
        last_name=cells["last_name"].strip().upper()[:80],
        first_name=cells["first_name"].strip()[:80],
        birth_date=cells["birth_date"].strip()[:20],
        email=cells["email"].strip()[:120],
        contract=cells["contract"].strip()[:80],
        errors=tuple(errors),
    )


def preview(
    session: Session,
    *,
    structure_ids: Sequence[int],
    choices: Choices,
    table: Table,
    file_name: str,
    today: date,
) -> Preview:
    """Every row of ``table`` checked for ``choices.structure_id`` (one of ``structure_ids``, the caller's
    structures allowing affiliation); nothing is written."""
    if choices.structure_id not in structure_ids:
        raise AccessDenied(NOT_YOURS)
    choice_errors = pre_affiliation.check(
        PreAffiliation(dispense_email=choices.dispense_email, notify_email=choices.notify_email),
        pre_affiliation.Context(structure_ids=(), contracts={}),
        today,
    )
    for field in ("dispense_email", "notify_email"):
        if field in choice_errors:
            raise OcsoError(f"{FIELD_HEADINGS[field]} : {choice_errors[field]}")
    context = pre_affiliation.load_context(session, [choices.structure_id], today)
    numbers = {c.number.upper(): c.id for c in context.contracts.values()}
    duplicates = _duplicates(list(table.rows))
    rows: list[PreviewRow] = []
    valid: list[tuple[int, PreAffiliation]] = []
    for line, cells in table.rows:
        errors = _file_errors(cells)
        data, unknown = _data(cells, choices, numbers)
        if not errors:
            errors = _field_errors(pre_affiliation.check(data, context, today), unknown)
        errors += duplicates.get(line, [])
        rows.append(_display(line, cells, errors))
        if not errors:
            valid.append((line, data))
    name = "".join(c for c in file_name if c.isprintable())[:MAX_FILE_NAME] or "fichier"
    return Preview(choices=choices, file_name=name, rows=tuple(rows), valid=tuple(valid))


def seal(rows: Sequence[tuple[int, PreAffiliation]]) -> str:
    """The valid rows, encrypted, to keep between the preview and the import."""
    plain = [[line, dataclasses.asdict(data)] for line, data in rows]
    return encrypt_field(json.dumps(plain, ensure_ascii=False))


def unseal(sealed: str) -> list[tuple[int, PreAffiliation]]:
    """The rows ``seal`` kept."""
    rows = []
    for line, fields in json.loads(decrypt_field(sealed)):
        fields["contract_ids"] = tuple(fields["contract_ids"])
        rows.append((int(line), PreAffiliation(**fields)))
    return rows


@dataclass(frozen=True)
class Imported:
    """The outcome of an import: its id (the report's, the invitations'), and its counts."""

    import_id: int
    imported: int
    rejected: int


def import_rows(
    session: Session,
    *,
    structure_ids: Sequence[int],
    previewed: Preview,
    actor: audit.Actor,
    by: StatusAuthor,
    now: datetime,
) -> Imported:
    """Register the valid rows of ``previewed`` (checked again: another import or the wizard may have
    registered the same person meanwhile) and keep the outcome of every row, in the caller's transaction.
    The invitations are ``invite_next``'s."""
    structure_id = previewed.choices.structure_id
    if structure_id not in structure_ids:
        raise AccessDenied(NOT_YOURS)
    if not previewed.valid:
        raise OcsoError(NOTHING_TO_IMPORT)
    today = paris_date(now)  # the day in France, as the preview checked the rows
    context = pre_affiliation.load_context(session, [structure_id], today)
    # held for the loop: ``register`` reads it for each row, from the identity map (which holds it weakly)
    company = session.get(Company, structure_id)
    batch = EmployeeImport(
        company_id=structure_id,
        account_id=actor.account_id,
        file_name=previewed.file_name,
        row_count=len(previewed.rows),
        imported_count=0,
    )
    session.add(batch)
    session.flush()
    data_by_line = dict(previewed.valid)
    outcome: list[dict[str, object]] = []
    for row in previewed.rows:
        data = data_by_line.get(row.line)
        errors = list(row.errors)
        if data is not None:
            late = _field_errors(pre_affiliation.check(data, context, today), [])
            if late:
                errors = [CHANGED_SINCE.format(errors=" ; ".join(late))]
        employee_id = None
        if data is not None and not errors:
            employee_id = pre_affiliation.register(session, data, by=by, actor=actor, now=now).id
        outcome.append(
            {
                "import_id": batch.id,
                "line": row.line,
                "last_name": row.last_name,
                "first_name": row.first_name,
                "employee_id": employee_id,
                "rejection": " ; ".join(errors) or None,
            }
        )
    session.execute(insert(EmployeeImportRow), outcome)
    imported = sum(1 for o in outcome if o["employee_id"] is not None)
    batch.imported_count = imported
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=structure_id),
        event_type=AUDIT_TYPE,
        action=(
            f"Affiliation en masse « {previewed.file_name} » : "
            f"{counted(imported, 'salarié(e) importé(e)', 'salarié(e)s importé(e)s')}, "
            f"{counted(len(outcome) - imported, 'ligne refusée', 'lignes refusées')}"
        ),
    )
    session.flush()
    del company
    return Imported(batch.id, imported, len(outcome) - imported)


def unfinished_import(session: Session, *, account_id: int, structure_ids: Sequence[int]) -> int | None:
    """The caller's latest import within ``structure_ids`` whose invitations were not all sent (the
    server stopped meanwhile): the page resumes it."""
    return session.scalar(
        select(EmployeeImport.id)
        .where(
            EmployeeImport.account_id == account_id,
            EmployeeImport.company_id.in_(structure_ids),
            EmployeeImport.imported_count > 0,
            EmployeeImport.invitations_done_at.is_(None),
        )
        .order_by(EmployeeImport.id.desc())
        .limit(1)
    )


def _batch(session: Session, import_id: int, structure_ids: Sequence[int]) -> EmployeeImport | None:
    batch = session.get(EmployeeImport, import_id)
    return batch if batch is not None and batch.company_id in structure_ids else None


@dataclass(frozen=True)
class Progress:
    """How far the invitations of an import are: done of total, by e-mail and by letter (and how many rows
    of its file were rejected)."""

    done: int
    total: int
    emailed: int
    letters: int
    rejected: int = 0

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total


def progress(session: Session, *, import_id: int, structure_ids: Sequence[int]) -> Progress | None:
    """The invitations of the import so far; ``None`` for an import outside ``structure_ids``."""
    batch = _batch(session, import_id, structure_ids)
    if batch is None:
        return None
    rows = session.execute(
        select(EmployeeImportRow.invitation, func.count())
        .where(EmployeeImportRow.import_id == import_id, EmployeeImportRow.invitation.is_not(None))
        .group_by(EmployeeImportRow.invitation)
    )
    counts = {channel: count for channel, count in rows}
    emailed, letters = counts.get(InvitationChannel.EMAIL, 0), counts.get(InvitationChannel.LETTER, 0)
    rejected = batch.row_count - batch.imported_count
    return Progress(emailed + letters, batch.imported_count, emailed, letters, rejected)


def invite_next(
    session: Session,
    *,
    import_id: int,
    structure_ids: Sequence[int],
    now: datetime,
    limit: int = INVITATION_BATCH,
) -> Progress | None:
    """Invite the next ``limit`` employees of the import not invited yet (an e-mail each, sent once the
    caller commits, or a letter for HR to post), and say how far it is; ``None`` outside the scope.

    Each row is claimed by a conditional update before its employee is invited: two senders of the same
    import (a second tab, a resumed import) never invite anybody twice (a second invitation would revoke
    the link of the first e-mail). Each e-mail is audited with the account that imported the file, as the
    wizard's invitation is (``pre_affiliation.invite``)."""
    batch = _batch(session, import_id, structure_ids)
    if batch is None:
        return None
    importer = audit.Actor(batch.account_id)  # whose page sends them: each e-mail audited as theirs
    pending = session.execute(
        select(EmployeeImportRow.id, Employee)
        .join(Employee, Employee.id == EmployeeImportRow.employee_id)
        .where(EmployeeImportRow.import_id == import_id, EmployeeImportRow.invitation.is_(None))
        .order_by(EmployeeImportRow.line)
        .limit(limit)
    ).all()
    for row_id, employee in pending:
        channel = InvitationChannel.EMAIL if employee.email else InvitationChannel.LETTER
        claimed = session.execute(
            update(EmployeeImportRow)
            .where(EmployeeImportRow.id == row_id, EmployeeImportRow.invitation.is_(None))
            .values(invitation=channel)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]  # (a CursorResult for an UPDATE)
            pre_affiliation.invite(session, employee, actor=importer, now=now)
    session.flush()
    reached = progress(session, import_id=import_id, structure_ids=structure_ids)
    if reached is not None and reached.finished and batch.invitations_done_at is None:
        batch.invitations_done_at = now
    return reached


# --- the report and the template


INVITATION_LABELS = {
    InvitationChannel.EMAIL: "Invitation envoyée par e-mail",
    InvitationChannel.LETTER: "Pas d'e-mail : courrier d'invitation à poster (fiche salarié(e))",
}
REPORT_HEADINGS = ("Ligne", "Nom", "Prénom", "Résultat", "Invitation", "Motif du refus")


def report_sheet(
    session: Session, *, actor: audit.Actor, import_id: int, structure_ids: Sequence[int]
) -> Sheet | None:
    """Every row of the import and what became of it; ``None`` outside ``structure_ids``. Audited."""
    batch = _batch(session, import_id, structure_ids)
    if batch is None:
        return None
    company = session.get(Company, batch.company_id)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=batch.company_id),
        event_type=AUDIT_TYPE,
        action=(
            f"Téléchargement du rapport de l'import « {batch.file_name} » "
            f"({company.name if company else batch.company_id})"
        ),
    )
    rows = session.scalars(
        select(EmployeeImportRow)
        .where(EmployeeImportRow.import_id == import_id)
        .order_by(EmployeeImportRow.line)
    ).all()
    lines = [
        (
            str(row.line),
            row.last_name,
            row.first_name,
            "Importé(e)" if row.employee_id else "Refusé(e)",
            INVITATION_LABELS[row.invitation]
            if row.invitation
            else ("Invitation en cours" if row.employee_id else ""),
            row.rejection or "",
        )
        for row in rows
    ]
    return Sheet(title="Rapport d'import", headings=REPORT_HEADINGS, rows=lines)


def report_filename(import_id: int, extension: str, today: date) -> str:
    return f"rapport-import-{import_id}-{today.isoformat()}.{extension}"


def template_sheet() -> Sheet:
    """The template: the columns' headings, with their hints, and no row."""
    return Sheet(title="Salariés", headings=[c.title for c in COLUMNS], rows=[])
