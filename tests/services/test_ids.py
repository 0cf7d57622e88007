"""Ids from a URL or an event are parsed strictly, in one place."""

import pytest

from ocso_app.services.ids import parse_id


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
