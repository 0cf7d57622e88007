"""Assurés: the two tabs, the search, the sort and the pages of the employees of the caller's structures,
the « Détail santé » of one of them, and the selection for the attestations d'adhésion.

Every handler goes through ``scoped_event(VIEW_EMPLOYEES)``: the structures come from the guard (narrowed
by the header's choice), never from the browser. What the browser sends (tab, words, sort key, page, an
employee id) is only a wish the service reads within those structures.
"""

from __future__ import annotations

from dataclasses import asdict

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import employees
from ocso_app.services.attestation_pdf import MAX_ATTESTATIONS, TOO_MANY
from ocso_app.services.employees import EmployeeFile, EmployeeQuery, EmployeeRow
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event

SEARCH_FIELD = "recherche"
ASCENDING, DESCENDING = "asc", "desc"
TAB_PARAMETER = "onglet"  # ?onglet=portabilite: the page opens on that tab (Accueil's counter links there)
PORTABILITY_HREF = f"{routes.EMPLOYER_EMPLOYEES}?{TAB_PARAMETER}={employees.EmployeeTab.PORTABILITY.value}"


def _known_tab(wanted: str) -> str:
    """``wanted`` if it is one of the page's tabs, else Actifs: it comes from the browser (link, click)."""
    tab = employees.parse_query(tab=wanted).tab
    return tab.value if tab in employees.TAB_LABELS else employees.EmployeeTab.ACTIVE.value


def employee_row(row: EmployeeRow) -> dict[str, str]:
    """One line of a list of employees as the page draws it (Assurés, Mes salarié(e)s)."""
    return {
        "id": str(row.id),
        "name": f"{row.last_name} {row.first_name}",
        "last_name": row.last_name,
        "first_name": row.first_name,
        "birth_date": row.birth_date,
        "structure": row.structure,
        "contracts": row.contracts,
        "category": row.category,
        "adhesion_date": row.adhesion_date,
        "status": row.status,
        "status_code": row.status_code,
        "portability_end": row.portability_end,
        "has_health": "1" if row.has_health else "",
        "pdf_href": routes.API_EMPLOYER_ATTESTATION.url(employee_id=row.id) if row.has_contract else "",
    }


def _detail(file: EmployeeFile) -> dict[str, str]:
    health = file.health
    return {
        "id": str(file.employee_id),
        "name": f"{file.civility} {file.first_name} {file.last_name}",
        "civility": file.civility,
        "last_name": file.last_name,
        "first_name": file.first_name,
        "birth_date": file.birth_date,
        "nir": file.nir_masked,
        "structure": file.company_name,
        "status": file.status,
        "contract": health.contract if health else "",
        "number": health.number if health else "",
        "insurer": health.insurer if health else "",
        "option": health.option if health else "",
        "start_date": file.adhesion_date,  # the fiche's: « — » until the employee affiliates
        "pdf_href": routes.API_EMPLOYER_ATTESTATION.url(employee_id=file.employee_id),
    }


