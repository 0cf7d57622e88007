"""Démarches of the Espace Employeur (guide 000 §08): one form per kind the caller's profile allows on the
chosen structure(s), and « Mes derniers envois ».

The page opens with ``VIEW_STRUCTURE``; each kind's upload handler is guarded by that kind's own action
(``services.requests.KIND_ACTIONS``), so its ``caller.structure_ids`` are the structures where that action
is allowed (narrowed by the header's choice), and the service checks the structure chosen in the form
against them and the grant once more. Files come as on Mes démarches (``state.demarches``): the kind's upload
handler receives the form's files and fields in the same request, and submits them. The submission key is
derived from ``_form_nonce`` (new at each page load) and the content, so a replay creates nothing new.
A user replies, with files, on an open démarche OCSO answered, from « Mes derniers envois »: the handlers
need only the page's right, and the service checks the démarche's kind against the user's profile on its
structure (``services.requests.replies``), as the history lists it. « Poser une question » first offers
OCSO's answers for employers (``services.help``), searched as one types.

« Salarié concerné » (the kinds that name an employee) is searched as HR types and picked, with the kind's
own action: the structure is the one chosen in the form (the browser reads its select; the service checks
it within the kind's scope and its grant, as a submission does), the id picked travels in the form, and
the submission checks it once more (``services.requests.concerned``).
"""

from __future__ import annotations

import secrets
from typing import Any

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import account_managers, employer_access, requests, uploads
from ocso_app.services import help as help_service
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.help import HelpEntry
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import KIND_ACTIONS, NAMING_KINDS, Choice, NamedEmployee, RequestView
from ocso_app.state.demarches import (
    form_fields,
    further_back,
    history_page,
    read_files,
    reply_sent,
    reply_target,
    send,
)
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.employer.home import dedicated_rows
from ocso_app.workers import run_blocking

KINDS = tuple(KIND_ACTIONS)
MAX_HELP_QUERY = 100
MAX_TYPED = 200  # longer is refused by the search (``employees.MAX_SEARCH``) with its message
NOBODY = "Aucun salarié de cette structure ne correspond : vérifiez l'orthographe, ou saisissez son nom."
NOBODY_PICKED = {"id": "", "name": "", "hint": ""}


def _blank() -> dict[str, str]:
    return dict.fromkeys(KINDS, "")


def _in_form(caller: EmployerCaller, kind: str, structure: object) -> dict[str, Any]:
    """Where « Salarié concerné » of ``kind``'s form is looked for: the structure chosen in the form (only a
    wish), among the kind's scope (from the guard), today."""
    return {
        "account_id": caller.principal.account_id,
        "structure_ids": caller.structure_ids,
        "kind": kind,
        "structure": str(structure)[:20],
        "today": paris_today(),
    }


def _shown(employee: NamedEmployee) -> dict[str, str]:
    return {"id": str(employee.id), "name": employee.name, "hint": employee.hint}


