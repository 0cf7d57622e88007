"""Simulation de remboursement: the quote typed, the estimate and its explanation, keeping it in Mes documents
or sending it with the quote in Mes démarches (« Envoi de document », type « Devis »).

The last checked quote is kept server-side (``_quote``); keeping or sending simulates it again from the
database, so what is stored is always computed by the service, never taken from the browser.
"""

from __future__ import annotations

import secrets

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import forfaits, requests, simulation, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.reimbursements import beneficiary_options
from ocso_app.services.requests import Submitter
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.demarches import read_files, send
from ocso_app.state.member.base import MemberState
from ocso_app.workers import run_blocking

NO_QUOTE = "Faites d'abord une simulation."


class SimulationState(MemberState):
    """Display vars of the simulation page."""

    beneficiary_options: list[dict[str, str]] = []
    act_options: list[dict[str, str]] = []
    forfaits: list[dict[str, str]] = []
    result: dict[str, str] = {}
    steps: list[str] = []
    error: str = ""
    info: str = ""
    kept_href: str = ""
    _quote: dict[str, str] = {}
    _form_nonce: str = ""

    def _clear(self) -> None:
        self.result, self.steps, self.error, self.info, self.kept_href = {}, [], "", "", ""
        self._quote = {}

    @page_load
    def load(self, member: Principal):
        """On opening the page: the choices and the forfaits left."""
        self._clear()
        self._form_nonce = secrets.token_hex(16)
        with db_session() as session:
            people = forfaits.household(session, member_id=member.member_id)
            options = beneficiary_options(session, member_id=member.member_id, people=people)
            uses = forfaits.forfaits_left(
                session, member_id=member.member_id, today=paris_today(), people=people
            )
        self.beneficiary_options = [{"value": o.value, "label": o.label} for o in options]
        self.act_options = [{"value": v, "label": label} for v, label in simulation.act_options()]
        self.forfaits = [use.display() for use in uses]

    def _simulate(self, member: Principal, form: dict[str, str]) -> simulation.Simulation:
        with db_session() as session:
            return simulation.simulate(
                session, member_id=member.member_id, form=dict(form), today=paris_today()
            )

    @private_event
    def estimate(self, member: Principal, form: dict):
        """« Estimer mon remboursement »: check the quote and show the estimate (nothing is written)."""
        self._clear()
        fields = {key: str(form.get(key, ""))[:40] for key in ("beneficiaire", "acte", "montant", "base")}
        fields["cent_pour_cent"] = str(form.get("cent_pour_cent", ""))[:10]
        try:
            result = self._simulate(member, fields)
        except OcsoError as error:
            self.error = error.message
            return
        self._quote = fields
        self.result, self.steps = result.display(), result.steps

    @private_event
    def keep(self, member: Principal):
        """« Garder dans Mes documents »: the simulation's PDF stored in « Vos devis et simulations »."""
        self.error = self.info = ""
        if not self._quote:
            self.error = NO_QUOTE
            return
        try:
            with db_session() as session:
                result = simulation.simulate(
                    session, member_id=member.member_id, form=dict(self._quote), today=paris_today()
                )
                document_id = simulation.keep_simulation(
                    session, actor=self._actor(member), simulation=result
                )
        except OcsoError as error:
            self.error = error.message
            return
        self.kept_href = simulation.document_url(document_id)
        self.info = (
            "La simulation est enregistrée dans Mes documents (Vos devis et simulations de remboursement)."
        )

    def _send(self, member: Principal, files: list[uploads.IncomingFile]) -> None:
        quote: dict[str, object] = dict(self._quote)
        submitter = Submitter(
            account_id=member.account_id,
            member_id=member.member_id,
            nonce=self._form_nonce or secrets.token_hex(16),
            interface=self._interface(),
            ip_address=self._client_ip(),
        )

        def submit() -> requests.Submitted:
            with db_session() as session:
                return simulation.send_with_quote(
                    session, submitter=submitter, quote=quote, files=files, today=paris_today()
                )

        self.error, self.info = send(submit)

    @private_event
    async def send_with_quote(self, member: Principal, files: list[rx.UploadFile]):
        """« Envoyer le devis et la simulation à OCSO »: an « Envoi de document » of type « Devis » with the
        quote's files and the simulation's PDF."""
        self.error = self.info = ""
        if not self._quote:
            self.error = NO_QUOTE
            return
        incoming = await read_files(files)
        await run_blocking(self._send, member, incoming)
