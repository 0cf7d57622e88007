"""Carte de tiers payant: what the card says, and sending it by e-mail to a health professional."""

from __future__ import annotations

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import tiers_payant
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.member.base import MemberState
from ocso_app.workers import off_loop


class CardState(MemberState):
    """Display vars of the card page (display strings only) and the e-mail form's messages."""

    member_number: str = ""
    amc_number: str = ""
    operator: str = ""
    validity: str = ""
    beneficiaries: list[dict[str, str]] = []
    domains: list[dict[str, str]] = []
    rights_note: str = ""
    error: str = ""
    info: str = ""

    @page_load
    def load(self, member: Principal):
        """On opening the page: the card's content, from the database."""
        self.error = self.info = ""
        try:
            with db_session() as session:
                card = tiers_payant.card_for(session, member_id=member.member_id, today=paris_today())
        except OcsoError as error:  # the cover has ended: no card
            self.error, self.validity, self.rights_note = error.message, "", ""
            self.beneficiaries, self.domains = [], []
            return
        self.rights_note = card.rights_note
        self.member_number, self.amc_number = card.member_number, card.amc_number
        self.operator = card.operator
        self.validity = f"du {format_short_date(card.valid_from)} au {format_short_date(card.valid_to)}"
        self.beneficiaries = [
            {"name": b.name, "rank": b.rank, "birth_date": b.birth_date} for b in card.beneficiaries
        ]
        self.domains = [{"code": d.code, "label": d.label, "coverage": d.coverage} for d in card.domains]

    @private_event
    @off_loop  # draws the card PDF
    def send(self, member: Principal, form: dict):
        """« Envoyer »: mail the card to the professional's address (checked) and log it."""
        self.error = self.info = ""
        try:
            with db_session() as session:
                address = tiers_payant.send_card(
                    session,
                    member_id=member.member_id,
                    account_id=member.account_id,
                    recipient=str(form.get("email_pro", "")),
                    today=paris_today(),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        self.info = f"Votre carte de tiers payant a été envoyée à {address}."
        return rx.set_value("email_pro", "")
