"""The fiche salarié(e) opened from a link (an e-mail's ``?salarie=N``, Accueil) while the header has one
structure chosen: an employee of another of the caller's structures opens, on their structure, which
becomes the chosen one and is named, when the caller's profile there opens fiches; another company's
employee, or one of a structure where the profile does not see the employees, stays « introuvable » and the
header's choice does not move."""

from __future__ import annotations

import pytest

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import AccountKind, Company, EmployerProfile
from ocso_app.services import audit, employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import Principal
from ocso_app.state.employer.base import EmployerCaller
from ocso_app.state.employer.staff import record_href
from ocso_app.state.employer.staff_record import OTHER_STRUCTURE, StaffRecordState
from tests.builders import make_company, make_employee, make_employer
from tests.state.test_page_opening import _substate, _tab

ADMIN, VIEWER = EmployerProfile.ADMIN, EmployerProfile.READ_ONLY


def _chosen_caller(account_id: int, chosen: int) -> EmployerCaller:
    """The caller the guard gives the fiche's ``load`` while the header has ``chosen`` selected."""
    with db_session() as session:
        grants = employer_access.granted_structures(session, account_id=account_id)
    scope = employer_access.scope_of(
        grants, account_id=account_id, action=EmployerAction.VIEW_EMPLOYEES, chosen=chosen
    )
    assert scope is not None
    principal = Principal(account_id, AccountKind.EMPLOYER, "RH", 0)
    return EmployerCaller(principal, scope, tuple(grants), audit.Actor(account_id=account_id))


def _opened(account_id: int, chosen: int, employee_id: int) -> StaffRecordState:
    fiche = _substate(_tab(record_href(employee_id)), StaffRecordState)
    fiche.current_structure = str(chosen)
    StaffRecordState.event_handlers["load"].fn.__wrapped__(fiche, _chosen_caller(account_id, chosen))
    return fiche


def _group(merignac_profile: EmployerProfile) -> tuple[int, int, int, str, int]:
    """Bayonne (administrator) and Mérignac (``merignac_profile``) of one user, a Mérignac employee and
    another company's: (Bayonne, the user, the Mérignac employee, Mérignac's name, the stranger)."""
    with db_session() as session:
        bayonne, merignac, other = make_company(session), make_company(session), make_company(session)
        user = make_employer(session, grants={bayonne: ADMIN, merignac: merignac_profile})
        employee = make_employee(session, company=merignac)
        stranger = make_employee(session, company=other)
        return bayonne.id, user.id, employee.id, merignac.name, stranger.id


@pytest.mark.parametrize(
    ("profile", "manages"), [(ADMIN, True), (EmployerProfile.STAFF_MANAGEMENT, True), (VIEWER, False)]
)
def test_a_link_to_an_employee_of_another_of_the_users_structures_opens_it_there(profile, manages):
    bayonne, user, employee, merignac_name, _stranger = _group(profile)
    fiche = _opened(user, bayonne, employee)
    assert fiche.found and fiche.identity["structure"] == merignac_name
    assert fiche.info == OTHER_STRUCTURE.format(structure=merignac_name)
    assert fiche.current_structure != str(bayonne)  # the header now has Mérignac chosen
    assert any(c["value"] == fiche.current_structure for c in fiche.structure_choices)
    assert fiche.can_manage is manages


@pytest.mark.parametrize("profile", [EmployerProfile.CONTRIBUTIONS, EmployerProfile.SICK_LEAVE])
def test_an_employee_of_a_structure_where_the_profile_sees_no_employee_stays_introuvable(profile):
    bayonne, user, employee, _name, _stranger = _group(profile)
    fiche = _opened(user, bayonne, employee)
    assert not fiche.found and fiche.identity == {} and fiche.info == ""
    assert fiche.current_structure == str(bayonne)


def test_another_companys_employee_stays_introuvable_and_the_choice_does_not_move():
    bayonne, user, _employee, _name, stranger = _group(ADMIN)
    fiche = _opened(user, bayonne, stranger)
    assert not fiche.found and fiche.identity == {} and fiche.info == ""
    assert fiche.current_structure == str(bayonne)


def test_an_employee_of_the_chosen_structure_opens_without_a_word_about_it():
    bayonne, user, _employee, _name, _stranger = _group(ADMIN)
    with db_session() as session:
        here = make_employee(session, company=session.get(Company, bayonne)).id
    fiche = _opened(user, bayonne, here)
    assert fiche.found and fiche.info == "" and fiche.current_structure == str(bayonne)
