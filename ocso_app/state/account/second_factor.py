"""The verification page of employers and OCSO staff: get a code by e-mail or SMS (employers), use or enrol
an authenticator app. The code itself is POSTed by a plain form to ``routes.API_SECOND_FACTOR``; the TOTP
secret being enrolled lives in the backend-only ``_pending_totp`` (the page shows only its QR code).

Activating the app here (``confirm_totp``) passes nothing by itself: a websocket event cannot give the
session the new token passing the step takes (an HttpOnly cookie). It gets a 60-second hand-off bound to
this login session, ``handoff``, which the page's « Continuer » form POSTs to
``routes.API_SECOND_FACTOR_HANDOFF``; any other handler of the page, and the next load, forget it.
"""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.services import second_factor, two_factor
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SessionState, private_event

ENROLMENT_FAILED = "Le code de l'application ou le code reçu par e-mail est incorrect."
NOT_SENT = "Le code n'a pas pu être envoyé : réessayez dans un instant."
ACTIVATED = (
    "Votre application d'authentification est activée. Cliquez sur «\u00a0Continuer\u00a0» pour accéder à "
    "votre espace."
)


class SecondFactorState(SessionState):
    """Open to a session that still owes its second factor."""

    error: str = ""
    info: str = ""
    method: str = ""
    has_totp: bool = False
    has_phone: bool = False
    enrolling: bool = False
    qr_data_uri: str = ""
    manual_key: str = ""
    totp_only: bool = False
    may_trust: bool = False
    ready: bool = False
    # Sent to this browser on purpose (the « Continuer » form's hidden input): worth one POST, by this login
    # session only, within 60 s.
    handoff: str = ""
    _pending_totp: str = ""

    def _authorized(self, principal: Principal) -> bool:
        return second_factor.pending(principal)

    def _clear_enrolment(self) -> None:
        self.enrolling, self.qr_data_uri, self.manual_key, self._pending_totp = False, "", "", ""
        self.handoff = ""

    @private_event
    def load(self, account: Principal):
        self.reset()
        with db_session() as session:
            offered = second_factor.options(session, principal=account)
        self.has_totp, self.has_phone, self.totp_only = offered.has_totp, offered.has_phone, offered.totp_only
        self.may_trust = offered.may_trust
        self.ready = True
        refused = self.router.url.query_parameters.get("erreur")
        if refused == second_factor.HANDOFF_REFUSED:
            self.error = second_factor.HANDOFF_EXPIRED
        elif refused:
            self.error = two_factor.WRONG_CODE

    def _send(self, account: Principal, method: str) -> None:
        self.error, self.info = "", ""
        self._clear_enrolment()
        try:
            with db_session() as session:
                where = second_factor.send_code(
                    session, principal=account, method=method, interface=self._interface()
                )
        except OcsoError as error:
            self.error = error.message
            return
        except OSError:
            self.error = NOT_SENT
            return
        channel = "par SMS au" if method == "sms" else "par e-mail à"
        self.info = f"Un code vient de vous être envoyé {channel} {where}."
        self.method = method

    @private_event
    def send_email_code(self, account: Principal):
        self._send(account, "email")

    @private_event
    def send_sms_code(self, account: Principal):
        self._send(account, "sms")

    @private_event
    def use_totp(self, account: Principal):
        """ "Application d'authentification": enter its code, or enrol it when the account has none."""
        if self.has_totp:
            self.error, self.info, self.method, self.handoff = "", "", "totp", ""
            return
        self._enrol(account)

    @private_event
    def start_totp_enrolment(self, account: Principal):
        """Show a new secret's QR code; activating it also takes a code e-mailed now."""
        self._enrol(account)

    def _enrol(self, account: Principal) -> None:
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                enrolment = second_factor.start_enrolment(
                    session, principal=account, interface=self._interface()
                )
        except OcsoError as error:
            self.error = error.message
            return
        if enrolment is None:  # the account has an app already
            self.has_totp, self.method = True, "totp"
            return
        self.qr_data_uri, self.manual_key = enrolment.qr_data_uri, enrolment.manual_key
        self._pending_totp = enrolment.secret
        self.enrolling, self.method = True, ""
        self.info = (
            "Scannez ce QR code avec votre application, puis saisissez le code qu'elle affiche et le code "
            f"envoyé par e-mail à {enrolment.sent_to}."
        )

    @private_event
    def confirm_totp(self, account: Principal, form: dict):
        """Activate the app: its code must match the pending secret and the e-mailed code must be right. The
        step ends with the « Continuer » form (``handoff``), not here."""
        self.error, self.info = "", ""
        if not self._pending_totp:
            self._clear_enrolment()
            return
        with db_session() as session:
            handoff = second_factor.finish_enrolment(
                session,
                principal=account,
                secret=self._pending_totp,
                totp_code=str(form.get("totp_code", "")),
                email_code=str(form.get("email_code", "")),
                interface=self._interface(),
            )
        if handoff is None:
            self.error = ENROLMENT_FAILED
            return
        self._clear_enrolment()
        self.has_totp, self.method, self.handoff = True, "", handoff
        self.info = ACTIVATED
