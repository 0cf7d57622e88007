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
"""

from __future__ import annotations

import secrets

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import employer_access, requests, uploads
from ocso_app.services import help as help_service
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.help import HelpEntry
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import KIND_ACTIONS, Choice, RequestView
from ocso_app.state.demarches import form_fields, read_files, reply_sent, reply_target, send
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.workers import run_blocking

KINDS = tuple(KIND_ACTIONS)
MAX_HELP_QUERY = 100


def _blank() -> dict[str, str]:
    return dict.fromkeys(KINDS, "")


class EmployerRequestsState(EmployerState):
    """Per kind: the structures it may be sent for (empty: the form is not shown), its error and
    confirmation; the history of the page's structures."""

    structures: dict[str, list[Choice]] = {kind: [] for kind in KINDS}
    errors: dict[str, str] = _blank()
    infos: dict[str, str] = _blank()
    latest: list[RequestView] = []
    answers: list[HelpEntry] = []
    generation: int = 0
    replying_to: int = 0  # the démarche whose reply form is open (0: none)
    reply_error: str = ""
    reply_info: str = ""
    _form_nonce: str = ""

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
            self.latest = requests.company_requests(session, grants=grants, structure_ids=structure_ids)

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        self._form_nonce = secrets.token_hex(16)
        self.errors, self.infos = _blank(), _blank()
        self.replying_to, self.reply_error, self.reply_info = 0, "", ""
        self._refresh(caller)
        self._search_help("")

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
        self._refresh(caller)
        self.generation += 1

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
