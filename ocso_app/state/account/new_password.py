"""First login with a temporary password (any space): choose the real one.

Choosing it here (``submit``) passes nothing by itself: a websocket event cannot give the session the new
token this step takes (an HttpOnly cookie). It gets a hand-off bound to this login session, ``handoff``,
which the page's « Continuer » form POSTs to ``routes.API_NEW_PASSWORD_HANDOFF``."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.services import passwords_flow
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SessionState, private_event
from ocso_app.state.password_fields import NEW_PASSWORD_FIELDS
from ocso_app.workers import off_loop

PASSWORD_SAVED = (
    "Votre mot de passe est enregistré. Cliquez sur «\u00a0Continuer\u00a0» pour accéder à votre espace."
)


class NewPasswordState(SessionState):
    """Open to a session that passed its second factor and still holds a temporary password."""

    error: str = ""
    info: str = ""
    # Sent to this browser on purpose (the « Continuer » form's hidden input): worth one POST, by this login
    # session only, within minutes.
    handoff: str = ""

    def _authorized(self, principal: Principal) -> bool:
        return principal.second_factor_done and principal.must_change_password

    @private_event
    def load(self, account: Principal):
        """Only the guard: a session with nothing to choose goes on to its home. It clears no message, so
        the answer to a click made before the page finished loading stays on screen."""

    @private_event
    @off_loop
    def submit(self, account: Principal, form: dict):
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                handoff = passwords_flow.replace_temporary_password(
                    session,
                    principal=account,
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return NEW_PASSWORD_FIELDS.refused(error.message)
        self.handoff, self.info = handoff, PASSWORD_SAVED  # the fields give way to « Continuer »
