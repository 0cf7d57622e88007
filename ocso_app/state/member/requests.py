"""Mes démarches: the five forms and "Mes dernières démarches", where the member replies, with files, on an
open démarche OCSO answered (``services.requests.replies``; the reply form opens under one démarche at a
time, ``replying_to``; the démarche's number travels in the form and the service checks it is the member's).

Files come as ``state.demarches`` says: the upload handler of a form receives its files and its fields in the
same request, and submits them to the service. The submission key is derived from ``_form_nonce`` (new at
each page load) and the content, so a replay creates nothing new.
"""

from __future__ import annotations

import secrets

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import requests, uploads
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import Choice, RequestView, Submitter
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.demarches import (
    form_fields,
    further_back,
    history_page,
    read_files,
    reply_sent,
    reply_target,
    send,
)
from ocso_app.state.member.base import MemberState
from ocso_app.workers import run_blocking

KINDS = {
    "documents": requests.SEND_DOCUMENTS,
    "hospital": requests.HOSPITAL,
    "bank": requests.BANK_DETAILS,
    "beneficiaries": requests.BENEFICIARIES,
    "question": requests.QUESTION,
}


class RequestsState(MemberState):
    """The page's display vars: beneficiaries to choose, last requests, one message pair per form."""

    beneficiaries: list[Choice] = []
    removable_beneficiaries: list[Choice] = []  # « Bénéficiaire à retirer »: all but the assuré principal
    latest: list[RequestView] = []
    has_older: bool = False  # older démarches than those listed exist
    _shown: int = requests.MEMBER_HISTORY
    generation: int = 0
    documents_error: str = ""
    documents_info: str = ""
    hospital_error: str = ""
    hospital_info: str = ""
    bank_error: str = ""
    bank_info: str = ""
    beneficiaries_error: str = ""
    beneficiaries_info: str = ""
    question_error: str = ""
    question_info: str = ""
    opened: str = ""  # the démarche a link asked to open (?rubrique=, one of KINDS), "" for none
    replying_to: int = 0  # the démarche whose reply form is open (0: none)
    reply_error: str = ""
    reply_info: str = ""
    _form_nonce: str = ""

    def _refresh(self, member_id: int) -> None:
        with db_session() as session:
            self.beneficiaries, self.removable_beneficiaries = requests.beneficiary_lists(
                session, member_id=member_id
            )
            rows = requests.latest_requests(session, member_id=member_id, limit=self._shown + 1)
        self.latest, self.has_older = history_page(rows, self._shown)

    def _messages(self, kind: str, error: str = "", info: str = "") -> None:
        setattr(self, f"{kind}_error", error)
        setattr(self, f"{kind}_info", info)

    @page_load
    def load(self, member: Principal):
        self._form_nonce = secrets.token_hex(16)
        for kind in [*KINDS, "reply"]:
            self._messages(kind)
        self.replying_to, self._shown = 0, requests.MEMBER_HISTORY
        asked = str(self.router.url.query_parameters.get(routes.REQUEST_SECTION, ""))
        self.opened = asked if asked in KINDS else ""
        self._refresh(member.member_id)

    @private_event
    def show_older(self, member: Principal):
        """« Afficher les démarches plus anciennes »: the history goes further back."""
        self._shown = further_back(self._shown, requests.MEMBER_HISTORY)
        self._refresh(member.member_id)

    def _submitter(self, member: Principal) -> Submitter:
        if not self._form_nonce:
            self._form_nonce = secrets.token_hex(16)
        return Submitter(
            account_id=member.account_id,
            member_id=member.member_id,
            nonce=self._form_nonce,
            interface=self._interface(),
            ip_address=self._client_ip(),
        )

    def _submit(self, member: Principal, kind: str, fields: dict, files: list[uploads.IncomingFile]) -> None:
        self._messages(kind)

        def submit() -> requests.Submitted:
            with db_session() as session:
                return requests.submit(
                    session,
                    submitter=self._submitter(member),
                    form=requests.form_for(KINDS[kind], fields),
                    files=files,
                    today=paris_today(),
                )

        error, info = send(submit)
        self._messages(kind, error, info)
        if error:
            return
        self._refresh(member.member_id)
        self.generation += 1

    async def _submit_files(
        self, member: Principal, kind: str, files: list[rx.UploadFile], form: dict | None
    ) -> None:
        # the PDF and image checks run in the pool, off the event loop
        await run_blocking(self._submit, member, kind, form_fields(form), await read_files(files))

    @private_event
    async def upload_documents(self, member: Principal, files: list[rx.UploadFile], form: dict | None = None):
        await self._submit_files(member, "documents", files, form)

    @private_event
    async def upload_hospital(self, member: Principal, files: list[rx.UploadFile], form: dict | None = None):
        await self._submit_files(member, "hospital", files, form)

    @private_event
    async def upload_bank(self, member: Principal, files: list[rx.UploadFile], form: dict | None = None):
        await self._submit_files(member, "bank", files, form)

    @private_event
    async def upload_beneficiaries(
        self, member: Principal, files: list[rx.UploadFile], form: dict | None = None
    ):
        await self._submit_files(member, "beneficiaries", files, form)

    @private_event
    async def upload_question(self, member: Principal, files: list[rx.UploadFile], form: dict | None = None):
        """A question, with files if any; a change of situation with its proof (required by the service)."""
        await self._submit_files(member, "question", files, form)

    @private_event
    def start_reply(self, member: Principal, request_id: str):
        """« Répondre » under one démarche of the history (one that may be replied to)."""
        self._messages("reply")
        self.replying_to = reply_target(self.latest, request_id)

    @private_event
    def cancel_reply(self, member: Principal):
        self._messages("reply")
        self.replying_to = 0

    def _reply(self, member: Principal, fields: dict[str, str], files: list[uploads.IncomingFile]) -> None:
        if not self._form_nonce:
            self._form_nonce = secrets.token_hex(16)

        def reply() -> requests.Replied:
            with db_session() as session:
                return requests.reply_as_member(
                    session,
                    actor=self._actor(member),
                    nonce=self._form_nonce,
                    request_id=parse_id(fields.get("demarche")),
                    message=fields.get("message", ""),
                    files=files,
                )

        error, info = reply_sent(reply)
        self._messages("reply", error, info)
        if error:
            return
        self.replying_to = 0
        self._refresh(member.member_id)
        self.generation += 1

    @private_event
    async def upload_reply(self, member: Principal, files: list[rx.UploadFile], form: dict | None = None):
        """« Envoyer ma réponse »: the message and the files of the reply form, in one upload."""
        await run_blocking(self._reply, member, form_fields(form), await read_files(files))
