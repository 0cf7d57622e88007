"""Espace OCSO (staff), Accueil: who is connected and with which role, and what waits on their desks."""

from __future__ import annotations

from datetime import UTC, datetime

from ocso_app.db import db_session
from ocso_app.services.formats import format_count
from ocso_app.services.requests import queue
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event

__all__ = ["StaffHomeState", "StaffState"]


class StaffHomeState(StaffState):
    """Accueil: the header's name and role, and the démarches waiting (when the role handles some)."""

    backlog: dict[str, str] = {}

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open Accueil (the header is filled by the guard)."""
        self.backlog = {}
        if not staff.may(StaffAction.HANDLE_REQUESTS):
            return
        with db_session() as session:
            waiting = queue.backlog(session, desks=staff.desks, now=datetime.now(UTC))
        self.backlog = {
            "open": format_count(waiting.open),
            "late": format_count(waiting.late),
            "unassigned": format_count(waiting.unassigned),
            "replied": format_count(waiting.replied),
        }
