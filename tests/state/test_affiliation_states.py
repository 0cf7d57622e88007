"""The employee's public affiliation page and HR's affiliation complète: every handler past the page's way in
is guarded (the invitation, re-checked at each call; HR's right on the structure), the invitation is a
backend-only var the browser neither sees nor sets, and both pages use the same form's vars."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.affiliation_form import EnrolmentForm, ticked
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.employer.base import NEEDS
from ocso_app.state.employer.complete_affiliation import CompleteAffiliationState
from ocso_app.state.public.affiliation import AffiliationState

FORM_HANDLERS = {
    "submit_option",
    "add_beneficiary",
    "remove_beneficiary",
    "to_bank",
    "submit_bank",
    "go_to",
    "confirm",
}


def test_every_handler_of_the_public_page_but_its_way_in_checks_the_invitation():
    handlers = own_handlers(AffiliationState)
    assert FORM_HANDLERS | {"choose", "choose_case", "submit_sworn", "upload_proof"} <= set(handlers)
    for name, handler in handlers.items():
        assert is_guarded(handler) == (name not in ("load", "identify")), name
        assert "invited" not in list(inspect.signature(handler).parameters)[1:], name


def test_the_invitation_is_backend_only_and_has_no_setter():
    assert "_invitation_id" not in AffiliationState.base_vars
    assert AffiliationState.__fields__["_invitation_id"]._backend
    assert not hasattr(AffiliationState, "set__invitation_id") and not hasattr(AffiliationState, "set_stage")


def test_hr_affiliation_complete_needs_to_manage_employees_for_every_handler():
    handlers = own_handlers(CompleteAffiliationState)
    assert FORM_HANDLERS | {"load"} <= set(handlers)
    for name, handler in handlers.items():
        assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.MANAGE_EMPLOYEES, name


def test_both_pages_draw_the_same_form():
    shared = set(EnrolmentForm.__annotations__)
    assert shared <= set(AffiliationState.__fields__) and shared <= set(CompleteAffiliationState.__fields__)


def test_a_ticked_box_is_read_as_the_form_or_the_ref_sends_it():
    assert ticked("on") and ticked(True) and ticked("true")
    assert not ticked("") and not ticked(None) and not ticked(False)


def test_a_superscript_digit_sent_as_the_option_or_the_beneficiary_to_remove_is_no_number():
    """« ² » is a digit to ``isdigit`` but not to ``int``: the form's event failed instead of reading it
    as no option chosen and no beneficiary to remove."""
    form = SimpleNamespace(
        option_id="²", _iban="", bic="", _mandate_accepted=False, _nir="", _typed_beneficiaries=[]
    )
    assert EnrolmentForm._choice(form).option_id is None
    form.option_id = "9" * 40  # no option has that id: none chosen, whatever the database's integers
    assert EnrolmentForm._choice(form).option_id is None
    form._typed_beneficiaries = [{"first_name": "Léa"}]
    EnrolmentForm._remove_beneficiary(form, "²")
    assert form._typed_beneficiaries == [{"first_name": "Léa"}]
