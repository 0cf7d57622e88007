"""Espace Employeur states: account creation, second factor, Accueil, Administration des structures.

Every private handler calls its guard first; when the guard fails, the state is emptied and the browser sent
to the login page (or to the step it still has to pass). No secret is ever kept in a public var: the TOTP
secret being enrolled lives in the backend-only ``_pending_totp``, the page shows only its QR code.
"""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, EmployerProfile
from ocso_app.services import employer_accounts, spaces, two_factor
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.auth_forms import PublicFormState
from ocso_app.state.base import SessionState

ENROLMENT_FAILED = "Le code de l'application ou le code reçu par e-mail est incorrect."
PROFILE_CHOICES = [
    {"value": profile.value, "label": label} for profile, label in employer_accounts.PROFILE_LABELS.items()
]


class EmployerState(SessionState):
    """Parent of the employer pages' states: ``_require_employer`` is the guard every handler calls first."""

    def _require_employer(self) -> Principal | None:
        principal = self._principal()
        if principal is None or principal.kind != AccountKind.EMPLOYER or not principal.fully_authenticated:
            return None
        return principal

    def _denied(self):
        """Empty this state and send the browser to the login page (or the step still to pass)."""
        principal = self._principal()
        if principal is not None and principal.kind == AccountKind.EMPLOYER:
            self.reset()
            return rx.redirect(spaces.after_login(principal, ""))
        return self._to_login(routes.EMPLOYER_LOGIN)


class EmployerRegistrationState(PublicFormState):
    """ "Créer un compte": numéro client, SIREN, code de sécurité and the first user's details."""

    @rx.event
    def submit(self, form: dict) -> None:
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                self.info = employer_accounts.register_employer(
                    session,
                    client_number=str(form.get("client_number", "")),
                    siren=str(form.get("siren", "")),
                    security_code=str(form.get("security_code", "")),
                    last_name=str(form.get("last_name", "")),
                    first_name=str(form.get("first_name", "")),
                    phone=str(form.get("phone", "")),
                    job_title=str(form.get("job_title", "")),
                    email=str(form.get("email", "")),
                    interface=self._attempt().interface,
                )
        except OcsoError as error:
            self.error = error.message


class SecondFactorState(SessionState):
    """The verification page: get a code by e-mail or SMS, or use (or enrol) an authenticator app.
    The code itself is POSTed by a plain form to ``/api/verification``."""

    error: str = ""
    info: str = ""
    method: str = ""
    has_totp: bool = False
    has_phone: bool = False
    enrolling: bool = False
    qr_data_uri: str = ""
    _pending_totp: str = ""

    def _pending_principal(self) -> Principal | None:
        principal = self._principal()
        if principal is None or principal.kind != AccountKind.EMPLOYER or principal.second_factor_done:
            return None
        return principal

    def _leave(self):
        principal = self._principal()
        self.reset()
        if principal is not None and principal.kind == AccountKind.EMPLOYER:
            return rx.redirect(spaces.after_login(principal, ""))
        return rx.redirect(routes.EMPLOYER_LOGIN)

    @rx.event
    def load(self):
        principal = self._pending_principal()
        if principal is None:
            return self._leave()
        self.reset()
        with db_session() as session:
            account = session.get(Account, principal.account_id)
            self.has_totp = account is not None and two_factor.has_totp(account)
            self.has_phone = account is not None and bool(account.phone)
        if self.router.url.query_parameters.get("erreur"):
            self.error = two_factor.WRONG_CODE
        return None

    def _send(self, method: str):
        principal = self._pending_principal()
        if principal is None:
            return self._leave()
        self.error, self.info, self.enrolling, self.qr_data_uri, self._pending_totp = "", "", False, "", ""
        try:
            with db_session() as session:
                account = session.get(Account, principal.account_id)
                if method == "sms":
                    where = two_factor.send_sms_code(session, account, interface=self._interface())
                    self.info = f"Un code vient de vous être envoyé par SMS au {where}."
                else:
                    where = two_factor.send_email_code(session, account, interface=self._interface())
                    self.info = f"Un code vient de vous être envoyé par e-mail à {where}."
        except OcsoError as error:
            self.error = error.message
            return None
        except OSError:
            self.error = "Le code n'a pas pu être envoyé : réessayez dans un instant."
            return None
        self.method = method
        return None

    @rx.event
    def send_email_code(self):
        return self._send("email")

    @rx.event
    def send_sms_code(self):
        return self._send("sms")

    @rx.event
    def use_totp(self):
        """ "Application d'authentification": enter its code, or enrol it when the account has none."""
        principal = self._pending_principal()
        if principal is None:
            return self._leave()
        if self.has_totp:
            self.error, self.info, self.method = "", "", "totp"
            return None
        return self._enrol(principal)

    @rx.event
    def start_totp_enrolment(self):
        """Show a new secret's QR code. Activating it also takes a code e-mailed now: knowing the password
        is not enough to attach one's own app to somebody else's account."""
        principal = self._pending_principal()
        if principal is None:
            return self._leave()
        return self._enrol(principal)

    def _enrol(self, principal: Principal):
        self.error, self.info = "", ""
        with db_session() as session:
            account = session.get(Account, principal.account_id)
            if account is None or two_factor.has_totp(account):
                self.has_totp, self.method = account is not None, "totp"
                return None
            secret = two_factor.new_totp_secret()
            try:
                where = two_factor.send_email_code(session, account, interface=self._interface())
            except (OcsoError, OSError):
                self.error = "Le code d'activation n'a pas pu être envoyé : choisissez une autre méthode."
                return None
            self.qr_data_uri = two_factor.provisioning_qr_svg(secret, account.email or account.login)
        self._pending_totp = secret
        self.enrolling, self.method = True, ""
        self.info = (
            "Scannez ce QR code avec votre application, puis saisissez le code qu'elle affiche et le code "
            f"envoyé par e-mail à {where}."
        )
        return None

    @rx.event
    def confirm_totp(self, form: dict):
        """Activate the app: its code must match the pending secret and the e-mailed code must be right."""
        principal = self._pending_principal()
        if principal is None:
            return self._leave()
        self.error, self.info = "", ""
        if not self._pending_totp:
            self.enrolling = False
            return None
        with db_session() as session:
            account = session.get(Account, principal.account_id)
            ok = (
                account is not None
                and two_factor.verify_code(
                    session,
                    principal.account_id,
                    "email",
                    str(form.get("email_code", "")),
                    interface=self._interface(),
                )
                and two_factor.confirm_totp(
                    session,
                    account,
                    self._pending_totp,
                    str(form.get("totp_code", "")),
                    interface=self._interface(),
                )
            )
        if not ok:
            self.error = ENROLMENT_FAILED
            return None
        self._pending_totp, self.qr_data_uri, self.enrolling = "", "", False
        self.has_totp, self.method = True, "totp"
        self.info = "Application activée. Saisissez maintenant le code qu'elle affiche pour vous connecter."
        return None


