"""The status an employer reads: « en cours d'affiliation » turns « à relancer » after 8 days without action
(counted from the invitation or the latest relance), the same in Python and in SQL, on the day it is read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from ocso_app.models import AffiliationStatus, Employee
from ocso_app.services.affiliation import (
    effective_status,
    effective_status_column,
    effective_status_is,
    status_label,
)
from tests.builders import make_company, make_employee

TODAY = date(2026, 3, 1)


def test_pending_turns_to_remind_on_the_eighth_day_after_the_invitation_in_paris():
    """Invited on 21 February in Paris, « en cours » 8 days at most (the 21st to the 28th), « à relancer » on
    1 March; an invitation sent at 0:30 on the 22nd in Paris (23:30 UTC on the 21st) is 7 days old then."""
    on_the_21st = datetime(2026, 2, 21, 9, 0, tzinfo=UTC)
    late_on_the_21st = datetime(2026, 2, 21, 22, 59, tzinfo=UTC)  # 23:59 in Paris
    on_the_22nd_in_paris = datetime(2026, 2, 21, 23, 30, tzinfo=UTC)
    assert effective_status(AffiliationStatus.PENDING, on_the_21st, TODAY) == AffiliationStatus.TO_REMIND
    assert effective_status(AffiliationStatus.PENDING, late_on_the_21st, TODAY) == AffiliationStatus.TO_REMIND
    assert (
        effective_status(AffiliationStatus.PENDING, on_the_22nd_in_paris, TODAY) == AffiliationStatus.PENDING
    )
    next_day = date(2026, 3, 2)
    assert (
        effective_status(AffiliationStatus.PENDING, on_the_22nd_in_paris, next_day)
        == AffiliationStatus.TO_REMIND
    )
    the_day_before = date(2026, 2, 28)
    assert (
        effective_status(AffiliationStatus.PENDING, on_the_21st, the_day_before) == AffiliationStatus.PENDING
    )
    assert effective_status(AffiliationStatus.AFFILIATED, on_the_21st, TODAY) == AffiliationStatus.AFFILIATED
    assert status_label(AffiliationStatus.TO_REMIND) == "À relancer"


def test_a_relance_starts_the_eight_days_again_from_its_own_date():
    """Invited on 1 February, relancé(e) on 25 February: « en cours » until 4 March, « à relancer » on the
    5th; a relance older than the invitation (a new invitation since) does not hold the status back."""
    invited, reminded = datetime(2026, 2, 1, 9, 0, tzinfo=UTC), datetime(2026, 2, 25, 9, 0, tzinfo=UTC)
    for today, expected in (
        (TODAY, AffiliationStatus.PENDING),
        (date(2026, 3, 4), AffiliationStatus.PENDING),
        (date(2026, 3, 5), AffiliationStatus.TO_REMIND),
    ):
        status = effective_status(AffiliationStatus.PENDING, invited, today, last_reminder_at=reminded)
        assert status == expected, today
    assert (
        effective_status(AffiliationStatus.PENDING, reminded, date(2026, 3, 5), last_reminder_at=invited)
        == AffiliationStatus.TO_REMIND
    )
    # an employee who has answered (invitation cleared) is never « à relancer », relancé(e) or not
    assert effective_status(AffiliationStatus.PENDING, None, TODAY, last_reminder_at=invited) == (
        AffiliationStatus.PENDING
    )


def test_a_portability_ends_radiated_the_day_after_its_end_date():
    on_last_day = effective_status(AffiliationStatus.PORTABILITY, None, TODAY, portability_end=TODAY)
    after = effective_status(AffiliationStatus.PORTABILITY, None, TODAY, portability_end=date(2026, 2, 28))
    assert (on_last_day, after) == (AffiliationStatus.PORTABILITY, AffiliationStatus.RADIATED)


def test_sql_status_agrees_with_the_python_rule(db):
    company = make_company(db)
    moments = [None, datetime(2026, 2, 25, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)]
    made = []
    for status in (AffiliationStatus.PENDING, AffiliationStatus.EXEMPTED):
        for moment in moments:
            for reminded in moments:
                made.append(make_employee(db, company=company, status=status, invited_at=moment))
                made[-1].last_reminder_at = reminded
    for end in (TODAY, date(2026, 2, 1)):
        made.append(make_employee(db, company=company, status=AffiliationStatus.PORTABILITY))
        made[-1].portability_end_on = end
    db.flush()
    rows = db.execute(
        select(
            effective_status_column(TODAY),
            Employee.status,
            Employee.invited_at,
            Employee.last_reminder_at,
            Employee.portability_end_on,
        ).where(Employee.company_id == company.id)
    ).all()
    assert len(rows) == len(made)
    for computed, stored, invited, reminded, end in rows:
        assert computed == effective_status(
            stored, invited, TODAY, last_reminder_at=reminded, portability_end=end
        )
    # invited long ago, and relancé(e) long ago or never: a recent relance keeps the other « en cours »
    assert [r[0] for r in rows].count(AffiliationStatus.TO_REMIND) == 2
    assert [r[0] for r in rows].count(AffiliationStatus.RADIATED) == 1


def test_the_indexed_filter_of_each_status_selects_what_the_status_column_says(db):
    """``effective_status_is`` (the lists' and Accueil's filters, on the stored columns) picks, for every
    status, exactly the employees whose ``effective_status_column`` is that status: every stored status,
    invitations and relances recent, old and absent, portabilités running, ended and without an end date."""
    company = make_company(db)
    moments = [None, datetime(2026, 2, 25, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)]
    for status in AffiliationStatus:
        for moment in moments:
            for reminded in moments:
                for end in (None, TODAY, date(2026, 2, 1)):
                    employee = make_employee(db, company=company, status=status, invited_at=moment)
                    employee.last_reminder_at, employee.portability_end_on = reminded, end
    db.flush()
    mine = Employee.company_id == company.id
    by_column = dict(db.execute(select(Employee.id, effective_status_column(TODAY)).where(mine)).all())
    assert len(by_column) == len(AffiliationStatus) * 27
    for status in AffiliationStatus:
        chosen = set(db.scalars(select(Employee.id).where(mine, effective_status_is(TODAY, status))))
        assert chosen == {i for i, computed in by_column.items() if computed == status}, status
        assert chosen, status  # each status is reached by some employee of the set
