"""Comptes OCSO (Espace OCSO): the collaborators' accounts with their role, state and authenticator, a form
to create one (its temporary password is e-mailed), a role changed, an account deactivated or reactivated.
Administrators only (``MANAGE_STAFF``); the rules are ``services.staff_accounts``."""

from __future__ import annotations

from collections.abc import Callable

from ocso_app.db import db_session
from ocso_app.services import staff_accounts
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, apply_change, staff_event
from ocso_app.workers import off_loop


def _row(line: staff_accounts.StaffAccountLine) -> dict[str, str]:
    return {
        "id": str(line.account_id),
        "name": line.full_name,
        "email": line.email,
        "role": line.role,
        "role_label": line.role_label,
        "status": line.status_label,
        "active": "1" if line.is_active else "",
        "authenticator": "Enregistrée" if line.has_authenticator else "À la première connexion",
        "self": "1" if line.is_self else "",
    }


class StaffAccountsState(StaffState):
    """The list, the creation form's generation (a new one empties it), the messages."""

    accounts: list[dict[str, str]] = []
    generation: int = 0
    error: str = ""
    info: str = ""

    def _list(self, staff: StaffCaller) -> None:
        with db_session() as session:
            lines = staff_accounts.staff_accounts(session, viewer_id=staff.account_id)
        self.accounts = [_row(line) for line in lines]

    def _apply(self, staff: StaffCaller, change: Callable[..., str], **arguments: object) -> bool:
        """Run one service change (``apply_change``); the list again when it was made."""
        made = apply_change(self, staff, change, **arguments)
        if made:
            self._list(staff)
        return made

    @staff_event(StaffAction.MANAGE_STAFF, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the list and an empty form."""
        self.error = self.info = ""
        self.generation += 1
        self._list(staff)

    @staff_event(StaffAction.MANAGE_STAFF)
    @off_loop  # bcrypt (the temporary password)
    def create(self, staff: StaffCaller, form: dict):
        """« Créer le compte »."""
        created = self._apply(
            staff,
            staff_accounts.create_staff_account,
            first_name=str(form.get("first_name", "")),
            last_name=str(form.get("last_name", "")),
            email=str(form.get("email", "")),
            role=str(form.get("role", "")),
        )
        if created:
            self.generation += 1

    def _account_id(self, value: object) -> int | None:
        wanted = parse_id(str(value))
        if wanted is None:
            self.error, self.info = staff_accounts.UNKNOWN_ACCOUNT, ""
        return wanted

    @staff_event(StaffAction.MANAGE_STAFF)
    def change_role(self, staff: StaffCaller, form: dict):
        """« Changer le rôle » of one row."""
        wanted = self._account_id(form.get("account", ""))
        if wanted is not None:
            self._apply(staff, staff_accounts.change_role, account_id=wanted, role=str(form.get("role", "")))

    @staff_event(StaffAction.MANAGE_STAFF)
    def deactivate(self, staff: StaffCaller, account_id: str):
        """« Désactiver » (confirmed in a dialog): no more logins, their sessions end now."""
        wanted = self._account_id(account_id)
        if wanted is not None:
            self._apply(staff, staff_accounts.deactivate, account_id=wanted)

    @staff_event(StaffAction.MANAGE_STAFF)
    def reactivate(self, staff: StaffCaller, account_id: str):
        """« Réactiver »."""
        wanted = self._account_id(account_id)
        if wanted is not None:
            self._apply(staff, staff_accounts.reactivate, account_id=wanted)
