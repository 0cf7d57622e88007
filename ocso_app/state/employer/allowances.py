"""Indemnités journalières: the filters (paid between two dates, one employee), the page of arrêts de travail
with their payments, each with the link to its décompte, and the sums of the selection.

Every handler goes through ``scoped_event(VIEW_SICK_LEAVE)``: the structures come from the guard (narrowed to
the header's choice), never from the browser; what the browser sends (dates, employee, page) is validated by
the service within them. Views write no audit row; each décompte downloaded does (in its route's service).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import sick_leaves
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.sick_leaves import AllowanceFilters, LeaveRow, PaymentRow
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event

VIEW = EmployerAction.VIEW_SICK_LEAVE
STATUS_PARAMETER = "statut"  # ?statut=en_cours: the page opens on the arrêts en cours (Accueil's counter)
STATUS_CHOICES = [(sick_leaves.RUNNING, sick_leaves.STATUS_LABELS[sick_leaves.RUNNING])]
RUNNING_HREF = f"{routes.EMPLOYER_ALLOWANCES}?{STATUS_PARAMETER}={sick_leaves.RUNNING}"


def _known_status(wanted: str) -> str:
    """``wanted`` if it is one of the filter's statuses, else "" (every leave): it comes from the browser."""
    return wanted if any(value == wanted for value, _label in STATUS_CHOICES) else ""


@dataclass(frozen=True)
class PaymentLine(PaymentRow):
    """A payment as the page draws it: the service's strings and the address of its décompte."""

    pdf_href: str = ""


@dataclass(frozen=True)
class LeaveCard(LeaveRow):
    """An arrêt de travail as the page draws it, its payments with their links."""

    payments: list[PaymentLine] = field(default_factory=list)  # type: ignore[assignment]


def _fields(row: PaymentRow | LeaveRow) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in fields(row)}


def _leave(row: LeaveRow) -> LeaveCard:
    payments = [
        PaymentLine(**_fields(p), pdf_href=routes.API_EMPLOYER_ALLOWANCE_PDF.url(allowance_id=p.id))
        for p in row.payments
    ]
    return LeaveCard(**{**_fields(row), "payments": payments})


class AllowancesState(EmployerState):
    """Display vars of Indemnités journalières; nothing here is an ORM object."""

    start: str = ""
    end: str = ""
    employee: str = ""
    status: str = ""  # "" (every leave) or « en_cours »
    employee_options: list[dict[str, str]] = []
    leaves: list[LeaveCard] = []
    several_structures: bool = False
    leave_count: str = ""
    page: int = 1
    pages: int = 1
    has_next: bool = False
    totals: dict[str, str] = {}
    error: str = ""
    form_key: int = 0  # changed on load: the filter form is drawn anew, empty

    def _show(self, caller: EmployerCaller, filters: AllowanceFilters, page: int) -> None:
        with db_session() as session:
            view = sick_leaves.allowances_view(
                session, structure_ids=caller.structure_ids, filters=filters, today=paris_today(), page=page
            )
        self.leaves = [_leave(row) for row in view.leaves]
        self.several_structures = view.several_structures
        self.leave_count = sick_leaves.leaves_label(view.leave_count)
        self.page, self.pages, self.has_next = view.page, view.pages, view.has_next
        self.totals = view.totals.formatted()

    def _filters(self, caller: EmployerCaller) -> AllowanceFilters:
        with db_session() as session:
            return sick_leaves.parse_filters(
                session,
                structure_ids=caller.structure_ids,
                start=self.start,
                end=self.end,
                employee=self.employee,
                running_on=paris_today() if self.status == sick_leaves.RUNNING else None,
            )

    @scoped_event(VIEW, opens_page=True)
    def load(self, caller: EmployerCaller):
        """On opening the page (or choosing another structure): no filter but the status the link names
        (``?statut=en_cours``), the employees having a leave in the scope, the newest leaves first."""
        self.start = self.end = self.employee = self.error = ""
        self.status = _known_status(str(self.router.url.query_parameters.get(STATUS_PARAMETER, "")))
        self.form_key += 1
        with db_session() as session:
            options = sick_leaves.employee_options(session, structure_ids=caller.structure_ids)
        self.employee_options = [{"value": o.value, "label": o.label} for o in options]
        self._show(caller, self._filters(caller), 1)

    @scoped_event(VIEW)
    def search(self, caller: EmployerCaller, form: dict):
        """« Rechercher »: validate the filters and show the first page of the selection."""
        self.start, self.end = str(form.get("du", "")), str(form.get("au", ""))
        self.employee = str(form.get("salarie", ""))
        self.status = _known_status(str(form.get(STATUS_PARAMETER, "")))
        try:
            filters = self._filters(caller)
        except OcsoError as error:
            self.error = error.message
            return
        self.error = ""
        self._show(caller, filters, 1)

    @scoped_event(VIEW)
    def change_page(self, caller: EmployerCaller, delta: int):
        """Next (+1) or previous (-1) page of the current selection."""
        step = 1 if parse_id(str(delta).lstrip("+")) is not None else -1
        try:
            filters = self._filters(caller)
        except OcsoError as error:
            self.error = error.message
            return
        self._show(caller, filters, max(1, self.page + step))
