"""Where Accueil of the Espace Employeur leads: each counter opens a view listing exactly what it counted
(the view's own ``load``, reading the link's address, counts the same number); the « À suivre » names open
their fiche salarié(e); the link of an affiliation à relancer says what it does, for whom; the latest
documents are downloaded by their title."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, DispenseDecision, DispenseRequest, Document, EmployerProfile
from ocso_app.models.base import utcnow
from ocso_app.services import sick_leaves
from ocso_app.services.employees import EmployeeTab
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.state.employer.allowances import AllowancesState
from ocso_app.state.employer.company import CONTRIBUTIONS_ANCHOR, CompanyState
from ocso_app.state.employer.employees import EmployeesState
from ocso_app.state.employer.home import COUNTER_HREFS, EmployerHomeState
from ocso_app.state.employer.staff import StaffState, record_href
from tests.builders import make_company, make_employee, make_employer
from tests.builders.contracts import make_company_document, make_contract, make_contribution
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave
from tests.state.test_employer_home_state import _opened
from tests.state.test_page_opening import _substate, _tab
from tests.state.test_radiation_cancellation_state import _caller

DAILY = Decimal("40")
LATE = timedelta(days=20)  # an invitation this old is « à relancer »


def _company_with_everything() -> tuple[int, int]:
    """A company with employees of every status, running and closed arrêts, paid and unpaid bordereaux:
    (its id, its HR administrator's id)."""
    today = paris_today()
    with db_session() as session:
        company = make_company(session)
        statuses = (
            [AffiliationStatus.AFFILIATED] * 3
            + [AffiliationStatus.EXEMPTED, AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY]
            + [AffiliationStatus.PENDING] * 2
        )
        staff = [make_employee(session, company=company, status=status) for status in statuses]
        staff[-1].invited_at = utcnow()  # en cours
        staff[-2].invited_at = utcnow() - LATE  # à relancer
        staff[5].portability_end_on = today + timedelta(days=40)
        ended = make_employee(session, company=company, status=AffiliationStatus.PORTABILITY)
        ended.portability_end_on = today - timedelta(days=1)  # radié(e) since this morning
        provident = make_provident_contract(session, company=company)
        for start, end in ((9, None), (90, 60)):  # days ago: running, closed
            make_sick_leave(
                session,
                employee=staff[0],
                contract=provident,
                start=today - timedelta(days=start),
                end=today - timedelta(days=end) if end else None,
                daily=DAILY,
            )
        health = make_contract(session, company=company)
        for due, paid in (("1000", "0"), ("500", "500"), ("800", "300")):
            make_contribution(
                session,
                contract=health,
                period_start=today - timedelta(days=60),
                period_end=today - timedelta(days=30),
                due=Decimal(due),
                paid=Decimal(paid),
                due_on=today + timedelta(days=10),
            )
        hr = make_employer(session, principal_of=(company,))
        make_employee(session, company=make_company(session))  # another company's: counted nowhere
        return company.id, hr.id


# The page each view's state belongs to.
ROUTES = {
    StaffState: routes.EMPLOYER_STAFF,
    EmployeesState: routes.EMPLOYER_EMPLOYEES,
    AllowancesState: routes.EMPLOYER_ALLOWANCES,
    CompanyState: routes.EMPLOYER_COMPANY,
}


def _open(state_class: type, href: str, account_id: int, action: EmployerAction) -> Any:
    """The page at ``href`` (that of ``state_class``) as its ``load`` fills it for the caller."""
    assert urlsplit(href).path == ROUTES[state_class]
    page = _substate(_tab(href), state_class)
    state_class.event_handlers["load"].fn.__wrapped__(page, _caller(account_id, action))
    return page


def _first_number(label: str) -> int:
    return int(label.split()[0].replace("\u202f", "").replace("\xa0", ""))


def test_each_accueil_counter_opens_a_view_listing_exactly_what_it_counted():
    _company_id, hr = _company_with_everything()
    home = _opened(hr)
    assert (home.active, home.portability, home.pending, home.to_remind) == ("3", "1", "1", "1")
    assert (home.sick_leaves, home.contributions) == ("1", "2")

    for counter in ("active", "pending", "to_remind"):  # Mes salarié(e)s, filtered by the status counted
        staff = _open(StaffState, COUNTER_HREFS[counter], hr, EmployerAction.VIEW_EMPLOYEES)
        assert _first_number(staff.total_label) == int(getattr(home, counter)), counter
    assert staff.status == AffiliationStatus.TO_REMIND.value  # the filter shown, which the user may clear

    insured = _open(EmployeesState, COUNTER_HREFS["portability"], hr, EmployerAction.VIEW_EMPLOYEES)
    assert insured.tab == EmployeeTab.PORTABILITY.value
    assert _first_number(insured.total_label) == int(home.portability)

    leaves = _open(AllowancesState, COUNTER_HREFS["sick_leaves"], hr, EmployerAction.VIEW_SICK_LEAVE)
    assert leaves.status == sick_leaves.RUNNING  # the filter « Arrêts : En cours », shown and clearable
    assert _first_number(leaves.leave_count) == int(home.sick_leaves) == len(leaves.leaves)
    assert {leave.status for leave in leaves.leaves} == {"En cours"}

    company = _open(CompanyState, COUNTER_HREFS["contributions"], hr, EmployerAction.VIEW_STRUCTURE)
    assert COUNTER_HREFS["contributions"] == f"{routes.EMPLOYER_COMPANY}#{CONTRIBUTIONS_ANCHOR}"
    unpaid = [row for row in company.contributions if row.status != "Réglé"]
    assert len(unpaid) == int(home.contributions)


def test_the_arrets_en_cours_filter_is_cleared_by_choosing_tous():
    _company_id, hr = _company_with_everything()
    leaves = _open(AllowancesState, COUNTER_HREFS["sick_leaves"], hr, EmployerAction.VIEW_SICK_LEAVE)
    AllowancesState.event_handlers["search"].fn.__wrapped__(
        leaves, _caller(hr, EmployerAction.VIEW_SICK_LEAVE), {"du": "", "au": "", "salarie": "", "statut": ""}
    )
    assert leaves.status == "" and _first_number(leaves.leave_count) == 2
    plain = _open(AllowancesState, routes.EMPLOYER_ALLOWANCES, hr, EmployerAction.VIEW_SICK_LEAVE)
    assert plain.status == "" and _first_number(plain.leave_count) == 2


def test_assures_opens_on_actifs_unless_the_link_names_a_tab_of_the_page():
    _company_id, hr = _company_with_everything()
    for href, tab in (
        (routes.EMPLOYER_EMPLOYEES, EmployeeTab.ACTIVE),
        (f"{routes.EMPLOYER_EMPLOYEES}?onglet={EmployeeTab.ALL.value}", EmployeeTab.ACTIVE),  # not a tab here
        (f"{routes.EMPLOYER_EMPLOYEES}?onglet=n'importe", EmployeeTab.ACTIVE),
    ):
        assert _open(EmployeesState, href, hr, EmployerAction.VIEW_EMPLOYEES).tab == tab.value


def _waiting_company() -> tuple[int, int, int, dict[str, int]]:
    """A company with an employee invited long ago, one never invited, a portabilité running and a dispense
    ending soon: (HR administrator, Consultation user, a document's id, the employees' ids by role)."""
    today = paris_today()
    with db_session() as session:
        company = make_company(session)
        late = make_employee(session, company=company, status=AffiliationStatus.PENDING, last_name="ADAM")
        late.invited_at = utcnow() - LATE
        never = make_employee(session, company=company, status=AffiliationStatus.PENDING, last_name="BRUN")
        leaving = make_employee(session, company=company, status=AffiliationStatus.PORTABILITY)
        leaving.portability_end_on = today + timedelta(days=20)
        exempted = make_employee(session, company=company, status=AffiliationStatus.EXEMPTED)
        session.add(
            DispenseRequest(
                employee_id=exempted.id,
                case="css",
                decision=DispenseDecision.ACCEPTED,
                ends_on=today + timedelta(days=10),
            )
        )
        document = make_company_document(session, company=company, title="Avenant 2027")
        hr = make_employer(session, principal_of=(company,)).id
        viewer = make_employer(session, grants={company: EmployerProfile.READ_ONLY}).id
        ids = {"late": late.id, "never": never.id, "leaving": leaving.id, "exempted": exempted.id}
        return hr, viewer, document.id, ids


def test_the_names_under_a_suivre_open_their_fiche_and_the_documents_their_download():
    hr, _viewer, document_id, ids = _waiting_company()
    home = _opened(hr)
    assert [p["href"] for p in home.follow_portabilities] == [record_href(ids["leaving"])]
    assert [e["href"] for e in home.follow_expiring] == [record_href(ids["exempted"])]
    assert [d["href"] for d in home.documents] == [routes.API_EMPLOYER_DOCUMENT.url(document_id=document_id)]


def test_the_link_of_an_affiliation_a_relancer_says_it_opens_the_fiche_and_whose():
    hr, viewer, _document_id, ids = _waiting_company()
    manager_rows = {r["href"]: r for r in _opened(hr).follow_to_remind}
    late, never = manager_rows[record_href(ids["late"])], manager_rows[record_href(ids["never"])]
    assert late["action"] == "Ouvrir la fiche pour relancer"
    assert late["action_label"] == f"Ouvrir la fiche pour relancer : {late['name']}"
    assert never["action"] == "Ouvrir la fiche pour reprendre"
    assert never["action_label"] == f"Ouvrir la fiche pour reprendre : {never['name']}"
    # Consultation: the fiche offers no relance, and the link does not promise one
    viewer_rows = _opened(viewer).follow_to_remind
    assert {r["action"] for r in viewer_rows} == {"Voir la fiche"}
    expected = {f"Voir la fiche d'{late['name']}", f"Voir la fiche de {never['name']}"}
    assert {r["action_label"] for r in viewer_rows} == expected


def test_a_document_opened_from_accueil_is_no_longer_new_there_nor_in_the_menu():
    """Downloading one of « Derniers documents » left its « Nouveau » badge, and the menu's count, until
    Accueil was opened again: the click now records it (as on Documents), then downloads."""
    hr, _viewer, document_id, _ids = _waiting_company()
    with db_session() as session:
        other = make_company_document(session, company=make_company(session), title="D'une autre entreprise")
        other_id = other.id
    home = _opened(hr)
    home._open_page(_caller(hr, EmployerAction.VIEW_STRUCTURE))  # the menu's count, as the page's guard does
    assert [d["new"] for d in home.documents] == ["Nouveau"] and home.unread_documents == 1
    opened = EmployerHomeState.event_handlers["open_document"].fn.__wrapped__(
        home, _caller(hr, EmployerAction.VIEW_STRUCTURE), str(document_id)
    )
    assert [d["new"] for d in home.documents] == [""] and home.unread_documents == 0
    assert routes.API_EMPLOYER_DOCUMENT.url(document_id=document_id) in str(opened)
    assert _opened(hr).documents[0]["new"] == ""  # recorded, not only on screen
    # another company's document: nothing opened, nothing written
    refused = EmployerHomeState.event_handlers["open_document"].fn.__wrapped__(
        home, _caller(hr, EmployerAction.VIEW_STRUCTURE), str(other_id)
    )
    assert refused is None and [d["id"] for d in home.documents] == [str(document_id)]
    with db_session() as session:
        assert session.get(Document, other_id).read_at is None
