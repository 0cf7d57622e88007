"""The portabilité rule (art. L911-8), with its cases and the dates at the edges."""

from __future__ import annotations

from datetime import date

import pytest

from ocso_app.services.errors import OcsoError
from ocso_app.services.portability import (
    DEPARTURE_BEFORE_HIRING,
    OPENS_PORTABILITY,
    REASON_LABELS,
    DepartureReason,
    add_months,
    contract_months,
    portability_for,
)

R = DepartureReason


def _months(hired_on: date, left_on: date, reason: DepartureReason = R.DISMISSAL) -> int | None:
    found = portability_for(hired_on=hired_on, left_on=left_on, reason=reason, covered=True)
    return found.months if found else None


def test_a_licenciement_after_three_months_and_ten_days_gives_four_months():
    hired, left = date(2026, 1, 5), date(2026, 4, 14)  # 3 months and 10 days of contract
    found = portability_for(hired_on=hired, left_on=left, reason=R.DISMISSAL, covered=True)
    assert found is not None
    assert (found.months, found.starts_on, found.ends_on) == (4, date(2026, 4, 15), date(2026, 8, 14))


def test_three_years_give_twelve_months_at_most():
    assert _months(date(2023, 3, 1), date(2026, 2, 28)) == 12


def test_a_contract_of_exactly_twelve_months_gives_twelve():
    assert contract_months(date(2025, 3, 1), date(2026, 2, 28)) == 12
    assert _months(date(2025, 3, 1), date(2026, 2, 28)) == 12
    assert contract_months(date(2025, 3, 1), date(2026, 3, 1)) == 13  # one day more: a started month


@pytest.mark.parametrize(
    "reason", [R.RESIGNATION, R.RETIREMENT, R.DISMISSAL_GROSS_MISCONDUCT, R.DEATH, R.TRIAL_ENDED_BY_EMPLOYEE]
)
def test_departures_that_open_no_unemployment_rights_or_are_a_faute_lourde_give_none(reason):
    assert _months(date(2024, 1, 1), date(2026, 1, 31), reason) is None


@pytest.mark.parametrize(
    "reason",
    [
        R.DISMISSAL,
        R.DISMISSAL_SERIOUS_MISCONDUCT,
        R.CONTRACTUAL_TERMINATION,
        R.END_OF_FIXED_TERM,
        R.TRIAL_ENDED_BY_EMPLOYER,
        R.LEGITIMATE_RESIGNATION,
    ],
)
def test_departures_opening_unemployment_rights_give_a_portability(reason):
    assert _months(date(2025, 9, 1), date(2026, 1, 31), reason) == 5


def test_an_employee_who_was_not_covered_has_none():
    found = portability_for(
        hired_on=date(2025, 1, 1), left_on=date(2026, 1, 31), reason=R.DISMISSAL, covered=False
    )
    assert found is None


def test_a_portability_from_the_end_of_january_ends_on_the_last_day_of_february():
    found = portability_for(
        hired_on=date(2025, 12, 1), left_on=date(2026, 1, 30), reason=R.DISMISSAL, covered=True
    )
    assert found is not None and found.months == 2
    assert (found.starts_on, found.ends_on) == (date(2026, 1, 31), date(2026, 3, 30))
    month = portability_for(
        hired_on=date(2026, 1, 1), left_on=date(2026, 1, 30), reason=R.DISMISSAL, covered=True
    )
    assert month is not None and (month.months, month.ends_on) == (1, date(2026, 2, 28))


def test_the_29th_of_february_is_counted_and_moved_to_the_end_of_shorter_months():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert contract_months(date(2024, 2, 29), date(2025, 2, 27)) == 12  # the leap day's year, within 12
    found = portability_for(
        hired_on=date(2023, 6, 1), left_on=date(2024, 2, 28), reason=R.DISMISSAL, covered=True
    )
    assert found is not None and found.starts_on == date(2024, 2, 29)
    assert found.ends_on == date(2024, 11, 28)  # 9 months from the 29 February


def test_a_departure_before_the_hiring_is_refused_in_french():
    with pytest.raises(OcsoError) as refused:
        contract_months(date(2026, 2, 1), date(2026, 1, 31))
    assert refused.value.message == DEPARTURE_BEFORE_HIRING


def test_every_reason_has_a_french_label():
    assert set(REASON_LABELS) == set(DepartureReason) and set(DepartureReason) >= OPENS_PORTABILITY


def test_a_month_from_the_31st_ends_on_the_last_day_of_the_shorter_month_when_counting_too():
    # a portabilité of 1 month from 31 January runs to 28 February: a contract over the same days is 1 month
    assert contract_months(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert contract_months(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert contract_months(date(2024, 2, 29), date(2025, 2, 28)) == 12
    assert contract_months(date(2026, 1, 31), date(2026, 3, 1)) == 2
    found = portability_for(
        hired_on=date(2026, 1, 31), left_on=date(2026, 2, 28), reason=R.END_OF_FIXED_TERM, covered=True
    )
    assert found is not None and (found.months, found.ends_on) == (1, date(2026, 3, 31))
