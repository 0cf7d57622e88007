"""Mes informations: identity (NIR masked), bank details (IBAN masked), beneficiaries, and "Modifier mon
mot de passe" (asks the current one, ends the other sessions)."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import members, passwords_flow
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.member.home import MemberSummaryState
from ocso_app.workers import off_loop

PASSWORD_CHANGED = "Votre mot de passe est modifié. Vos autres sessions ont été fermées."


class InformationState(MemberSummaryState):
    """Display strings of the page, and the password form's messages."""

    iban_masked: str = ""
    bic: str = ""
    beneficiaries: list[dict[str, str]] = []
    error: str = ""
    info: str = ""

    @page_load
    def load(self, member: Principal):
        self.error = self.info = ""
        with db_session() as session:
            self._fill_summary(session, member)
            bank = members.bank_details(session, member_id=member.member_id)
            people = members.beneficiaries(session, member_id=member.member_id)
        self.iban_masked, self.bic = bank.iban_masked, bank.bic
        self.beneficiaries = [asdict(person) for person in people]

    @private_event
    @off_loop  # bcrypt
    def change_password(self, member: Principal, form: dict):
        """« Modifier mon mot de passe »."""
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                passwords_flow.change_password(
                    session,
                    principal=member,
                    current_password=str(form.get("current", "")),
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        self.info = PASSWORD_CHANGED
        return rx.set_value("current", "")
