"""A form's fields as the browser sent them (``state.demarches.form_fields``): strings, bounded in number and
length, and none for anything that is not a form."""

import pytest

from ocso_app.state.demarches import MAX_FIELDS, MAX_NAME, MAX_VALUE, form_fields


def test_fields_are_strings_bounded_in_number_and_length():
    sent = {"n" * 100: "v" * 5000, **{f"champ{i}": i for i in range(MAX_FIELDS + 5)}}
    fields = form_fields(sent)
    assert len(fields) == MAX_FIELDS
    assert fields["n" * MAX_NAME] == "v" * MAX_VALUE and fields["champ0"] == "0"


def test_a_form_may_be_bounded_tighter():
    sent = {"structure": "12", "dispense_email": "x" * 300, "notify": "oui"}
    assert form_fields(sent, count=2, length=200) == {"structure": "12", "dispense_email": "x" * 200}


@pytest.mark.parametrize("sent", [None, "Devis", ["document_type", "Devis"], 3])
def test_anything_but_a_form_is_no_fields(sent):
    assert form_fields(sent) == {}
