"""Mes salarié(e)s opened from a link that names a status (Accueil's « Affiliations en cours » and
« Affiliations à relancer ») or the affiliations nobody follows (« À suivre »): the list opens filtered by
it, the filter shown chosen; an unknown status or filter in the URL is ignored (everybody), as a forged one
would be."""

from __future__ import annotations

import inspect
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, AuditEvent, Company, Employee, EmployerGrant, EmployerProfile
from ocso_app.models.base import utcnow
from ocso_app.services import employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.base import is_guarded
from ocso_app.state.employer.base import ALL_STRUCTURES, NEEDS
from ocso_app.state.employer.staff import (
    FOLLOW_PARAMETER,
    STATUS_PARAMETER,
    UNHEARD,
    UNHEARD_HREF,
    StaffState,
    staff_href,
)
from tests.builders import make_company, make_employee, make_employer
from tests.state.test_radiation_cancellation_state import _caller


class Staff(SimpleNamespace):
    """The list's state as its ``load`` sees it, opened at ``?statut=<status>``."""

    def __init__(self, status: str, **parameters: str) -> None:
        super().__init__(**{name: field.default for name, field in StaffState.__fields__.items()})
        self.current_structure = ALL_STRUCTURES
        wanted = {STATUS_PARAMETER: status, **parameters}
        self.router = SimpleNamespace(url=SimpleNamespace(query_parameters=wanted))
        for name in ("_show", "_scope", "_chosen", "_count_take_over", "_query"):
            setattr(self, name, getattr(StaffState, name).__get__(self))


def _company() -> int:
    with db_session() as session:
        company = make_company(session)
        make_employee(session, company=company, last_name="AFFILIEE")
        make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=utcnow(),
            last_name="ENCOURS",
        )
        make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=utcnow() - timedelta(days=20),
            last_name="ARELANCER",
        )
        return make_employer(session, principal_of=(company,)).id


def _opened(hr_id: int, status: str, **parameters: str) -> Staff:
    staff = Staff(status, **parameters)
    StaffState.event_handlers["load"].fn.__wrapped__(staff, _caller(hr_id, EmployerAction.VIEW_EMPLOYEES))
    return staff


def test_the_list_opens_filtered_by_the_status_the_link_names():
    hr_id = _company()
    late = _opened(hr_id, AffiliationStatus.TO_REMIND.value)
    assert late.status == AffiliationStatus.TO_REMIND.value
    assert [row["last_name"] for row in late.rows] == ["ARELANCER"]
    pending = _opened(hr_id, AffiliationStatus.PENDING.value)
    assert [row["last_name"] for row in pending.rows] == ["ENCOURS"]


def test_an_unknown_status_in_the_link_shows_everybody():
    hr_id = _company()
    everybody = _opened(hr_id, "<script>")
    assert everybody.status == "" and len(everybody.rows) == 3


def test_the_link_to_a_status():
    assert staff_href(AffiliationStatus.TO_REMIND) == f"{routes.EMPLOYER_STAFF}?statut=a_relancer"


def _unfollowed_company() -> int:
    """A company with an employee whose addresses a user who left chose, and one followed by its HR user."""
    with db_session() as session:
        company = make_company(session)
        hr = make_employer(session, principal_of=(company,))
        gone = make_employer(session, principal_of=(company,))
        gone.is_active = False
        for chooser, name in ((gone, "ORPHELIN"), (hr, "SUIVI")):
            employee = make_employee(
                session,
                company=company,
                status=AffiliationStatus.PENDING,
                invited_at=utcnow(),
                last_name=name,
            )
            employee.dispense_email, employee.invited_by_account_id = chooser.email, chooser.id
        make_employee(session, company=company, last_name="AFFILIEE")
        return hr.id


def test_the_list_opens_on_the_affiliations_nobody_follows():
    hr_id = _unfollowed_company()
    unfollowed = _opened(hr_id, "", **{FOLLOW_PARAMETER: UNHEARD})
    assert unfollowed.unheard and [row["last_name"] for row in unfollowed.rows] == ["ORPHELIN"]


def test_the_link_to_the_affiliations_nobody_follows():
    assert UNHEARD_HREF.endswith("?suivi=orphelin") and UNHEARD_HREF.startswith(routes.EMPLOYER_STAFF)


