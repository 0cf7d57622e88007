"""Mes salarié(e)s (guide 003): every employee of the caller's structures whatever their status, searched,
filtered by the status read today (the 6 of the guide), paged; each opens its fiche salarié(e).

The list is the Assurés query (``services.employees``) on its « tous » tab with a status filter. Every
handler needs VIEW_EMPLOYEES; what the browser sends (words, a status, a page) is only a wish read within
the guard's structures. The page's buttons to affiliate need MANAGE_EMPLOYEES, which ``can_manage`` says, as
does « Recevoir le suivi de ces affiliations » on the list of the affiliations nobody follows.
"""

from __future__ import annotations

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus
from ocso_app.services import employees, staff_record
from ocso_app.services.affiliation import STATUS_LABELS
from ocso_app.services.employees import EmployeeTab
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_count, paris_today
from ocso_app.services.ids import parse_id
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.employer.employees import employee_row

SEARCH_FIELD = "recherche"
STATUS_FIELD = "statut"
STATUS_PARAMETER = "statut"  # ?statut=a_relancer: the list opens filtered (Accueil's counters link there)
STATUS_CHOICES = [(status.value, label) for status, label in STATUS_LABELS.items()]
# ?suivi=orphelin: only the open affiliations whose « Suivi de l'affiliation » nobody receives any more
# (Accueil's « À suivre » links there); any other value is ignored
FOLLOW_PARAMETER, UNHEARD = "suivi", "orphelin"
UNHEARD_HREF = f"{routes.EMPLOYER_STAFF}?{FOLLOW_PARAMETER}={UNHEARD}"


def staff_href(status: AffiliationStatus) -> str:
    """The address of Mes salarié(e)s filtered by ``status``."""
    return f"{routes.EMPLOYER_STAFF}?{STATUS_PARAMETER}={status.value}"


def record_href(employee_id: int) -> str:
    """The address of an employee's fiche salarié(e) (its page checks the caller's rights on them)."""
    return f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}"


AFFILIATED_HREF = staff_href(AffiliationStatus.AFFILIATED)  # Accueil's « Assurés actifs »
PENDING_HREF = staff_href(AffiliationStatus.PENDING)
TO_REMIND_HREF = staff_href(AffiliationStatus.TO_REMIND)


TAKEN_OVER = (
    "Vous recevez désormais le suivi de {count} : leurs demandes de dispense et l'avis de fin d'affiliation "
    "arrivent à votre adresse e-mail."
)
NOTHING_TO_TAKE_OVER = "Aucune affiliation sans suivi à reprendre dans les structures que vous gérez."
TAKE_OVER_WHAT = (
    "Les demandes de dispense et l'avis de fin d'affiliation {whom} de cette liste (dans les structures dont "
    "vous gérez les salarié(e)s) seront envoyés à votre adresse e-mail, et vous en deviendrez le/la "
    "responsable du suivi."
)


def take_over_text(count: int) -> str:
    """The dialog of « Recevoir le suivi de ces affiliations »: the number the action will take over."""
    whom = "de 1 salarié(e)" if count == 1 else f"des {format_count(count)} salarié(e)s"
    return TAKE_OVER_WHAT.format(whom=whom)


def _known_status(wanted: str) -> str:
    """``wanted`` if it is one of the filter's statuses, else "" (everybody): it comes from the browser."""
    return wanted if any(value == wanted for value, _label in STATUS_CHOICES) else ""


