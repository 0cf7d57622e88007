"""Espace OCSO (staff), Accueil: who is connected and with which role."""

from __future__ import annotations

from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event

__all__ = ["StaffHomeState", "StaffState"]


class StaffHomeState(StaffState):
    """Accueil: the header's name and role are all it shows."""

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open Accueil (the header is filled by the guard)."""