class EmployeesState(EmployerState):
    """Display vars of Assurés: strings only, nothing the page does not draw."""

    tab: str = employees.EmployeeTab.ACTIVE.value
    search_text: str = ""
    sort: str = employees.SortKey.NAME.value
    direction: str = ASCENDING
    page: int = 1
    pages: int = 1
    has_next: bool = False
    total_label: str = ""
    several_structures: bool = False
    rows: list[dict[str, str]] = []
    error: str = ""
    detail_open: bool = False
    detail: dict[str, str] = {}
    detail_people: list[dict[str, str]] = []
    selected: list[str] = []
    selection_href: str = ""
    _selectable: list[str] = []  # this page's employees with a contract to attest

    def _query(self, page: int) -> EmployeeQuery:
        return employees.parse_query(
            tab=self.tab, search=self.search_text, sort=self.sort, direction=self.direction, page=page
        )

    def _show(self, caller: EmployerCaller, page: int) -> None:
        try:
            query = self._query(page)
        except OcsoError as error:
            self.error = error.message
            return
        with db_session() as session:
            found = employees.list_employees(
                session, structure_ids=caller.structure_ids, query=query, today=paris_today()
            )
        self.error = ""
        self.rows = [employee_row(row) for row in found.rows]
        self._selectable = [str(row.id) for row in found.rows if row.has_contract]
        self.page, self.pages, self.has_next = found.page, found.pages, found.has_next
        self.total_label, self.several_structures = found.total_label, found.several_structures
        self._close_detail()

    def _close_detail(self) -> None:
        self.detail_open, self.detail, self.detail_people = False, {}, []

    def _select(self, ids: list[str]) -> None:
        if len(ids) > MAX_ATTESTATIONS:
            self.error = TOO_MANY
            return
        self.error = ""
        self.selected = ids
        query = {"salaries": ",".join(ids)}
        self.selection_href = routes.API_EMPLOYER_ATTESTATIONS.url(query) if ids else ""

    @scoped_event(EmployerAction.VIEW_EMPLOYEES, opens_page=True)
    def load(self, caller: EmployerCaller):
        """On opening the page (and when the header's structure changes): the tab the link names
        (``?onglet=portabilite``), else Actifs, by name, page 1."""
        wanted = str(self.router.url.query_parameters.get(TAB_PARAMETER, ""))
        self.tab, self.search_text = _known_tab(wanted), ""
        self.sort, self.direction = employees.SortKey.NAME.value, ASCENDING
        self._select([])
        self._show(caller, 1)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def search(self, caller: EmployerCaller, form: dict):
        """« Rechercher »: the words typed, in nom or prénom, from page 1."""
        self.search_text = str(form.get(SEARCH_FIELD, ""))[:200]
        self._show(caller, 1)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def choose_tab(self, caller: EmployerCaller, tab: str):
        """Actifs / En portabilité, from page 1 (the search and the sort stay)."""
        self.tab = _known_tab(str(tab))
        self._show(caller, 1)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def sort_by(self, caller: EmployerCaller, key: str):
        """A column's heading: sort by it, or the other way round when it is already the sort."""
        wanted = employees.parse_query(sort=str(key)).sort.value
        if wanted == self.sort:
            self.direction = ASCENDING if self.direction == DESCENDING else DESCENDING
        else:
            self.sort, self.direction = wanted, ASCENDING
        self._show(caller, 1)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def change_page(self, caller: EmployerCaller, delta: int):
        """Next (+1) or previous (-1) page."""
        step = 1 if parse_id(str(delta).lstrip("+")) is not None else -1
        self._show(caller, max(1, self.page + step))

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def show_detail(self, caller: EmployerCaller, employee_id: str):
        """« Détail santé » of an employee of the caller's structures (checked by the service); nothing for
        anybody else."""
        wanted = parse_id(str(employee_id))
        self._close_detail()
        if wanted is None:
            return
        with db_session() as session:
            file = employees.health_detail(
                session,
                actor=caller.actor(),
                structure_ids=caller.structure_ids,
                employee_id=wanted,
                today=paris_today(),
            )
        if file is not None:
            self.detail_open, self.detail = True, _detail(file)
            self.detail_people = [asdict(person) for person in file.beneficiaries]

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def hide_detail(self, _caller: EmployerCaller, still_open: bool = False):
        """The Détail santé's « Fermer », Échap or a click beside it (the dialog sends ``False``)."""
        if not still_open:
            self._close_detail()

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def toggle_selection(self, _caller: EmployerCaller, employee_id: str):
        """Tick or untick an employee of this page for « Télécharger les attestations »."""
        wanted = str(parse_id(str(employee_id)) or "")
        if wanted in self.selected:
            self._select([i for i in self.selected if i != wanted])
        elif wanted in self._selectable:
            self._select([*self.selected, wanted])

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def select_page(self, _caller: EmployerCaller):
        """Tick every employee of this page who has a contract."""
        self._select(list(dict.fromkeys([*self.selected, *self._selectable])))

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def refresh(self, caller: EmployerCaller):
        """After a radiation: this page again, nobody selected."""
        self._select([])
        self._show(caller, self.page)

    @scoped_event(EmployerAction.VIEW_EMPLOYEES)
    def clear_selection(self, _caller: EmployerCaller):
        """Untick everybody."""
        self._select([])
