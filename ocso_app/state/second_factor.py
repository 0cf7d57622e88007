"""The second factor of employers and OCSO staff: e-mail or SMS code (employers), authenticator app
(both; the only one for staff), and the app's enrolment. The code itself is POSTed by a plain form to
``/api/verification``; the TOTP secret being enrolled lives in the backend-only ``_pending_totp``.
"""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind
from ocso_app.services import sessions, spaces, two_factor
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SessionState

ENROLMENT_FAILED = "Le code de l'application ou le code reçu par e-mail est incorrect."


SECOND_FACTOR_KINDS = {AccountKind.EMPLOYER, AccountKind.STAFF}


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
    manual_key: str = ""
    _pending_totp: str = ""

    totp_only: bool = False
    ready: bool = False

    def _pending_principal(self) -> Principal | None:
        principal = self._principal()
        if principal is None or principal.kind not in SECOND_FACTOR_KINDS or principal.second_factor_done:
            return None
        return principal

    def _leave(self):
        principal = self._principal()
        self.reset()
        if principal is not None and principal.kind in SECOND_FACTOR_KINDS:
            return rx.redirect(spaces.after_login(principal, ""))
        return rx.redirect(routes.HOME)

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
        self.totp_only = principal.kind == AccountKind.STAFF
        self.ready = True
        if self.router.url.query_parameters.get("erreur"):
            self.error = two_factor.WRONG_CODE
        return None

    def _send(self, method: str):
        principal = self._pending_principal()
        if principal is None or principal.kind == AccountKind.STAFF:
            return self._leave()
        self.error, self.info, self.enrolling, self.qr_data_uri, self._pending_totp = "", "", False, "", ""
        self.manual_key = ""
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
            # The QR code already carries the secret to this browser: showing it as text adds no exposure.
            self.manual_key = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
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
            if ok:
                # The app's code and the e-mailed code together are this login's second factor.
                sessions.mark_session(session, principal.session_id, second_factor_done=True)
        if not ok:
            self.error = ENROLMENT_FAILED
            return None
        self.reset()
        return rx.redirect(spaces.after_login(self._principal(), ""))
