"""Espace OCSO (staff): who is connected and with which role; the staff tools come in a later issue."""

from __future__ import annotations

from ocso_app.models import AccountKind
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, page_load

ROLE_LABELS = {"admin": "Administrateur", "gestionnaire": "Gestionnaire", "consultation": "Consultation"}


class StaffState(SpaceState):
    """Parent of the staff pages' states: a logged-in OCSO staff account (authenticator passed)."""

    def _kind(self) -> AccountKind:
        return AccountKind.STAFF


class StaffHomeState(StaffState):
    role: str = ""

    @page_load
    def load(self, staff: Principal):
        self.role = ROLE_LABELS.get(staff.staff_role.value if staff.staff_role else "", "")
