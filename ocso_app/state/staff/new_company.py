"""« Nouvelle entreprise » (Espace OCSO): the form of a new client company or établissement, each wrong field
with its French message under it; once created, the agent is sent to its file, where the letter with its code
de sécurité is downloaded. Entreprises and administrators (``MANAGE_CLIENTS``); the rules are
``services.new_clients``."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import new_clients
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.refusals import Refusals
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.state.staff.files import NUMBER
from ocso_app.workers import off_loop

FORM_ERROR = "entreprise"  # the key of a refusal of no field of its own


class StaffNewCompanyState(Refusals, StaffState):
    """What was typed (given back after a refusal) and the message of each wrong field."""

    values: dict[str, str] = {}
    errors: dict[str, str] = {}

    @staff_event(StaffAction.MANAGE_CLIENTS, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open an empty form."""
        self.values, self.errors = {}, {}

    @staff_event(StaffAction.MANAGE_CLIENTS)
    @off_loop  # bcrypt (the code de sécurité)
    def create(self, staff: StaffCaller, form: dict):
        """« Créer l'entreprise », then its file."""
        typed = new_clients.typed_company(form)
        try:
            with db_session() as session:
                created = new_clients.create_company(session, actor=staff.actor(), form=typed)
        except OcsoError as error:  # each wrong field's message, or the form's (no numéro client free)
            self.values = new_clients.typed_fields(form, {n: n for n in new_clients.FIELDS.values()})
            self.errors = error.errors if isinstance(error, FieldsRefused) else {FORM_ERROR: error.message}
            self._refused()
            return None
        self.values, self.errors = {}, {}
        return rx.redirect(f"{routes.STAFF_COMPANY_FILE}?{NUMBER}={created.company_id}")
