"""Espace OCSO (staff): who is connected and with which role; the staff tools come in a later issue."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.models import AccountKind
from ocso_app.state.base import SessionState

ROLE_LABELS = {"admin": "Administrateur", "gestionnaire": "Gestionnaire", "consultation": "Consultation"}


class StaffHomeState(SessionState):
    role: str = ""

    @rx.event
    def load(self):
        principal = self._require(AccountKind.STAFF)
        if principal is None:
            return self._to_login(routes.STAFF_LOGIN)
        self.user_name = principal.display_name
        self.role = ROLE_LABELS.get(principal.staff_role.value if principal.staff_role else "", "")
        return None
