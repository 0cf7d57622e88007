"""Affiliation en masse: every handler of the page needs the right to affiliate, the invitations run as a
Reflex background task that goes through the same guard, and the browser cannot name the caller of it."""

import inspect

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.employer.base import NEEDS
from ocso_app.state.employer.mass_affiliation import MassAffiliationState


def test_every_handler_of_the_page_needs_the_right_to_affiliate():
    handlers = own_handlers(MassAffiliationState)
    assert set(handlers) == {
        "load",
        "upload_file",
        "show",
        "change_page",
        "start_over",
        "import_valid",
        "send_invitations",
    }
    for name, handler in handlers.items():
        assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.MANAGE_EMPLOYEES, name


def test_the_invitations_are_a_guarded_background_task():
    handler = MassAffiliationState.event_handlers["send_invitations"]
    assert handler.is_background
    assert is_guarded(handler.fn)
    assert list(inspect.signature(handler.fn).parameters) == ["self"]
    assert not MassAffiliationState.event_handlers["import_valid"].is_background
