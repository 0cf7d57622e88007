"""A courrier d'affiliation downloaded for an employee already invited (by an earlier courrier, or by e-mail)
is a relance by post, as « Relancer par e-mail » is one: the date of the invitation is kept, « Dernière
relance » is the letter's, the status history says « Relance par courrier » and who sent it. The first
courrier of an employee without e-mail is their invitation: its date becomes the invitation's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent, Employee, EmployeeStatusChange
from ocso_app.services import affiliation_invitations, audit
from ocso_app.services.affiliation_letter import RELANCE_NOTE, affiliation_letter
from tests.builders import make_company, make_employee, make_employer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _waiting(db, *, email: str | None = None) -> tuple[Employee, int, audit.Actor]:
    """An employee registered at T0, still to affiliate, with a postal address, and their HR."""
    company = make_company(db)
    hr = make_employer(db, principal_of=(company,))
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING, email=email)
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    affiliation_invitations.invite(db, employee, now=T0)  # what the pré-affiliation does
    return employee, company.id, audit.Actor(account_id=hr.id)


def _post(db, employee: Employee, company_id: int, actor: audit.Actor, now: datetime) -> None:
    letter = affiliation_letter(db, structure_ids=[company_id], employee_id=employee.id, actor=actor, now=now)
    assert letter is not None


def _history(db, employee: Employee) -> list[tuple[str | None, str]]:
    rows = db.execute(
        select(EmployeeStatusChange.note, EmployeeStatusChange.by_label)
        .where(EmployeeStatusChange.employee_id == employee.id)
        .order_by(EmployeeStatusChange.id)
    )
    return [(note, by) for note, by in rows]


def _as_utc(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def test_the_first_courrier_is_the_invitation_and_the_next_one_a_relance_by_post(db):
    employee, company_id, actor = _waiting(db)
    first, second = T0 + timedelta(days=1), T0 + timedelta(days=10)
    _post(db, employee, company_id, actor, first)
    assert _as_utc(employee.invited_at) == first and employee.last_reminder_at is None
    assert RELANCE_NOTE not in [note for note, _by in _history(db, employee)]

    _post(db, employee, company_id, actor, second)
    assert _as_utc(employee.invited_at) == first  # the invitation's date, as the fiche shows it, is kept
    assert _as_utc(employee.last_reminder_at) == second
    note, by = _history(db, employee)[-1]
    assert note == RELANCE_NOTE and "(RH)" in by
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == actor.account_id)).all()
    assert any("relance" in action for action in actions)


def test_a_courrier_after_the_invitation_e_mail_is_a_relance(db):
    employee, company_id, actor = _waiting(db, email="ines.moreau@example.org")
    later = T0 + timedelta(days=9)
    _post(db, employee, company_id, actor, later)
    assert _as_utc(employee.invited_at) == T0 and _as_utc(employee.last_reminder_at) == later
    assert _history(db, employee)[-1][0] == RELANCE_NOTE