class EmployerHomeState(EmployerState):
    """Accueil: the user's structures and their profile on each."""

    full_name: str = ""
    structures: list[dict[str, str]] = []

    @rx.event
    def load(self):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        with db_session() as session:
            rows = employer_accounts.list_structures(session, account_id=principal.account_id)
        self.user_name = principal.display_name
        self.full_name = principal.display_name
        self.structures = [
            {
                "name": s.name,
                "siren": s.siren,
                "profile": s.profile_label,
                "role": "Utilisateur principal" if s.is_principal else "",
            }
            for s in rows
        ]
        return None


class AdministrationState(EmployerState):
    """Administration des structures: the users of the structures the caller is principal of, and the
    invitation form (one profile per structure, empty = no access)."""

    error: str = ""
    info: str = ""
    users: list[dict[str, str]] = []
    administered: list[dict[str, str]] = []
    profile_choices: list[dict[str, str]] = PROFILE_CHOICES

    def _fill(self, principal: Principal) -> None:
        with db_session() as session:
            users = employer_accounts.structure_users(session, account_id=principal.account_id)
            administered = employer_accounts.administered_structures(session, account_id=principal.account_id)
        self.user_name = principal.display_name
        self.users = [
            {
                "structure": u.company_name,
                "name": u.full_name,
                "email": u.email,
                "profile": u.profile_label,
                "role": "Utilisateur principal" if u.is_principal else "",
            }
            for u in users
        ]
        self.administered = [
            {"company_id": str(s.company_id), "field": f"profil_{s.company_id}", "name": s.name}
            for s in administered
        ]

    @rx.event
    def load(self):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        self.error, self.info = "", ""
        self._fill(principal)
        return None

    @rx.event
    def invite(self, form: dict):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        self.error, self.info = "", ""
        grants: dict[int, EmployerProfile] = {}
        try:
            for key, value in form.items():
                if str(key).startswith("profil_") and value:
                    grants[int(str(key).removeprefix("profil_"))] = EmployerProfile(str(value))
        except ValueError:
            self.error = "Profil inconnu."
            return None
        try:
            with db_session() as session:
                employer_accounts.invite_user(
                    session,
                    principal=principal,
                    email=str(form.get("email", "")),
                    first_name=str(form.get("first_name", "")),
                    last_name=str(form.get("last_name", "")),
                    phone=str(form.get("phone", "")),
                    job_title=str(form.get("job_title", "")),
                    grants=grants,
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        except OSError:
            self.error = "L'e-mail d'invitation n'a pas pu être envoyé : réessayez dans un instant."
            return None
        self.info = employer_accounts.INVITED
        self._fill(principal)
        return None
