"""« Relancer tous »: who is relancé (à relancer in the caller's structures, with an
e-mail, not relancé within 24 hours) and who is not, the employees without an e-mail listed apart, the dates
and the audit rows as for one relance, and a second run that relance nobody twice."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ocso_app.models import AffiliationInvitation, AffiliationStatus, AuditEvent
from ocso_app.services import affiliation_invitations, reminders
from ocso_app.services.audit import Actor
from ocso_app.services.formats import as_utc
from ocso_app.services.mail import _PENDING
from tests.builders import make_company, make_employee, make_employer, make_member

NOW = datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=20)


def _email() -> str:
    return f"salarie.{uuid.uuid4().hex[:8]}@example.org"


def _late(db, company, **fields):
    fields.setdefault("email", _email())
    return make_employee(db, company=company, status=AffiliationStatus.PENDING, invited_at=LONG_AGO, **fields)


def _dates(employee) -> tuple[datetime | None, ...]:
    return tuple(as_utc(d) if d else None for d in (employee.invited_at, employee.last_reminder_at))


def _run(db, structure_ids, actor, now=NOW) -> int:
    """« Relancer tous » as the page runs it: batches until none is left."""
    total = 0
    while True:
        batch = reminders.remind_next(db, structure_ids=structure_ids, actor=actor, now=now)
        total += batch.reminded
        if not batch.more:
            return total


def _audits(db, company_id: int) -> list[tuple[int | None, str, str]]:
    return db.execute(
        select(AuditEvent.account_id, AuditEvent.event_type, AuditEvent.action)
        .where(AuditEvent.company_id == company_id)
        .order_by(AuditEvent.id)
    ).all()


def test_only_the_employees_a_relancer_of_the_callers_structures_with_an_e_mail_are_relances(db):
    company, elsewhere = make_company(db), make_company(db)
    hr = make_employer(db, principal_of=(company,))
    due = [_late(db, company, last_name=f"RETARD{i}") for i in range(3)]
    not_due = [
        make_employee(db, company=company, status=AffiliationStatus.AFFILIATED, email=_email()),
        make_employee(db, company=company, status=AffiliationStatus.EXEMPTED, email=_email()),
        make_employee(db, company=company, status=AffiliationStatus.RADIATED, email=_email()),
        _late(db, company, member_id=make_member(db).id),  # has answered: already a member
        make_employee(  # invited 3 days ago: en cours, not à relancer yet
            db,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=NOW - timedelta(days=3),
            email=_email(),
        ),
        make_employee(db, company=company, status=AffiliationStatus.PENDING, email=_email()),  # never invited
        _late(db, elsewhere),
    ]
    just_reminded = _late(db, company)
    just_reminded.last_reminder_at = NOW - timedelta(hours=2)
    letter = _late(db, company, email=None, last_name="SANSMAIL")
    others = [*not_due, just_reminded, letter]
    untouched = {e.id: _dates(e) for e in others}

    planned = reminders.plan(db, structure_ids=[company.id], now=NOW)
    assert planned.by_email == 3 and not planned.capped
    assert [(u.employee_id, u.name) for u in planned.without_email] == [
        (letter.id, f"SANSMAIL {letter.first_name}")
    ]
    assert planned.without_email_total == 1

    actor = Actor(account_id=hr.id)
    assert _run(db, [company.id], actor) == 3
    for employee in due:  # the invitation's date kept, the relance's beside it
        assert (as_utc(employee.invited_at), as_utc(employee.last_reminder_at)) == (LONG_AGO, NOW)
    db.expire_all()
    assert {e.id: _dates(e) for e in others} == untouched
    sent = sorted(message.to for message in db.info[_PENDING])
    assert sent == sorted(e.email for e in due)
    assert all("Rappel" in message.subject for message in db.info[_PENDING])
    assert _audits(db, company.id) == [
        (hr.id, reminders.GROUPED_EVENT_TYPE, f"Relance par e-mail du/de la salarié(e) n° {e.id}")
        for e in due
    ]
    assert _audits(db, elsewhere.id) == []


def test_each_relance_revokes_the_earlier_link_and_issues_a_new_one(db):
    company = make_company(db)
    employee = _late(db, company)
    actor = Actor(account_id=make_employer(db, principal_of=(company,)).id)
    assert _run(db, [company.id], actor) == 1
    links = db.execute(
        select(AffiliationInvitation.used_at).where(AffiliationInvitation.employee_id == employee.id)
    ).all()
    assert [used for (used,) in links] == [None]  # one open link: the relance's
    [mail] = db.info[_PENDING]
    token = re.search(r"jeton=(\S+)", mail.text).group(1)
    found = affiliation_invitations.find(db, token, now=NOW)
    assert mail.to == employee.email and found is not None and found.employee_id == employee.id


def test_a_second_run_a_replayed_event_or_a_second_tab_relance_nobody_twice(db):
    company = make_company(db)
    employees = [_late(db, company) for _ in range(reminders.BATCH + 2)]  # more than one batch
    actor = Actor(account_id=make_employer(db, principal_of=(company,)).id)
    assert _run(db, [company.id], actor) == len(employees)
    for later in (NOW, NOW + timedelta(seconds=5), NOW + timedelta(hours=23)):
        assert reminders.remind_next(db, structure_ids=[company.id], actor=actor, now=later).reminded == 0
    assert reminders.plan(db, structure_ids=[company.id], now=NOW).by_email == 0
    assert len(db.info[_PENDING]) == len(employees)
    count = select(func.count()).where(AuditEvent.company_id == company.id)
    assert db.scalar(count) == len(employees)


def test_an_employee_claimed_by_another_run_meanwhile_is_skipped(db, monkeypatch):
    company = make_company(db)
    first, second = _late(db, company), _late(db, company)
    actor = Actor(account_id=make_employer(db, principal_of=(company,)).id)
    # Another tab relanced ``second`` after this run read its list but before it reached that employee:
    # the conditional update finds it no longer due.
    original = reminders.send_reminder

    def other_tab_meanwhile(session, employee, **kwargs):
        original(session, employee, **kwargs)
        if employee is first:
            second.last_reminder_at = NOW
            session.flush()

    monkeypatch.setattr(reminders, "send_reminder", other_tab_meanwhile)
    assert reminders.remind_next(db, structure_ids=[company.id], actor=actor, now=NOW).reminded == 1
    assert [m.to for m in db.info[_PENDING]] == [first.email]


def test_the_structures_outside_the_scope_are_never_read_nor_written(db):
    company, other = make_company(db), make_company(db)
    theirs = _late(db, other)
    actor = Actor(account_id=make_employer(db, principal_of=(company,)).id)
    assert reminders.plan(db, structure_ids=[company.id], now=NOW).by_email == 0
    assert _run(db, [company.id], actor) == 0
    assert _run(db, [], actor) == 0
    assert theirs.invited_at == LONG_AGO and theirs.last_reminder_at is None
    assert not db.info.get(_PENDING) and _audits(db, other.id) == []
