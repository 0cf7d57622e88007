"""The public forms of every space: login, member registration, forgotten password, reset link.

None of them is private. Login forms POST to ``api/session_routes.py``, which sets the HttpOnly session
cookie, so a login password never crosses the websocket; no password is ever stored in a var.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import passwords_flow, registration
from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import LOGIN_FAILED, LoginAttempt
from ocso_app.state.base import safe_next

BAD_DATE = "Indiquez la date au format JJ/MM/AAAA."


class PublicFormState(rx.State):
    """What every public form shows: one error and one information message."""

    error: str = ""
    info: str = ""
    busy: bool = False

    def _attempt(self) -> LoginAttempt:
        return LoginAttempt(
            interface=interface_from_user_agent(self.router.headers.user_agent),
            ip_address=self.router.session.client_ip or None,
        )

    def _request_reset(self, kind: AccountKind, form: dict) -> None:
        self.error = ""
        with db_session() as session:
            self.info = passwords_flow.request_reset(session, kind=kind, login=str(form.get("login", "")))


class LoginPageState(PublicFormState):
    """A login page: the form POSTs to ``/api/login/<space>``; this state only shows the outcome."""

    suite: str = ""

    @rx.event
    def load(self) -> None:
        query = self.router.url.query_parameters
        self.suite = safe_next(query.get("suite"), "")
        self.error = LOGIN_FAILED if query.get("erreur") else ""


class MemberLoginState(LoginPageState):
    """Se connecter with the numéro d'adhérent (6 first characters) and the password."""


class EmployerLoginState(LoginPageState):
    """Se connecter with the e-mail address and the password."""


class IntroducerLoginState(LoginPageState):
    """Se connecter with the introducer's identifier and password."""


class MemberRegistrationState(PublicFormState):
    @rx.event
    def submit(self, form: dict) -> None:
        """S'inscrire: same answer whether or not the numéro and birth date match a member."""
        self.error, self.info = "", ""
        try:
            birth = date.fromisoformat(str(form.get("birth_date", "")))
        except ValueError:
            self.error = BAD_DATE
            return
        try:
            with db_session() as session:
                self.info = registration.register_member(
                    session,
                    member_number=str(form.get("member_number", "")),
                    birth_date=birth,
                    email=str(form.get("email", "")),
                    interface=self._attempt().interface,
                )
        except OcsoError as error:
            self.error = error.message


class ForgottenPasswordState(PublicFormState):
    @rx.event
    def submit_member(self, form: dict) -> None:
        """Mot de passe oublié (member): a reset link by e-mail, same answer in every case."""
        self._request_reset(AccountKind.MEMBER, form)

    @rx.event
    def submit_employer(self, form: dict) -> None:
        """Mot de passe oublié (employer)."""
        self._request_reset(AccountKind.EMPLOYER, form)

    @rx.event
    def submit_introducer(self, form: dict) -> None:
        """Mot de passe oublié (business introducer)."""
        self._request_reset(AccountKind.INTRODUCER, form)


class ResetPasswordState(PublicFormState):
    """The page opened from the e-mailed link (``?jeton=``)."""

    link_valid: bool = False
    done: bool = False

    def _secret(self) -> str:
        return self.router.url.query_parameters.get("jeton", "")

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
            return
        self.done, self.link_valid = True, False
        self.info = "Votre mot de passe est modifié. Vous pouvez vous connecter."


class StaffLoginState(LoginPageState):
    """Se connecter (OCSO staff) with the e-mail address and the password."""
