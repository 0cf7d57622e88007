"""Mes informations: identity (NIR masked), bank details (IBAN masked), beneficiaries and their
télétransmission, "Modifier mon mot de passe" (asks the current one, ends the other sessions), the e-mail
address (changed through a link sent to the new one), the postal address, the telephone number and the e-mail
on a new payment."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import (
    contact_details,
    members,
    passwords,
    passwords_flow,
    payment_notices,
    teletransmission,
)
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event, switched_on
from ocso_app.state.member.home import MemberSummaryState
from ocso_app.state.password_fields import PasswordFields
from ocso_app.state.refusals import Refusals
from ocso_app.workers import off_loop

# The field of the page's forms each refusal is about (by the field's id): its message goes under it, the
# field aria-invalid and described by it; the others (too many tries…) stay in the card's banner.
PASSWORD_FIELDS = PasswordFields(current="current", new="password", confirmation="confirmation")

FIELD_OF = {
    contact_details.BAD_EMAIL: "new_email",
    contact_details.SAME_EMAIL: "new_email",
    contact_details.WRONG_PASSWORD: "email_password",
    contact_details.BAD_ADDRESS_LINE: "address_line",
    contact_details.BAD_POSTAL_CODE: "postal_code",
    contact_details.BAD_CITY: "city",
    contact_details.BAD_PHONE: "phone",
    passwords_flow.WRONG_CURRENT_PASSWORD: "current",
    passwords.MEMBER_PASSWORD_RULE: "password",
    passwords.TOO_COMMON: "password",
    passwords_flow.SAME_AS_BEFORE: "password",
    passwords_flow.PASSWORDS_DIFFER: "confirmation",
}


class InformationState(Refusals, MemberSummaryState):
    """Display strings of the page, and its forms' messages: under a field (``field_errors``, by id) or in a
    form's banner."""

    iban_masked: str = ""
    bic: str = ""
    beneficiaries: list[dict[str, str]] = []
    teletransmission: list[dict[str, str]] = []
    email: str = ""
    phone: str = ""  # « 05 56 34 36 66 », "" without one
    postal_code: str = ""
    city: str = ""
    payment_email: bool = False
    error: str = ""
    info: str = ""
    email_error: str = ""
    email_info: str = ""
    address_error: str = ""
    address_info: str = ""
    phone_error: str = ""
    phone_info: str = ""
    payment_info: str = ""
    field_errors: dict[str, str] = {}

    def _clear_messages(self) -> None:
        self.error = self.info = self.email_error = self.email_info = ""
        self.address_error = self.address_info = self.payment_info = ""
        self.phone_error = self.phone_info = ""
        self.field_errors = {}

    def _banner_or_field(self, message: str) -> str:
        """A refusal about one field goes under it (``field_errors``); what the banner says: the others."""
        self._refused()
        name = FIELD_OF.get(message)
        if name is None:
            return message
        self.field_errors = {name: message}
        return ""

    def _fill_contact(self, session, member: Principal) -> None:
        self._fill_summary(session, member)
        self.email = contact_details.member_email(session, member_id=member.member_id)
        self.phone = contact_details.member_phone(session, member_id=member.member_id)
        self.postal_code, _, self.city = self.postal_city.partition(" ")

    @page_load
    def load(self, member: Principal):
        self._clear_messages()
        with db_session() as session:
            self._fill_contact(session, member)
            bank = members.bank_details(session, member_id=member.member_id)
            people = members.beneficiaries(session, member_id=member.member_id)
            links = teletransmission.teletransmission_rows(session, member_id=member.member_id)
            self.payment_email = payment_notices.payment_email_enabled(session, member_id=member.member_id)
        self.iban_masked, self.bic = bank.iban_masked, bank.bic
        self.beneficiaries = [asdict(person) for person in people]
        self.teletransmission = [
            {"name": row.name, "rank": row.rank, "status": row.status, "advice": row.advice}
            | {"active": "oui" if row.active else ""}
            for row in links
        ]

    @private_event
    @off_loop  # bcrypt
    def change_email(self, member: Principal, form: dict):
        """« Modifier mon adresse e-mail »: the link leaves for the new address; nothing changes yet."""
        self._clear_messages()
        try:
            with db_session() as session:
                answer = contact_details.request_email_change(
                    session,
                    self._actor(member),
                    current_password=str(form.get("email_password", "")),
                    new_email=str(form.get("new_email", "")),
                )
        except OcsoError as error:
            self.email_error = self._banner_or_field(error.message)
            return None
        if not answer.sent:
            self.email_error = self._banner_or_field(answer.message)
            return rx.set_value("email_password", "")
        self.email_info = answer.message
        return [rx.set_value("email_password", ""), rx.set_value("new_email", "")]

    @private_event
    def change_address(self, member: Principal, form: dict):
        """« Modifier mon adresse postale »: saved at once, shown on Accueil."""
        self._clear_messages()
        try:
            with db_session() as session:
                contact_details.change_postal_address(
                    session,
                    self._actor(member),
                    line=str(form.get("address_line", "")),
                    postal_code=str(form.get("postal_code", "")),
                    city=str(form.get("city", "")),
                )
        except OcsoError as error:
            self.address_error = self._banner_or_field(error.message)
            return
        with db_session() as session:
            self._fill_contact(session, member)
        self.address_info = "Votre adresse postale est modifiée."

    @private_event
    def change_phone(self, member: Principal, form: dict):
        """« Modifier mon numéro de téléphone »: saved at once; left empty, the number is removed."""
        self._clear_messages()
        try:
            with db_session() as session:
                self.phone = contact_details.change_phone(
                    session, self._actor(member), phone=str(form.get("phone", ""))
                )
        except OcsoError as error:
            self.phone_error = self._banner_or_field(error.message)
            return
        self.phone_info = (
            "Votre numéro de téléphone est modifié."
            if self.phone
            else "Votre numéro de téléphone est retiré."
        )

    @private_event
    def set_payment_email(self, member: Principal, enabled: bool):
        """« Me prévenir par e-mail de chaque nouveau remboursement »."""
        self._clear_messages()
        wanted = switched_on(enabled)
        with db_session() as session:
            payment_notices.set_payment_email(session, self._actor(member), enabled=wanted)
        self.payment_email = wanted
        self.payment_info = (
            "Vous recevrez un e-mail à chaque nouveau remboursement."
            if wanted
            else "Vous ne recevrez plus d'e-mail à chaque remboursement."
        )

    @private_event
    @off_loop  # bcrypt
    def change_password(self, member: Principal, form: dict):
        """« Modifier mon mot de passe »."""
        self._clear_messages()
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
            self.error = self._banner_or_field(error.message)
            return PASSWORD_FIELDS.refused(error.message)
        self.info = passwords_flow.PASSWORD_CHANGED
        return PASSWORD_FIELDS.changed()