def test_an_unknown_follow_up_filter_shows_everybody():
    hr_id = _unfollowed_company()
    for forged in ("orphelins", "<script>", ""):
        everybody = _opened(hr_id, "", **{FOLLOW_PARAMETER: forged})
        assert not everybody.unheard and len(everybody.rows) == 3


def _written(account_id: int) -> tuple:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(AuditEvent.account_id == account_id)),
            session.scalars(
                select(Employee.last_name).where(Employee.invited_by_account_id == account_id)
            ).all(),
        )


def test_the_take_over_handler_needs_the_right_to_change_the_fiche_and_takes_no_id():
    handler = StaffState.event_handlers["take_over_follow_up"].fn
    assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.MANAGE_EMPLOYEES
    assert list(inspect.signature(handler).parameters) == ["self"]  # the browser sends nothing


def test_hr_receives_the_follow_up_of_the_listed_affiliations():
    hr_id = _unfollowed_company()
    staff = _opened(hr_id, "", **{FOLLOW_PARAMETER: UNHEARD})
    StaffState.event_handlers["take_over_follow_up"].fn.__wrapped__(
        staff, _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES)
    )
    assert staff.info.startswith("Vous recevez désormais le suivi de 1 affiliation :")
    assert staff.rows == []  # nobody left whose follow-up nobody receives
    assert sorted(_written(hr_id)[1]) == ["ORPHELIN", "SUIVI"] and _written(hr_id)[0] == 1


def test_a_viewer_is_refused_by_the_guard_and_nothing_is_written():
    """The guard gives a read-only profile no MANAGE_EMPLOYEES scope: the handler never runs."""
    hr_id = _unfollowed_company()
    with db_session() as session:
        company = session.scalars(
            select(EmployerGrant.company_id).where(EmployerGrant.account_id == hr_id)
        ).one()
        viewer = make_employer(session, grants={session.get(Company, company): EmployerProfile.READ_ONLY}).id
        grants = employer_access.granted_structures(session, account_id=viewer)
    assert employer_access.scope_of(grants, account_id=viewer, action=EmployerAction.MANAGE_EMPLOYEES) is None
    assert _written(viewer) == (0, [])


def test_the_take_over_dialog_states_the_number_and_the_action_keeps_to_the_search():
    """Narrowed by a search, « Recevoir le suivi de ces affiliations » names the number the action takes
    (computed on the server, as the action counts), and takes only those (before: every unfollowed
    affiliation of the structures, whatever the search)."""
    hr_id = _unfollowed_company()
    with db_session() as session:
        company = session.scalars(
            select(EmployerGrant.company_id).where(EmployerGrant.account_id == hr_id)
        ).one()
        gone = session.scalars(
            select(Employee.invited_by_account_id).where(
                Employee.last_name == "ORPHELIN", Employee.company_id == company
            )
        ).one()
        other = make_employee(
            session,
            company=session.get(Company, company),
            status=AffiliationStatus.PENDING,
            invited_at=utcnow(),
            last_name="DELAISSE",
        )
        other.dispense_email, other.invited_by_account_id = "parti@example.org", gone
        session.flush()
        other_id = other.id
    staff = _opened(hr_id, "", **{FOLLOW_PARAMETER: UNHEARD})
    assert staff.take_over_count == 2 and "2 salarié(e)s" in staff.take_over_text
    StaffState.event_handlers["search"].fn.__wrapped__(
        staff, _caller(hr_id, EmployerAction.VIEW_EMPLOYEES), {"recherche": "orphelin", "statut": ""}
    )
    assert [row["last_name"] for row in staff.rows] == ["ORPHELIN"]
    assert staff.take_over_count == 1 and "1 salarié(e) " in staff.take_over_text
    StaffState.event_handlers["take_over_follow_up"].fn.__wrapped__(
        staff, _caller(hr_id, EmployerAction.MANAGE_EMPLOYEES)
    )
    assert staff.info.startswith("Vous recevez désormais le suivi de 1 affiliation :")
    with db_session() as session:
        assert session.scalar(select(Employee.invited_by_account_id).where(Employee.id == other_id)) == gone
