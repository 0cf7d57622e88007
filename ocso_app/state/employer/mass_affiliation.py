"""Affiliation en masse (guide 003): the template to download, the file to import into one structure, the
preview of every row with its errors, the import of the valid rows, then the invitations sent by a Reflex
background task with a progress bar, and the report.

Every handler needs ``MANAGE_EMPLOYEES``: ``caller.structure_ids`` are the structures where the caller may
affiliate (narrowed by the header's choice), and the service checks the chosen structure against them. The
file comes as on the Démarches pages: the upload handler receives it with the form's fields in the same
request, reads at most ``MAX_BYTES + 1`` of it and checks it in the bounded pool. Between the preview and
the import the valid rows stay in private vars, sealed (``mass_affiliation.seal``: their NIRs encrypted).
"""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.models.base import utcnow
from ocso_app.services import mass_affiliation, pre_affiliation
from ocso_app.services import mass_affiliation_file as reading
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count, paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.mass_affiliation import Choices, Preview, PreviewRow
from ocso_app.state.demarches import form_fields
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.workers import run_blocking

UPLOAD_ID = "fichier-salaries"
PAGE_SIZE = 50
ERRORS, EVERYTHING = "erreurs", "toutes"
NO_FILE = "Choisissez un fichier CSV ou Excel (.xlsx) à importer."
ONE_FILE = "Importez un seul fichier à la fois."
NO_STRUCTURE = "Choisissez la structure de ces salarié(e)s."
ALREADY_SENDING = "Les invitations de l'import précédent sont encore en cours d'envoi."
FORM_FIELDS, FORM_VALUE = 10, 200  # the form's three choices, with room; an e-mail address at most
INVITE_PAUSE = 0.05  # between two batches of invitations: the worker keeps room for the other users


def _row_view(row: PreviewRow) -> dict[str, str]:
    return {
        "line": str(row.line),
        "last_name": row.last_name,
        "first_name": row.first_name,
        "birth_date": row.birth_date,
        "email": row.email,
        "contract": row.contract,
        "result": "\n".join(row.errors) or "Valide",
        "valid": "oui" if row.valid else "",
    }