class EmployerRequestsState(EmployerState):
    """Per kind: the structures it may be sent for (empty: the form is not shown), its error and
    confirmation; the history of the page's structures."""

    structures: dict[str, list[Choice]] = {kind: [] for kind in KINDS}
    errors: dict[str, str] = _blank()
    infos: dict[str, str] = _blank()
    latest: list[RequestView] = []
    has_older: bool = False  # older démarches than those listed exist
    dedicated: list[dict[str, str]] = []  # the structures' dedicated contacts at OCSO (guide 003)
    _shown: int = requests.HISTORY_LENGTH
    answers: list[HelpEntry] = []
    generation: int = 0
    replying_to: int = 0  # the démarche whose reply form is open (0: none)
    reply_error: str = ""
    reply_info: str = ""
    # « Salarié concerné », per kind that names an employee: the matches of what is typed, the one picked,
    # and why nothing is listed (no structure chosen, nobody found, a search too long)
    matches: dict[str, list[dict[str, str]]] = {kind: [] for kind in NAMING_KINDS}
    picked: dict[str, dict[str, str]] = {kind: NOBODY_PICKED for kind in NAMING_KINDS}
    picker_notes: dict[str, str] = dict.fromkeys(NAMING_KINDS, "")
    _form_nonce: str = ""

    def _forget_employees(self) -> None:
        self.matches = {kind: [] for kind in NAMING_KINDS}
        self.picked = {kind: NOBODY_PICKED for kind in NAMING_KINDS}
        self.picker_notes = dict.fromkeys(NAMING_KINDS, "")

    def _refresh(self, caller: EmployerCaller) -> None:
        """The forms and the history of the page's scope (every structure the caller sees, narrowed by the
        header's choice), whatever the action of the handler that calls this."""
        grants = list(caller.grants)
        scope = employer_access.scope_of(
            grants,
            account_id=caller.principal.account_id,
            action=EmployerAction.VIEW_STRUCTURE,
            chosen=self._chosen(grants),
        )
        structure_ids = scope.structure_ids if scope is not None else ()
        self.structures = requests.structures_by_kind(grants, structure_ids=structure_ids)
        with db_session() as session:
            rows = requests.company_requests(
                session, grants=grants, structure_ids=structure_ids, limit=self._shown + 1
            )
        self.latest, self.has_older = history_page(rows, self._shown)

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        self._form_nonce = secrets.token_hex(16)
        self.errors, self.infos = _blank(), _blank()
        self.replying_to, self.reply_error, self.reply_info = 0, "", ""
        self._shown = requests.HISTORY_LENGTH
        self._forget_employees()
        self._refresh(caller)
        self._search_help("")
        with db_session() as session:
            found = account_managers.dedicated_contacts(session, structure_ids=caller.structure_ids)
        self.dedicated = dedicated_rows(found)

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def show_older(self, caller: EmployerCaller):
        """« Afficher les démarches plus anciennes »: the history goes further back (each kind on the
        structures where the caller's profile allows it, as always)."""
        self._shown = further_back(self._shown, requests.HISTORY_LENGTH)
        self._refresh(caller)

    def _search_help(self, query: str) -> None:
        with db_session() as session:
            self.answers = help_service.search_help(session, audience=Audience.EMPLOYER, query=query)

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def search_help(self, caller: EmployerCaller, query: str):
        """The answers containing every word typed (OCSO's content for employers: no company data)."""
        self._search_help(str(query)[:MAX_HELP_QUERY])

    def _submit(
        self, caller: EmployerCaller, kind: str, fields: dict[str, str], files: list[uploads.IncomingFile]
    ) -> None:
        if not self._form_nonce:
            self._form_nonce = secrets.token_hex(16)

        def submit() -> requests.Submitted:
            with db_session() as session:
                return requests.submit_for_company(
                    session,
                    actor=caller.actor(),
                    structure_ids=caller.structure_ids,
                    nonce=self._form_nonce,
                    form=requests.company_form(kind, fields),
                    files=files,
                )

        error, info = send(submit)
        self.errors, self.infos = {**_blank(), kind: error}, {**_blank(), kind: info}
        if error:
            return
        self._forget_employees()
        self._refresh(caller)
        self.generation += 1

    def _search_employee(self, caller: EmployerCaller, kind: str, structure: object, typed: object) -> None:
        """The employees of the structure chosen in ``kind``'s form whose names hold what is typed; the
        service resolves the structure within ``caller.structure_ids`` (the kind's scope) and its grant."""
        text = str(typed)[:MAX_TYPED]
        try:
            with db_session() as session:
                found = requests.find_concerned(session, typed=text, **_in_form(caller, kind, structure))
        except OcsoError as error:
            found, note = [], error.message
        else:
            note = NOBODY if text.strip() and not found else ""
        self.matches = {**self.matches, kind: [_shown(employee) for employee in found]}
        self.picker_notes = {**self.picker_notes, kind: note}

    def _pick_employee(
        self, caller: EmployerCaller, kind: str, structure: object, employee_id: object
    ) -> None:
        """The employee chosen in the list, checked to be of the form's structure (the submission checks it
        again); an empty id forgets the choice (« Changer », or another structure chosen)."""
        self.matches = {**self.matches, kind: []}
        self.picked, self.picker_notes = {**self.picked, kind: NOBODY_PICKED}, {**self.picker_notes, kind: ""}
        if not str(employee_id).strip():
            return
        try:
            with db_session() as session:
                named = requests.concerned_employee(
                    session, employee_id=str(employee_id)[:20], **_in_form(caller, kind, structure)
                )
        except OcsoError as error:
            self.picker_notes = {**self.picker_notes, kind: error.message}
            return
        self.picked = {**self.picked, kind: _shown(named)}

    @scoped_event(KIND_ACTIONS[requests.EMPLOYEES])
    def search_employee_salaries(self, caller: EmployerCaller, structure: str, typed: str):
        """« Salarié concerné » of the Salariés form, as HR types (debounced by the page)."""
        self._search_employee(caller, requests.EMPLOYEES, structure, typed)

    @scoped_event(KIND_ACTIONS[requests.EMPLOYEES])
    def pick_employee_salaries(self, caller: EmployerCaller, structure: str, employee_id: str):
        self._pick_employee(caller, requests.EMPLOYEES, structure, employee_id)

    @scoped_event(KIND_ACTIONS[requests.SICK_LEAVE])
    def search_employee_arrets(self, caller: EmployerCaller, structure: str, typed: str):
        """« Salarié concerné » of the Arrêts de travail form, as HR types (debounced by the page)."""
        self._search_employee(caller, requests.SICK_LEAVE, structure, typed)

    @scoped_event(KIND_ACTIONS[requests.SICK_LEAVE])
    def pick_employee_arrets(self, caller: EmployerCaller, structure: str, employee_id: str):
        self._pick_employee(caller, requests.SICK_LEAVE, structure, employee_id)

    async def _submit_files(
        self, caller: EmployerCaller, kind: str, files: list[rx.UploadFile], form: dict | None
    ) -> None:
        # the PDF and image checks run in the pool, off the event loop
        await run_blocking(self._submit, caller, kind, form_fields(form), await read_files(files))

    @scoped_event(KIND_ACTIONS[requests.EMPLOYEES])
    async def upload_salaries(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(caller, requests.EMPLOYEES, files, form)

    @scoped_event(KIND_ACTIONS[requests.COMPANY_DETAILS])
    async def upload_coordonnees(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(caller, requests.COMPANY_DETAILS, files, form)

    @scoped_event(KIND_ACTIONS[requests.SICK_LEAVE])
    async def upload_arrets(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(caller, requests.SICK_LEAVE, files, form)

    @scoped_event(KIND_ACTIONS[requests.CONTRIBUTIONS])
    async def upload_cotisations(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(caller, requests.CONTRIBUTIONS, files, form)

    @scoped_event(KIND_ACTIONS[requests.COMPANY_QUESTION])
    async def upload_question(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(caller, requests.COMPANY_QUESTION, files, form)

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def start_reply(self, caller: EmployerCaller, request_id: str):
        """« Répondre » under one démarche of the history (one that may be replied to)."""
        self.reply_error = self.reply_info = ""
        self.replying_to = reply_target(self.latest, request_id)

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def cancel_reply(self, caller: EmployerCaller):
        self.reply_error = self.reply_info = ""
        self.replying_to = 0

    def _reply(
        self, caller: EmployerCaller, fields: dict[str, str], files: list[uploads.IncomingFile]
    ) -> None:
        if not self._form_nonce:
            self._form_nonce = secrets.token_hex(16)

        def reply() -> requests.Replied:
            with db_session() as session:
                return requests.reply_for_company(
                    session,
                    actor=caller.actor(),
                    structure_ids=caller.structure_ids,
                    nonce=self._form_nonce,
                    request_id=parse_id(fields.get("demarche")),
                    message=fields.get("message", ""),
                    files=files,
                )

        self.reply_error, self.reply_info = reply_sent(reply)
        if self.reply_error:
            return
        self.replying_to = 0
        self._refresh(caller)
        self.generation += 1

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    async def upload_reply(
        self, caller: EmployerCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        """« Envoyer ma réponse »: the message and the files of the reply form, in one upload."""
        await run_blocking(self._reply, caller, form_fields(form), await read_files(files))


UPLOADS = {
    requests.EMPLOYEES: EmployerRequestsState.upload_salaries,
    requests.COMPANY_DETAILS: EmployerRequestsState.upload_coordonnees,
    requests.SICK_LEAVE: EmployerRequestsState.upload_arrets,
    requests.CONTRIBUTIONS: EmployerRequestsState.upload_cotisations,
    requests.COMPANY_QUESTION: EmployerRequestsState.upload_question,
}
"""Each kind's upload handler (the page's forms and the tests use this table)."""
SEARCHES = {
    requests.EMPLOYEES: EmployerRequestsState.search_employee_salaries,
    requests.SICK_LEAVE: EmployerRequestsState.search_employee_arrets,
}
PICKS = {
    requests.EMPLOYEES: EmployerRequestsState.pick_employee_salaries,
    requests.SICK_LEAVE: EmployerRequestsState.pick_employee_arrets,
}
"""« Salarié concerné »'s search and choice, per kind that names an employee (``NAMING_KINDS``), each
guarded by that kind's own action."""
