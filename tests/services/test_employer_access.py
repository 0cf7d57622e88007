"""What each employer profile may do (the one table) and the per-structure check the employer guards use."""

from __future__ import annotations

import pytest

from ocso_app.models import EmployerProfile
from ocso_app.services import employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import AccessDenied
from tests.builders import make_company, make_employer


def test_only_the_administrator_profile_may_administer_users():
    allowed = {p for p in EmployerProfile if employer_access.allows(p, EmployerAction.ADMINISTER_USERS)}
    assert allowed == {EmployerProfile.ADMIN}


def test_read_only_profile_sees_everything_and_changes_nothing():
    profile = EmployerProfile.READ_ONLY
    assert employer_access.allows(profile, EmployerAction.VIEW_EMPLOYEES)
    assert employer_access.allows(profile, EmployerAction.VIEW_SICK_LEAVE)
    assert employer_access.allows(profile, EmployerAction.VIEW_CONTRIBUTIONS)
    for action in (
        EmployerAction.MANAGE_EMPLOYEES,
        EmployerAction.MANAGE_SICK_LEAVE,
        EmployerAction.MANAGE_CONTRIBUTIONS,
        EmployerAction.ADMINISTER_USERS,
    ):
        assert not employer_access.allows(profile, action), action


def test_each_specialised_profile_manages_only_its_own_domain():
    assert employer_access.allows(EmployerProfile.STAFF_MANAGEMENT, EmployerAction.MANAGE_EMPLOYEES)
    assert not employer_access.allows(EmployerProfile.STAFF_MANAGEMENT, EmployerAction.VIEW_SICK_LEAVE)
    assert employer_access.allows(EmployerProfile.SICK_LEAVE, EmployerAction.MANAGE_SICK_LEAVE)
    assert not employer_access.allows(EmployerProfile.SICK_LEAVE, EmployerAction.VIEW_EMPLOYEES)
    assert employer_access.allows(EmployerProfile.CONTRIBUTIONS, EmployerAction.MANAGE_CONTRIBUTIONS)
    assert not employer_access.allows(EmployerProfile.CONTRIBUTIONS, EmployerAction.MANAGE_EMPLOYEES)


def test_every_profile_has_a_row_in_the_table():
    assert set(employer_access.PERMISSIONS) == set(EmployerProfile)


def test_grant_is_checked_on_that_structure_and_for_that_action(db):
    company, other = make_company(db), make_company(db)
    account = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    grant = employer_access.require(
        db, account_id=account.id, company_id=company.id, action=EmployerAction.VIEW_EMPLOYEES
    )
    assert (grant.company_id, grant.profile, grant.is_principal) == (
        company.id,
        EmployerProfile.READ_ONLY,
        False,
    )
    with pytest.raises(AccessDenied) as refused:
        employer_access.require(
            db, account_id=account.id, company_id=company.id, action=EmployerAction.MANAGE_EMPLOYEES
        )
    assert refused.value.message == employer_access.NO_ACCESS
    assert (
        employer_access.grant_for(
            db, account_id=account.id, company_id=other.id, action=EmployerAction.VIEW_STRUCTURE
        )
        is None
    )


def test_structures_allowing_lists_only_the_structures_where_the_profile_allows_the_action(db):
    first, second, third = make_company(db), make_company(db), make_company(db)
    account = make_employer(
        db,
        grants={
            first: EmployerProfile.SICK_LEAVE,
            second: EmployerProfile.STAFF_MANAGEMENT,
            third: EmployerProfile.ADMIN,
        },
    )
    allowing = employer_access.structures_allowing(
        db, account_id=account.id, action=EmployerAction.MANAGE_EMPLOYEES
    )
    assert allowing == sorted([second.id, third.id])


def test_scope_holds_only_the_structures_whose_profile_allows_the_action(db):
    payroll, sick, elsewhere = make_company(db), make_company(db), make_company(db)
    account = make_employer(
        db, grants={payroll: EmployerProfile.CONTRIBUTIONS, sick: EmployerProfile.SICK_LEAVE}
    )
    scope = employer_access.scope_for(db, account_id=account.id, action=EmployerAction.VIEW_SICK_LEAVE)
    assert scope is not None and scope.structure_ids == (sick.id,)
    assert scope.covers(sick.id) and not scope.covers(payroll.id) and not scope.covers(elsewhere.id)
    assert employer_access.scope_for(db, account_id=account.id, action=EmployerAction.VIEW_EMPLOYEES) is None


