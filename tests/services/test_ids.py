"""Ids from a URL or an event are parsed strictly, in one place."""

import pytest

from ocso_app.services.ids import parse_id, parse_whole


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("000042", 42), (7, 7), ("2147483647", 2**31 - 1)])
def test_plain_ascii_digits_are_an_id(raw, expected):
    assert parse_id(raw) == expected


NOT_IDS = [
    "",
    "0",
    "-1",
    " 7",
    "7 ",
    "1e3",
    "²",
    "٣",
    "2147483648",
    "9" * 16,
    10**15,
    0,
    -3,
    True,
    None,
    1.0,
    [1],
]


@pytest.mark.parametrize("raw", NOT_IDS)
def test_anything_else_is_no_id(raw):
    assert parse_id(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", 0), ("007", 7), ("999", 999), ("1000", None), ("-1", None)]
)
def test_a_whole_number_is_read_within_its_bounds(raw, expected):
    assert parse_whole(raw, low=0, high=999) == expected


@pytest.mark.parametrize("raw", ["", "²", "12²", "٣", " 7", "1_0", "+1", "9" * 5000, None, 7, True])
def test_a_whole_number_is_ascii_digits_only_and_never_raises(raw):
    assert parse_whole(raw, low=0, high=10**6) is None