class StaffState(EmployerState):
    """Display vars of Mes salarié(e)s: strings only."""

    search_text: str = ""
    status: str = ""
    page: int = 1
    pages: int = 1
    has_next: bool = False
    total_label: str = ""
    several_structures: bool = False
    rows: list[dict[str, str]] = []
    error: str = ""
    can_manage: bool = False
    # only the affiliations nobody follows (``?suivi=orphelin``), until the page opens again
    unheard: bool = False
    info: str = ""
    # what « Recevoir le suivi de ces affiliations » would take over of the list shown (``to_take_over``)
    take_over_count: int = 0
    take_over_text: str = ""

    def _query(self, page: int) -> employees.EmployeeQuery:
        return employees.parse_query(
            tab=EmployeeTab.ALL.value,
            search=self.search_text,
            status=self.status,
            page=page,
            unheard=self.unheard,
        )

    def _count_take_over(self, caller: EmployerCaller) -> None:
        """The dialog's number, counted by the action's own selection: the list shown (search, status), in the
        structures where the caller may change the fiche. Only on the list of the affiliations nobody
        follows, the one place the button is."""
        self.take_over_count, self.take_over_text = 0, ""
        managed = self._scope(caller, EmployerAction.MANAGE_EMPLOYEES)
        if not (self.unheard and managed):
            return
        try:
            query = self._query(1)
        except OcsoError:
            return
        with db_session() as session:
            count = len(
                staff_record.to_take_over(session, structure_ids=managed, query=query, today=paris_today())
            )
        self.take_over_count, self.take_over_text = count, take_over_text(count)

    def _show(self, structure_ids: tuple[int, ...], page: int) -> None:
        try:
            query = self._query(page)
        except OcsoError as error:
            self.error = error.message
            return
        with db_session() as session:
            found = employees.list_employees(
                session, structure_ids=structure_ids, query=query, today=paris_today()
            )
        self.error = ""
        self.rows = [{**employee_row(row), "href": record_href(row.id)} for row in found.rows]
        self.page, self.pages, self.has_next = found.page, found.pages, found.has_next
        self.total_label, self.several_structures = found.total_label, found.several_structures

    @scoped_event(EmployerAction.VIEW_EMPLOYEES, opens_page=True)
    def load(self, caller: EmployerCaller):
        """On opening the page (and when the header's structure changes): everybody, or those of the status
        the link names (``?statut=``), or the affiliations nobody follows (``?suivi=orphelin``), by name,
        page 1."""
        wanted = self.router.url.query_parameters
        self.search_text = ""
        self.status = _known_status(str(wanted.get(STATUS_PARAMETER, "")))
        self.unheard = str(wanted.get(FOLLOW_PARAMETER, "")) == UNHEARD
        self.can_manage = bool(self._scope(caller, EmployerAction.MANAGE_EMPLOYEES))
        self.info = ""
        self._show(caller.structure_ids, 1)
        self._count_take_over(caller)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def search(self, caller: EmployerCaller, form: dict):
        """« Rechercher »: the words typed (nom, prénom) and the status chosen, from page 1."""
        self.search_text = str(form.get(SEARCH_FIELD, ""))[:200]
        self.status = _known_status(str(form.get(STATUS_FIELD, "")))
        self._show(caller.structure_ids, 1)
        self._count_take_over(caller)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def change_page(self, caller: EmployerCaller, delta: int):
        """Next (+1) or previous (-1) page."""
        step = 1 if parse_id(str(delta).lstrip("+")) is not None else -1
        self._show(caller.structure_ids, max(1, self.page + step))

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def take_over_follow_up(self, caller: EmployerCaller):
        """« Recevoir le suivi de ces affiliations »: the caller's e-mail becomes both addresses of every open
        affiliation nobody follows that the list shows (its search and status), in the structures where they
        may change the fiche (as its « Suivi de l'affiliation »): the number the dialog said; then the list
        again, over every structure they see."""
        try:
            query = self._query(1)
        except OcsoError as error:
            self.error = error.message
            return
        with db_session() as session:
            taken = staff_record.take_over_follow_up(
                session,
                structure_ids=caller.structure_ids,
                actor=caller.actor(),
                query=query,
                today=paris_today(),
            )
        people = f"{format_count(taken)} affiliation{'s' if taken > 1 else ''}"
        self.info = TAKEN_OVER.format(count=people) if taken else NOTHING_TO_TAKE_OVER
        self._show(self._scope(caller, EmployerAction.VIEW_EMPLOYEES), 1)
        self._count_take_over(caller)
