"""« Recevoir le suivi de ces affiliations » (Mes salarié(e)s?suivi=orphelin): HR takes over, in one action,
the open affiliations of their structures whose addresses nobody receives any more: their own e-mail becomes
both addresses and they become the chooser, audited per employee; nothing else is touched."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent, EmployerProfile
from ocso_app.services import employer_access, staff_record
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.hr_follow_up import follow_up
from tests.builders import make_company, make_employee, make_employer

TODAY = date(2026, 6, 10)


def _chosen_by(
    db,
    company,
    chooser,
    *,
    status=AffiliationStatus.PENDING,
    notify: bool = True,
    last_name: str | None = None,
):
    employee = make_employee(
        db, company=company, status=status, invited_at=datetime(2026, 6, 9, tzinfo=UTC), last_name=last_name
    )
    employee.dispense_email = chooser.email
    employee.notify_hr_email = chooser.email if notify else None
    employee.invited_by_account_id = chooser.id
    return employee


def _audits(db, company_id: int) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company_id)))


def test_hr_takes_over_the_affiliations_nobody_follows_in_their_structures(db):
    company, branch, elsewhere = make_company(db), make_company(db), make_company(db)
    gone = make_employer(db, principal_of=(company, branch, elsewhere))
    gone.is_active = False
    hr = make_employer(db, principal_of=(company, branch))
    colleague = make_employer(db, principal_of=(company,))
    orphans = [_chosen_by(db, company, gone), _chosen_by(db, branch, gone, notify=False)]
    followed = _chosen_by(db, company, colleague)
    finished = _chosen_by(db, company, gone, status=AffiliationStatus.AFFILIATED)
    theirs = _chosen_by(db, elsewhere, gone)
    db.flush()

    taken = staff_record.take_over_follow_up(
        db, structure_ids=(company.id, branch.id), actor=Actor(account_id=hr.id)
    )

    assert taken == 2
    for employee in orphans:
        assert (employee.dispense_email, employee.notify_hr_email) == (hr.email, hr.email)
        assert employee.invited_by_account_id == hr.id
        assert staff_record._choices_note(db, employee) == ""
    assert (followed.invited_by_account_id, finished.invited_by_account_id) == (colleague.id, gone.id)
    assert (theirs.invited_by_account_id, theirs.dispense_email) == (gone.id, gone.email)
    [audit] = [a for a in _audits(db, branch.id) if "Suivi de l'affiliation" in a]
    assert audit == (
        f"Suivi de l'affiliation du/de la salarié(e) n° {orphans[1].id} repris : e-mail des demandes de "
        f"dispense {hr.email}, e-mail de fin d'affiliation {hr.email}"
    )
    assert len([a for a in _audits(db, company.id) if "Suivi de l'affiliation" in a]) == 1
    assert _audits(db, elsewhere.id) == []
    assert follow_up(db, structure_ids=(company.id, branch.id), today=TODAY).unheard_total == 0


def test_with_nothing_to_take_over_nothing_is_written(db):
    company = make_company(db)
    hr = make_employer(db, principal_of=(company,))
    _chosen_by(db, company, hr)
    db.flush()
    taken = staff_record.take_over_follow_up(db, structure_ids=(company.id,), actor=Actor(account_id=hr.id))
    assert taken == 0 and _audits(db, company.id) == []


def test_the_structures_are_those_where_the_caller_may_change_the_fiche(db):
    """The handler passes the guard's MANAGE_EMPLOYEES scope: a structure read only is not among them."""
    managed, read_only = make_company(db), make_company(db)
    gone = make_employer(db, principal_of=(managed, read_only))
    gone.is_active = False
    hr = make_employer(db, grants={managed: EmployerProfile.ADMIN, read_only: EmployerProfile.READ_ONLY})
    mine, not_mine = _chosen_by(db, managed, gone), _chosen_by(db, read_only, gone)
    db.flush()
    scope = employer_access.scope_for(db, account_id=hr.id, action=EmployerAction.MANAGE_EMPLOYEES)
    assert scope is not None and scope.structure_ids == (managed.id,)
    staff_record.take_over_follow_up(db, structure_ids=scope.structure_ids, actor=Actor(account_id=hr.id))
    assert mine.invited_by_account_id == hr.id and not_mine.invited_by_account_id == gone.id


def test_the_take_over_is_limited_to_the_list_shown_and_counted_before_it(db):
    """The list narrowed by a search (or a status) is what « ces affiliations » names: only those are taken
    over, and the dialog's number (``to_take_over``) is the number the action then takes."""
    from ocso_app.services.employees import EmployeeTab, parse_query

    company = make_company(db)
    gone = make_employer(db, principal_of=(company,))
    gone.is_active = False
    hr = make_employer(db, principal_of=(company,))
    searched = _chosen_by(db, company, gone, last_name="DURANDAL")
    other = _chosen_by(db, company, gone, last_name="MARTINEZ")
    db.flush()
    narrowed = parse_query(tab=EmployeeTab.ALL.value, search="durand", unheard=True)
    everybody = parse_query(tab=EmployeeTab.ALL.value, unheard=True)
    scope = (company.id,)
    assert len(staff_record.to_take_over(db, structure_ids=scope, query=everybody, today=TODAY)) == 2
    assert staff_record.to_take_over(db, structure_ids=scope, query=narrowed, today=TODAY) == [searched.id]
    taken = staff_record.take_over_follow_up(
        db, structure_ids=scope, actor=Actor(account_id=hr.id), query=narrowed, today=TODAY
    )
    assert taken == 1
    assert (searched.invited_by_account_id, other.invited_by_account_id) == (hr.id, gone.id)
    assert staff_record.to_take_over(db, structure_ids=scope, query=narrowed, today=TODAY) == []
