"""A code postal is refused when it cannot be French: five digits starting with a département, an outre-mer
département or 98 (Monaco, the Pacific)."""

from __future__ import annotations

import pytest

from ocso_app.services.identifiers import is_french_postal_code

# Another script's digits (full-width, Arabic-Indic) are no French code postal: they were stored as typed
_OTHER_DIGITS = ["３３７００", "٣٣٧٠٠", "33٧00"]


@pytest.mark.parametrize(
    "code", ["33700", "01000", "20000", "75001", "95880", "97100", "97600", "98000", "98714"]
)
def test_french_postal_codes_are_accepted(code):
    assert is_french_postal_code(code)


def test_a_code_typed_with_spaces_is_compacted():
    from ocso_app.services.identifiers import compact_postal_code

    assert compact_postal_code(" 33 700 ") == "33700" and is_french_postal_code(compact_postal_code("64 100"))


@pytest.mark.parametrize(
    "code",
    ["00000", "00123", "96000", "97700", "99100", "3370", "337000", "ABCDE", "", *_OTHER_DIGITS],
)
def test_codes_that_cannot_be_french_are_refused(code):
    assert not is_french_postal_code(code)


@pytest.mark.parametrize("typed", ["０６ １２ ３４ ５６ ７８", "06 12 ٣٤ 56 78", "+33 ６12345678"])
def test_a_phone_number_is_typed_with_ascii_digits(typed):
    from ocso_app.services.employer_accounts import normalize_phone

    assert normalize_phone(typed) is None and normalize_phone("06 12 34 56 78") == "0612345678"
