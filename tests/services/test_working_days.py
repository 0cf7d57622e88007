"""Working days: weekends and French public holidays count for nothing, a working day for the share of it
that elapsed; the queue's target of 2 working days."""

from datetime import date, datetime

import pytest

from ocso_app.services import working_days
from ocso_app.services.formats import PARIS


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 3), True),  # a Thursday
        (date(2026, 12, 5), False),  # Saturday
        (date(2026, 12, 6), False),  # Sunday
        (date(2026, 12, 25), False),  # Noël, a Friday
        (date(2026, 5, 14), False),  # Ascension
        (date(2026, 4, 6), False),  # lundi de Pâques
        (date(2026, 7, 14), False),
        (date(2026, 11, 11), False),
        (date(2027, 5, 17), False),  # lundi de Pentecôte
        (date(2026, 12, 24), True),  # the 24th is worked
    ],
)
def test_working_days_are_weekdays_that_are_not_french_public_holidays(day, working):
    assert working_days.is_working_day(day) is working


def test_friday_afternoon_to_tuesday_same_hour_is_two_working_days():
    assert working_days.elapsed(paris(2026, 12, 4, 16), paris(2026, 12, 8, 16)) == pytest.approx(2)


def test_a_weekend_counts_for_nothing():
    assert working_days.elapsed(paris(2026, 12, 5, 10), paris(2026, 12, 6, 20)) == 0
    assert working_days.elapsed(paris(2026, 12, 4, 12), paris(2026, 12, 7, 0)) == pytest.approx(0.5)


def test_a_public_holiday_counts_for_nothing():
    # Thursday 24 noon → Monday 28 noon: half of Thursday, Christmas (Friday) nothing, half of Monday
    assert working_days.elapsed(paris(2026, 12, 24, 12), paris(2026, 12, 28, 12)) == pytest.approx(1)
    # the week of the Ascension: Wednesday, (Thursday), Friday
    assert working_days.elapsed(paris(2026, 5, 13), paris(2026, 5, 16)) == pytest.approx(2)


def test_an_end_before_the_start_is_no_time():
    assert working_days.elapsed(paris(2026, 12, 8), paris(2026, 12, 4)) == 0


@pytest.mark.parametrize(
    "end",
    [paris(2026, 12, 8, 16), paris(2026, 12, 7, 9, 30), paris(2026, 12, 28, 12), paris(2026, 12, 6, 15)],
)
def test_moment_before_is_the_inverse_of_elapsed(end):
    start = working_days.moment_before(end, 2)
    assert working_days.elapsed(start, end) == pytest.approx(2)
    assert start < end


def test_moment_before_skips_weekends_and_holidays():
    assert working_days.moment_before(paris(2026, 12, 8, 16), 2) == paris(2026, 12, 4, 16)
    assert working_days.moment_before(paris(2026, 12, 28, 12), 1) == paris(2026, 12, 24, 12)


def test_late_is_past_two_working_days_and_the_label_counts_whole_days():
    assert not working_days.is_late(2) and working_days.is_late(2.01)
    assert working_days.age_label(0.4) == "moins d'un jour ouvré"
    assert working_days.age_label(1.0) == "1 jour ouvré"
    assert working_days.age_label(1.9) == "plus d'un jour ouvré"
    assert working_days.age_label(2.0) == "2 jours ouvrés" and not working_days.is_late(2.0)
    assert working_days.age_label(2.3) == "plus de 2 jours ouvrés" and working_days.is_late(2.3)
    assert working_days.age_label(3.9999999999) == "4 jours ouvrés"