def test_scope_narrows_to_the_chosen_structure_and_refuses_one_not_allowing_the_action(db):
    first, second = make_company(db), make_company(db)
    account = make_employer(db, grants={first: EmployerProfile.ADMIN, second: EmployerProfile.CONTRIBUTIONS})
    everywhere = employer_access.scope_for(db, account_id=account.id, action=EmployerAction.VIEW_STRUCTURE)
    assert everywhere is not None and set(everywhere.structure_ids) == {first.id, second.id}
    chosen = employer_access.scope_for(
        db, account_id=account.id, action=EmployerAction.VIEW_STRUCTURE, chosen=second.id
    )
    assert chosen is not None and chosen.structure_ids == (second.id,)
    assert (
        employer_access.scope_for(
            db, account_id=account.id, action=EmployerAction.VIEW_EMPLOYEES, chosen=second.id
        )
        is None
    )


def test_menu_actions_follow_the_profile_of_the_chosen_structure(db):
    first, second = make_company(db), make_company(db)
    account = make_employer(
        db, grants={first: EmployerProfile.SICK_LEAVE, second: EmployerProfile.CONTRIBUTIONS}
    )
    grants = employer_access.granted_structures(db, account_id=account.id)
    on_second = employer_access.allowed_actions(grants, chosen=second.id)
    assert EmployerAction.VIEW_CONTRIBUTIONS in on_second and EmployerAction.VIEW_SICK_LEAVE not in on_second
    both = employer_access.allowed_actions(grants)
    assert {EmployerAction.VIEW_CONTRIBUTIONS, EmployerAction.VIEW_SICK_LEAVE} <= both
    assert EmployerAction.VIEW_EMPLOYEES not in both


def test_hr_address_and_its_sql_counterpart_agree_on_whose_address_it_is(db):
    """``hr_address`` (Python: an e-mail about to be sent) and ``hr_address_unheard`` (SQL: the lists and
    counts of « À suivre ») must find the same portal user behind an address, or a count would say an
    affiliation is followed that nobody is told of, or the reverse. Both go by the employer account's login
    (its e-mail lowercased, set together at its creation: unique per kind, and indexed). An account whose
    e-mail drifted from its login (before: Python went by the e-mail, SQL by the login) is the case that
    told them apart."""
    from sqlalchemy import literal, select

    company = make_company(db)
    chooser = make_employer(db, principal_of=(company,))
    make_employer(db, principal_of=(company,), email="rh@example.org")  # an active user
    gone = make_employer(db, principal_of=(company,), email="parti@example.org")
    gone.is_active = False
    drifted = make_employer(db, principal_of=(company,), email="ancien@example.org")
    drifted.is_active = False
    drifted.email = "nouveau@example.org"
    db.flush()
    addresses = [
        "paie@example.org",  # a shared mailbox: nobody's login
        " RH@Example.org ",  # an active user's, typed differently
        "parti@example.org",  # a user gone
        "ancien@example.org",  # the gone user's login
        "nouveau@example.org",  # the gone user's drifted e-mail
    ]
    action = EmployerAction.MANAGE_EMPLOYEES
    for address in addresses:
        python_sends = employer_access.hr_address(
            db, address=address, chosen_by=chooser.id, company_id=company.id, action=action
        )
        sql_unheard = db.scalar(
            select(
                employer_access.hr_address_unheard(
                    literal(address), literal(chooser.id), literal(company.id), action
                )
            )
        )
        assert (python_sends is None) == bool(sql_unheard), address
    sent = [
        employer_access.hr_address(db, address=a, chosen_by=chooser.id, company_id=company.id, action=action)
        for a in addresses
    ]
    assert sent == ["paie@example.org", " RH@Example.org ", None, None, "nouveau@example.org"]