class MassAffiliationState(EmployerState):
    """The page's steps: the file (``step`` « fichier »), the preview (« apercu »), the invitations
    (« invitations »)."""

    step: str = "fichier"
    structures: list[dict[str, str]] = []
    contracts: list[dict[str, str]] = []
    dispense_email: str = ""
    error: str = ""
    file_name: str = ""
    valid_count: int = 0
    invalid_count: int = 0
    shown: str = ERRORS
    page: int = 1
    rows: list[dict[str, str]] = []
    importing: bool = False
    import_id: int = 0
    imported_count: int = 0
    rejected_count: int = 0
    invited: int = 0
    letters: int = 0
    percent: int = 0
    finished: bool = False
    _all_rows: list[dict[str, str]] = []
    _preview: dict = {}
    _sending: bool = False

    # --- what the page shows

    @rx.var
    def shown_total(self) -> int:
        return self.invalid_count if self.shown == ERRORS else self.valid_count + self.invalid_count

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.shown_total // PAGE_SIZE))

    @rx.var
    def import_label(self) -> str:
        count = self.valid_count
        return f"Importer {'la ligne valide' if count == 1 else f'les {format_count(count)} lignes valides'}"

    @rx.var
    def report_xlsx(self) -> str:
        return routes.API_EMPLOYER_IMPORT_REPORT.url(import_id=self.import_id, format="xlsx")

    @rx.var
    def report_csv(self) -> str:
        return routes.API_EMPLOYER_IMPORT_REPORT.url(import_id=self.import_id, format="csv")

    def _show_page(self) -> None:
        rows = [r for r in self._all_rows if self.shown == EVERYTHING or not r["valid"]]
        self.page = min(max(1, self.page), max(1, -(-len(rows) // PAGE_SIZE)))
        self.rows = rows[(self.page - 1) * PAGE_SIZE : self.page * PAGE_SIZE]

    def _clear_preview(self) -> None:
        self.step, self.error, self.file_name = "fichier", "", ""
        self.valid_count = self.invalid_count = 0
        self.rows, self._all_rows, self._preview = [], [], {}
        self.shown, self.page = ERRORS, 1

    # --- the handlers

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES, opens_page=True)
    def load(self, caller: EmployerCaller):
        names = {g.company_id: g.name for g in caller.grants}
        with db_session() as session:
            contracts = pre_affiliation.open_contracts(session, caller.structure_ids, paris_today())
            account = session.get(Account, caller.principal.account_id)
            email = account.email if account is not None else ""
        self.structures = [{"value": str(i), "label": names.get(i, str(i))} for i in caller.structure_ids]
        several = len(caller.structure_ids) > 1
        self.contracts = [
            {
                "number": c.number,
                "label": c.label,
                "category": c.personnel_category,
                "structure": names.get(c.company_id, "") if several else "",
            }
            for c in contracts
        ]
        self.dispense_email = email or ""
        if self.step == "apercu" and not self._preview:
            self._clear_preview()
        if self.step != "invitations":
            self.error = ""
        if self.step == "fichier":
            return self._resume(caller)
        return None

    def _resume(self, caller: EmployerCaller):
        """The caller's import whose invitations stopped half-way (the server restarted): shown, and sent
        on (each row is claimed before its invitation, so nobody is invited twice)."""
        with db_session() as session:
            import_id = mass_affiliation.unfinished_import(
                session, account_id=caller.principal.account_id, structure_ids=caller.structure_ids
            )
            reached = (
                mass_affiliation.progress(session, import_id=import_id, structure_ids=caller.structure_ids)
                if import_id
                else None
            )
        if import_id is None or reached is None:
            return None
        self.step, self.import_id = "invitations", import_id
        self.imported_count, self.rejected_count = reached.total, reached.rejected
        self.invited, self.letters, self.percent, self.finished = (
            reached.done,
            reached.letters,
            reached.percent,
            reached.finished,
        )
        return MassAffiliationState.send_invitations

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    async def upload_file(self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None):
        """The file, read (at most the cap and one byte), and the form's choices that come with it, checked
        in the pool; the preview."""
        self._clear_preview()
        if not files:
            self.error = NO_FILE
            return
        if len(files) > 1:
            self.error = ONE_FILE
            return
        content = await files[0].read(reading.MAX_BYTES + 1)
        fields = form_fields(form, count=FORM_FIELDS, length=FORM_VALUE)
        try:
            preview = await run_blocking(_checked_file, caller, fields, content, files[0].filename or "")
        except OcsoError as refused:
            self.error = refused.message
            return
        self._preview = {
            "choices": dataclasses.asdict(preview.choices),
            "file_name": preview.file_name,
            "rows": [dataclasses.asdict(r) for r in preview.rows],
            "sealed": mass_affiliation.seal(preview.valid),
        }
        self._all_rows = [_row_view(r) for r in preview.rows]
        self.file_name = preview.file_name
        self.valid_count, self.invalid_count = preview.valid_count, preview.invalid_count
        self.shown = ERRORS if preview.invalid_count else EVERYTHING
        self.step = "apercu"
        self._show_page()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def show(self, caller: EmployerCaller, value: str):
        """« Lignes en erreur » or « Toutes les lignes »."""
        self.shown = EVERYTHING if value == EVERYTHING else ERRORS
        self.page = 1
        self._show_page()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def change_page(self, caller: EmployerCaller, delta: int):
        self.page += 1 if str(delta) == "1" else -1
        self._show_page()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def start_over(self, caller: EmployerCaller):
        """« Annuler » on the preview, « Importer un autre fichier » after an import."""
        if self._sending:
            self.error = ALREADY_SENDING
            return
        self._clear_preview()
        self.import_id = self.imported_count = self.rejected_count = 0
        self.invited = self.letters = self.percent = 0
        self.finished = False

    def _previewed(self) -> Preview:
        kept = self._preview
        rows = tuple(PreviewRow(**{**r, "errors": tuple(r["errors"])}) for r in kept["rows"])
        return Preview(
            choices=Choices(**kept["choices"]),
            file_name=str(kept["file_name"]),
            rows=rows,
            valid=tuple(mass_affiliation.unseal(str(kept["sealed"]))),
        )

    def _import(self, caller: EmployerCaller, previewed: Preview) -> mass_affiliation.Imported:
        with db_session() as session:
            account = session.get(Account, caller.principal.account_id)
            if account is None:
                raise OcsoError(mass_affiliation.NOT_YOURS)
            return mass_affiliation.import_rows(
                session,
                structure_ids=caller.structure_ids,
                previewed=previewed,
                actor=caller.actor(),
                by=StatusAuthor.of_account(account, "RH"),
                now=utcnow(),
            )

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    async def import_valid(self, caller: EmployerCaller):
        """« Importer les N lignes valides »: registered in one transaction, then the invitations go."""
        if not self._preview or self.importing:
            return
        self.importing, self.error = True, ""
        yield
        try:
            done = await run_blocking(self._import, caller, self._previewed())
        except OcsoError as error:
            self.error = error.message
            return
        finally:
            self.importing = False
        self._clear_preview()
        self.step = "invitations"
        self.import_id, self.imported_count, self.rejected_count = (
            done.import_id,
            done.imported,
            done.rejected,
        )
        self.invited = self.letters = self.percent = 0
        self.finished = done.imported == 0
        yield MassAffiliationState.send_invitations

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES, background=True)
    async def send_invitations(self, caller: EmployerCaller):
        """The invitations of the page's import, a batch at a time in the pool, the progress bar following.
        Only this page's own import (a private var), within the caller's structures."""
        async with self:
            import_id = self.import_id
            if not import_id or self._sending:
                return
            self._sending = True
        try:
            while True:
                reached = await run_blocking(_invite_batch, import_id, caller.structure_ids)
                async with self:
                    if reached is not None:
                        self.invited, self.letters = reached.done, reached.letters
                        self.percent, self.finished = reached.percent, reached.finished
                if reached is None or reached.finished:
                    return
                await asyncio.sleep(INVITE_PAUSE)
        finally:
            async with self:
                self._sending = False


def _choices(caller: EmployerCaller, fields: dict[str, str], email: str) -> Choices:
    """The form's choices: the structure (one of the caller's), the dispense e-mail, whether to be told."""
    structure_id = parse_id(fields.get("structure"))
    if structure_id is None and len(caller.structure_ids) == 1:
        structure_id = caller.structure_ids[0]  # one structure: the form does not ask
    if structure_id not in caller.structure_ids:
        raise OcsoError(NO_STRUCTURE)
    notify = email if fields.get("notify") in ("on", "true", "oui") else ""
    return Choices(structure_id, fields.get("dispense_email", "").strip(), notify)


def _checked_file(caller: EmployerCaller, fields: dict[str, str], content: bytes, name: str) -> Preview:
    """The preview of an uploaded file (in the pool: reading and checking are CPU work)."""
    with db_session() as session:
        account = session.get(Account, caller.principal.account_id)
        choices = _choices(caller, fields, account.email if account and account.email else "")
        return mass_affiliation.preview(
            session,
            structure_ids=caller.structure_ids,
            choices=choices,
            table=reading.read_file(content),
            file_name=name or "fichier",
            today=paris_today(),
        )


def _invite_batch(import_id: int, structure_ids: tuple[int, ...]) -> mass_affiliation.Progress | None:
    """One batch of invitations, committed (its e-mails leave after the commit)."""
    with db_session() as session:
        return mass_affiliation.invite_next(
            session, import_id=import_id, structure_ids=structure_ids, now=utcnow()
        )
