"""French formats made by babel: amounts, dates and Paris time, with the exact characters the pages show."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ocso_app.services import formats

NBSP = "\u00a0"  # babel puts it before "€"; its narrow no-break space (thousands) is turned into this one


def test_money_is_french_with_a_no_break_space_before_the_euro_sign():
    assert formats.format_money(Decimal("16.18")) == f"16,18{NBSP}€"


def test_thousands_use_a_no_break_space_that_the_pdf_fonts_can_draw():
    assert formats.format_money(Decimal("1234.50")) == f"1{NBSP}234,50{NBSP}€"
    assert "\u202f" not in formats.format_money(Decimal("1234567.00"))


def test_dates_short_long_and_day_month():
    day = date(2021, 9, 26)
    assert formats.format_short_date(day) == "26/09/2021"
    assert formats.format_long_date(day) == "26 sept. 2021"
    assert formats.format_day_month(day) == "26 SEPT."
    assert formats.format_long_date(date(2025, 8, 24)) == "24 août 2025"
    assert formats.format_long_date(date(2025, 6, 1)) == "1er juin 2025"  # French writes the first so
    assert formats.format_day_month(date(2026, 1, 1)) == "1er JANV."


def test_de_is_elided_before_a_vowel():
    assert formats.of("Inès MOREL") == "d'Inès MOREL" and formats.of("ÉTIENNE Paul") == "d'ÉTIENNE Paul"
    assert formats.of("MOREAU Jacques") == "de MOREAU Jacques"
    assert formats.of("Hugo BERNARD") == "de Hugo BERNARD"  # muet or aspiré: left alone


def test_a_word_agrees_with_the_civility_when_it_is_known():
    assert formats.agreed("M.", "affilié", "affiliée") == "affilié"
    assert formats.agreed("Mme", "affilié", "affiliée") == "affiliée"
    assert formats.agreed("", "affilié", "affiliée") == "affilié(e)"
    assert formats.agreed(None, "le", "la") == "le/la" and formats.agreed("Mme", "Il", "Elle") == "Elle"


def test_a_summer_evening_in_utc_is_already_the_next_day_in_paris():
    moment = datetime(2021, 9, 25, 23, 30, tzinfo=UTC)
    assert formats.paris_date(moment) == date(2021, 9, 26)
    assert formats.format_paris_datetime(moment) == "26/09/2021 01:30:00"


def test_naive_instants_from_sqlite_are_read_as_utc():
    assert formats.paris_date(datetime(2021, 12, 31, 23, 30)) == date(2022, 1, 1)  # winter: UTC+1
    assert formats.paris_datetime(datetime(2021, 12, 31, 22, 30)).hour == 23


def test_remembered_amounts_and_days_are_those_of_the_exact_value():
    """Formats are remembered per value: an amount written with more decimals, or a negative zero, gets its
    own babel answer, and a day is the same string every time."""
    assert formats.format_money(Decimal("16.1")) == formats.format_money(Decimal("16.10")) == f"16,10{NBSP}€"
    assert formats.format_money(Decimal("-3.20")) == f"-3,20{NBSP}€"
    assert formats.format_money(Decimal("1234.5")) == f"1{NBSP}234,50{NBSP}€"
    assert formats.format_money(5) == f"5,00{NBSP}€"
    day = date(2024, 2, 29)
    assert [formats.format_short_date(day) for _ in range(2)] == ["29/02/2024", "29/02/2024"]
    assert formats.format_day_month(day) == "29 FÉVR."


def test_percentages_are_french_and_remembered_per_exact_value():
    """A rate keeps its own decimals (« 62,5 % », not « 62,50 % »), the same string every time."""
    assert formats.format_percent(Decimal("62.5")) == f"62,5{NBSP}%"
    assert [formats.format_percent(Decimal("100")) for _ in range(2)] == [f"100{NBSP}%"] * 2
    assert formats.format_percent(Decimal("50.00")) == f"50{NBSP}%"


def test_counts_of_days_forfaits_and_insured_read_with_the_thousands_separator():
    from ocso_app.services.care_catalog import _yearly
    from ocso_app.services.sick_leaves import days_label
    from ocso_app.state.introducer.portfolio import _shown

    assert days_label(1) == "1 jour" and days_label(2785) == "2\u00a0785 jours"
    assert _shown("insured_employees", 1957) == "1\u00a0957" and _shown("city", "B") == "B"  # the portfolio
    assert _shown("company_id", 1234) == "1234"  # an id the page sends back, never « 1 234 »
    rule = _yearly("AUDI", 2000, per_act=1000).rule
    assert rule == "forfait 1\u00a0000 € par oreille, 2\u00a0000 €/an"


def test_a_day_ahead_reads_today_or_agrees_with_its_count():
    assert [formats.in_days(n) for n in (0, 1, 2, 1234)] == [
        "aujourd'hui",
        "dans 1 jour",
        "dans 2 jours",
        "dans 1\u00a0234 jours",
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("jean-pierre", "Jean-Pierre"),
        ("JEAN-PIERRE", "Jean-Pierre"),  # a beneficiary: stored in capitals
        ("Jean-Pierre", "Jean-Pierre"),
        ("Anne-sophie", "Anne-Sophie"),
        ("Marie Claire", "Marie Claire"),
        ("marie claire", "Marie Claire"),
        ("Thị Hương", "Thị Hương"),
        ("THỊ HƯƠNG", "Thị Hương"),
        ("d'Artagnan", "D'Artagnan"),  # an apostrophe starts a part, whatever the case typed
        ("D'ARTAGNAN", "D'Artagnan"),
        ("d’artagnan", "D’Artagnan"),  # the typographic apostrophe too
        ("Zoé", "Zoé"),
        ("ÉLOÏSE", "Éloïse"),
        ("éloïse", "Éloïse"),
        ("McKenzie", "McKenzie"),  # mixed case is the person's: kept
        ("", ""),
    ],
)
def test_a_first_name_starts_each_part_with_a_capital(stored, shown):
    assert formats.format_first_name(stored) == shown


def test_a_person_is_named_first_name_then_last_name_in_capitals():
    assert formats.format_person_name("JEAN-PIERRE", "Dubois") == "Jean-Pierre DUBOIS"
    assert formats.format_person_name("Zoé", None) == "Zoé"
    assert formats.format_person_name(None, None) == ""
