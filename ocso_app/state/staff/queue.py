"""Démarches (Espace OCSO): the work queue of the caller's desks, filtered and paged.

Every handler goes through ``staff_event(HANDLE_REQUESTS)``: the desks come from the guard's role, never
from the browser; the filters the browser sends are checked by ``queue.parse_filters``.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from ocso_app.db import db_session
from ocso_app.services.errors import OcsoError
from ocso_app.services.requests import queue
from ocso_app.services.staff_access import DESK_LABELS, StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event

FILTERS = ("status", "kind", "desk", "age", "assignee", "search")
STATUS_PARAMETER = "statut"  # the address may open the queue on one status (Accueil's « Réponse reçue »)


def _choices(pairs) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in pairs]


class StaffQueueState(StaffState):
    """Display strings of the queue: the rows, the filters as chosen, their lists, the pager."""

    rows: list[dict[str, str]] = []
    status: str = queue.OPEN
    kind: str = ""
    desk: str = ""
    age: str = ""
    assignee: str = ""
    search: str = ""
    page: int = 1
    pages: int = 1
    has_next: bool = False
    total_label: str = ""
    kind_choices: list[dict[str, str]] = []
    desk_choices: list[dict[str, str]] = []
    several_desks: bool = False
    error: str = ""

    def _show(self, staff: StaffCaller, filters: queue.QueueFilters) -> None:
        with db_session() as session:
            found = queue.queue_page(
                session,
                desks=staff.desks,
                account_id=staff.account_id,
                filters=filters,
                now=datetime.now(UTC),
            )
        self.error = ""
        self.status, self.kind, self.desk = filters.status, filters.kind, filters.desk
        self.age, self.assignee, self.search = filters.age, filters.assignee, filters.search
        self.rows = [
            {**asdict(row), "late": "1" if row.late else "", "replied": "1" if row.replied else ""}
            for row in found.rows
        ]
        self.page, self.pages, self.has_next = found.page, found.pages, found.has_next
        self.total_label = found.total_label

    def _turn(self, staff: StaffCaller, page: int) -> None:
        """Show ``page`` with the filters shown now."""
        current = {name: getattr(self, name) for name in FILTERS}
        try:
            filters = queue.parse_filters(**current, page=page)
        except OcsoError:  # vars changed outside the form: start again from the default filters
            filters = queue.parse_filters()
        self._show(staff, filters)

    @staff_event(StaffAction.HANDLE_REQUESTS, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the queue: the démarches to treat, oldest first."""
        self.kind_choices = _choices(queue.kind_choices(staff.desks))
        self.desk_choices = _choices((d.value, DESK_LABELS[d]) for d in staff.desks)
        self.several_desks = len(staff.desks) > 1
        wanted = self.router.url.query_parameters.get(STATUS_PARAMETER, queue.OPEN)
        try:  # Accueil's « Voir les réponses reçues »; anything else in the address: the default filters
            filters = queue.parse_filters(status=str(wanted))
        except OcsoError:
            filters = queue.parse_filters()
        self._show(staff, filters)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    def filter(self, staff: StaffCaller, form: dict):
        """« Filtrer »: the filters chosen, from page 1."""
        try:
            # a field not drawn (the service choice of a single desk) comes as None
            filters = queue.parse_filters(**{name: str(form.get(name) or "") for name in FILTERS})
        except OcsoError as error:
            self.error = error.message
            return
        self._show(staff, filters)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    def next_page(self, staff: StaffCaller):
        """« Page suivante »."""
        self._turn(staff, self.page + 1)

    @staff_event(StaffAction.HANDLE_REQUESTS)
    def previous_page(self, staff: StaffCaller):
        """« Page précédente »."""
        self._turn(staff, max(1, self.page - 1))
