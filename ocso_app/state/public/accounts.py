"""Opening and recovering an account: member registration, employer account creation, forgotten password,
the reset link, and the introducer's "Obtenir votre identifiant". Each answers the same way whether or not
the account exists, where the guides allow it. The handlers that hash a password run off the event loop
(``off_loop``)."""

from __future__ import annotations

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import employer_accounts, introducers, passwords_flow, registration
from ocso_app.services.errors import OcsoError
from ocso_app.services.periods import parse_day
from ocso_app.state.password_fields import NEW_PASSWORD_FIELDS
from ocso_app.state.public.base import LinkPageState, PublicFormState
from ocso_app.workers import off_loop

BAD_DATE = "Indiquez la date au format JJ/MM/AAAA."
PASSWORD_RESET = "Votre mot de passe est modifié. Vous pouvez vous connecter."


class MemberRegistrationState(PublicFormState):
    @rx.event
    @off_loop
    def submit(self, form: dict) -> None:
        """S'inscrire: same answer whether or not the numéro, birth date and NIR match a member."""
        self.error, self.info = "", ""
        try:
            birth = parse_day(str(form.get("birth_date", "")))
        except OcsoError:
            birth = None
        if birth is None:
            self.error = BAD_DATE
            return
        attempt = self._attempt()
        try:
            with db_session() as session:
                answer = registration.register_member(
                    session,
                    member_number=str(form.get("member_number", "")),
                    birth_date=birth,
                    nir=str(form.get("nir", "")),
                    email=str(form.get("email", "")),
                    interface=attempt.interface,
                    ip_address=attempt.ip_address,
                )
        except OcsoError as error:
            self.error = error.message
            return
        if answer == registration.TOO_MANY_ATTEMPTS:
            self.error = answer
        else:
            self.info = answer


class EmployerRegistrationState(PublicFormState):
    """ "Créer un compte": numéro client, SIREN, code de sécurité and the first user's details."""

    @rx.event
    @off_loop
    def submit(self, form: dict) -> None:
        self.error, self.info = "", ""
        attempt = self._attempt()
        try:
            with db_session() as session:
                answer = employer_accounts.register_employer(
                    session,
                    client_number=str(form.get("client_number", "")),
                    siren=str(form.get("siren", "")),
                    security_code=str(form.get("security_code", "")),
                    last_name=str(form.get("last_name", "")),
                    first_name=str(form.get("first_name", "")),
                    phone=str(form.get("phone", "")),
                    job_title=str(form.get("job_title", "")),
                    email=str(form.get("email", "")),
                    interface=attempt.interface,
                    ip_address=attempt.ip_address,
                )
        except OcsoError as error:
            self.error = error.message
            return
        if answer == employer_accounts.REGISTERED:
            self.info = answer
        else:
            self.error = answer


class ForgottenPasswordState(PublicFormState):
    """Mot de passe oublié: a reset link by e-mail, same answer in every case."""

    def _request_reset(self, kind: AccountKind, form: dict) -> None:
        self.error = ""
        with db_session() as session:
            self.info = passwords_flow.request_reset(
                session, kind=kind, login=str(form.get("login", "")), ip_address=self._attempt().ip_address
            )

    @rx.event
    def submit_member(self, form: dict) -> None:
        self._request_reset(AccountKind.MEMBER, form)

    @rx.event
    def submit_employer(self, form: dict) -> None:
        self._request_reset(AccountKind.EMPLOYER, form)

    @rx.event
    def submit_introducer(self, form: dict) -> None:
        self._request_reset(AccountKind.INTRODUCER, form)


class ResetPasswordState(LinkPageState):
    """The page opened from the e-mailed link (``?jeton=``)."""

    @rx.event
    def check_link(self) -> None:
        """On load: say at once when the link is used or expired."""
        self.error, self.info, self.done = "", "", False
        with db_session() as session:
            self.link_valid = bool(self._secret()) and passwords_flow.reset_link_is_valid(
                session, secret=self._secret()
            )
        if not self.link_valid:
            self.error = passwords_flow.RESET_LINK_INVALID

    @rx.event
    @off_loop
    def submit(self, form: dict) -> None:
        """Choose the new password; the link then stops working."""
        self.error = ""
        try:
            with db_session() as session:
                passwords_flow.reset_password(
                    session,
                    secret=self._secret(),
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._attempt().interface,
                )
        except OcsoError as error:
            self.error = error.message
            return NEW_PASSWORD_FIELDS.refused(error.message)
        self.done, self.link_valid = True, False
        self.info = PASSWORD_RESET


class IdentifierRequestState(PublicFormState):
    @rx.event
    @off_loop
    def submit(self, form: dict) -> None:
        """Obtenir votre identifiant: e-mailed to the address on file, same answer in every case."""
        self.error = ""
        with db_session() as session:
            self.info = introducers.send_identifier(
                session, email=str(form.get("email", "")), ip_address=self._attempt().ip_address
            )
