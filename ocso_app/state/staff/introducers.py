"""Apporteurs d'affaires (Espace OCSO): the introducers with their portfolio, a new introducer (their
account's temporary password is e-mailed), a company added to a portfolio by its client number or taken out,
an introducer deactivated (confirmed in a dialog) or reactivated, an introducer's e-mail address changed (in a
small form opened on their line, its refusal shown beside it).
Administrators only (``MANAGE_INTRODUCERS``); the rules are ``services.introducer_admin``."""

from __future__ import annotations

from collections.abc import Callable

from ocso_app.db import db_session
from ocso_app.services import introducer_admin
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.introducer_admin import IntroducerLine
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, apply_change, staff_event, stale_form
from ocso_app.workers import off_loop

MANAGE = StaffAction.MANAGE_INTRODUCERS


class StaffIntroducersState(StaffState):
    """The list (each introducer with their companies), the forms' generation (sent with each form, so
    that a form sent twice is made once: ``stale_form``), the messages."""

    introducers: list[IntroducerLine] = []
    choices: list[dict[str, str]] = []  # the introducers, for the portfolio form's select (« — désactivé »)
    generation: int = 0
    error: str = ""
    info: str = ""
    email_for: int = 0  # the introducer whose « Modifier l'adresse e-mail » form is open (0: none)
    email_error: str = ""  # its refusal, shown next to it
    email_refusals: int = 0  # bumped at each refusal: the focus goes to the field (``refusal_focus``)

    def _list(self) -> None:
        with db_session() as session:
            self.introducers = introducer_admin.introducers(session)
        self.choices = [
            {
                "value": str(line.introducer_id),
                "label": f"{line.name} ({line.identifier})"
                + ("" if line.is_active else introducer_admin.INACTIVE_CHOICE),
            }
            for line in self.introducers
        ]

    def _apply(self, staff: StaffCaller, change: Callable[..., str], **arguments: object) -> bool:
        """Run one service change (``apply_change``); the list again when it was made."""
        made = apply_change(self, staff, change, **arguments)
        if made:
            self._list()
        return made

    @staff_event(MANAGE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the list and empty forms."""
        self.error = self.info = self.email_error = ""
        self.email_for = 0
        self.generation += 1
        self._list()

    @staff_event(MANAGE)
    @off_loop  # bcrypt (the temporary password)
    def create(self, staff: StaffCaller, form: dict):
        """« Créer l'apporteur »."""
        if stale_form(form, self.generation):
            return  # already created (a double click): the page shows its message and the form emptied
        if self._apply(
            staff,
            introducer_admin.create_introducer,
            # each value checked whole: « 12345678 » and spaces then « 9 », cut, was another valid number
            name=str(form.get("name", "")),
            orias=str(form.get("orias", "")),
            email=str(form.get("email", "")),
            phone=str(form.get("phone", "")),
        ):
            self.generation += 1

    @staff_event(MANAGE)
    def add_company(self, staff: StaffCaller, form: dict):
        """« Ajouter au portefeuille »: a company by its client number, with the commission."""
        if stale_form(form, self.generation):
            return  # already added (a double click)
        chosen = str(form.get("introducer", "")).strip()
        introducer_id = parse_id(chosen)
        if introducer_id is None:
            refusal = introducer_admin.UNKNOWN_INTRODUCER if chosen else introducer_admin.CHOOSE_INTRODUCER
            self.error, self.info = refusal, ""
            return
        if self._apply(
            staff,
            introducer_admin.add_company,
            introducer_id=introducer_id,
            client_number=str(form.get("client_number", "")),  # checked whole, as the new introducer's
            commission=str(form.get("commission", "")),
            today=paris_today(),
        ):
            self.generation += 1

    @staff_event(MANAGE)
    def remove_company(self, staff: StaffCaller, entry_id: str):
        """« Retirer » a company from a portfolio."""
        wanted = parse_id(str(entry_id))
        if wanted is None:
            self.error, self.info = introducer_admin.NOT_IN, ""
            return
        self._apply(staff, introducer_admin.remove_company, entry_id=wanted)

    def _introducer_id(self, value: object) -> int | None:
        wanted = parse_id(str(value))
        if wanted is None:
            self.error, self.info = introducer_admin.UNKNOWN_INTRODUCER, ""
        return wanted

    @staff_event(MANAGE)
    def deactivate(self, staff: StaffCaller, introducer_id: str):
        """« Désactiver » (confirmed in a dialog): no more logins, their sessions end now, portfolio kept."""
        wanted = self._introducer_id(introducer_id)
        if wanted is not None:
            self._apply(staff, introducer_admin.deactivate_introducer, introducer_id=wanted)

    @staff_event(MANAGE)
    def reactivate(self, staff: StaffCaller, introducer_id: str):
        """« Réactiver »: they log in again and find their portfolio."""
        wanted = self._introducer_id(introducer_id)
        if wanted is not None:
            self._apply(staff, introducer_admin.reactivate_introducer, introducer_id=wanted)

    @staff_event(MANAGE)
    def edit_email(self, staff: StaffCaller, introducer_id: str):
        """« Modifier l'adresse e-mail » opens the form on that introducer's line; « Annuler » (sent with no
        id) or the same button again closes it. Nothing is written."""
        wanted = parse_id(str(introducer_id))
        self.email_for = 0 if wanted is None or wanted == self.email_for else wanted
        self.email_error = ""

    @staff_event(MANAGE)
    def change_email(self, staff: StaffCaller, form: dict):
        """« Enregistrer l'adresse »: the introducer's new e-mail address (their sessions end, both addresses
        are told). A refusal stays next to the form, which stays open with what was typed."""
        wanted = parse_id(str(form.get("introducer", "")))
        if wanted is None or wanted != self.email_for:
            return  # a form the page no longer shows: already changed (a double click) or closed
        if self._apply(
            staff,
            introducer_admin.change_introducer_email,
            introducer_id=wanted,
            email=str(form.get("new_email", "")),  # checked whole, as the new introducer's
        ):
            self.email_for, self.email_error = 0, ""
            return
        self.email_error, self.error = self.error, ""
        self.email_refusals += 1
