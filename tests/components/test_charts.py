"""The pies' slices, computed on the server: percentages that add up to 100, paths that close the circle,
French amounts, and no slice for what nothing was spent on."""

from decimal import Decimal

import pytest

from ocso_app import styles
from ocso_app.components.charts import RADIUS, SIZE, pie_slices, whole_percents
from ocso_app.services.reimbursements import Share


@pytest.mark.parametrize(
    ("amounts", "percents"),
    [
        (["1", "1", "1"], [34, 33, 33]),
        (["50", "50"], [50, 50]),
        (["10", "5.5", "0.3"], [63, 35, 2]),
        (["0.01", "99.99"], [0, 100]),
    ],
)
def test_whole_percents_always_add_up_to_a_hundred(amounts, percents):
    assert whole_percents([Decimal(a) for a in amounts]) == percents


def test_each_slice_carries_its_label_amount_and_percentage():
    slices = pie_slices([Share("JULIE DUBOIS", Decimal("24.26")), Share("MARTIN DUBOIS", Decimal("1234.5"))])
    assert [s["label"] for s in slices] == ["JULIE DUBOIS", "MARTIN DUBOIS"]
    assert [s["amount"] for s in slices] == ["24,26\u00a0€", "1\u00a0234,50\u00a0€"]
    assert [s["percent"] for s in slices] == ["2\u00a0%", "98\u00a0%"]
    assert slices[0]["on_slice"] == ""  # too thin to hold its number; the legend has it
    assert slices[1]["on_slice"] == "98\u00a0%"
    assert slices[1]["tooltip"] == "MARTIN DUBOIS : 1\u00a0234,50\u00a0€ (98\u00a0%)"
    assert [s["fill"] for s in slices] == [styles.CHART_PALETTE[0][0], styles.CHART_PALETTE[1][0]]


def test_slices_run_clockwise_from_the_top_and_meet():
    first, second = pie_slices([Share("a", Decimal(1)), Share("b", Decimal(3))])
    top = f"L{SIZE / 2:.2f} {SIZE / 2 - RADIUS:.2f}"
    assert top in first["path"]  # the first slice starts at noon
    first_end = first["path"].rsplit(" ", 2)[-2:]
    assert (
        second["path"].split("L")[1].startswith(" ".join(first_end).rstrip("Z"))
    )  # the next one starts there
    assert " 0 1 1 " in second["path"]  # three quarters: the large arc


def test_a_single_share_is_the_whole_disc_with_its_label_in_the_middle():
    (whole,) = pie_slices([Share("Pharmacie", Decimal("8.49"))])
    assert whole["path"].count("A") == 2 and whole["percent"] == "100\u00a0%"
    assert (whole["x"], whole["y"]) == (f"{SIZE / 2:.1f}", f"{SIZE / 2:.1f}")


def test_nothing_spent_draws_no_slice():
    assert pie_slices([]) == []
    assert pie_slices([Share("a", Decimal(0))]) == []
    assert [s["label"] for s in pie_slices([Share("a", Decimal(0)), Share("b", Decimal(2))])] == ["b"]


def test_twelve_care_types_get_twelve_distinct_colours():
    slices = pie_slices([Share(f"type {i}", Decimal(i + 1)) for i in range(12)])
    assert len({s["fill"] for s in slices}) == 12
