"""The Démarches page of the Espace Employeur: each kind's handler is guarded by that kind's own action, so a
profile that may not send a kind is refused by the guard before the service is reached (the browser test
calls the handler directly over the websocket)."""

import pytest

from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.requests import KIND_ACTIONS
from ocso_app.state.base import own_handlers
from ocso_app.state.employer.base import NEEDS
from ocso_app.state.employer.requests import KINDS, UPLOADS, EmployerRequestsState


@pytest.mark.parametrize("kind", KINDS)
def test_each_kinds_handler_needs_the_kinds_own_action(kind):
    assert getattr(UPLOADS[kind].fn, NEEDS) == KIND_ACTIONS[kind]


def test_the_kinds_and_their_actions_follow_the_guide():
    assert KIND_ACTIONS == {
        "salaries": EmployerAction.MANAGE_EMPLOYEES,
        "coordonnees_entreprise": EmployerAction.ADMINISTER_USERS,
        "arrets_travail": EmployerAction.MANAGE_SICK_LEAVE,
        "cotisations": EmployerAction.MANAGE_CONTRIBUTIONS,
        "question_entreprise": EmployerAction.VIEW_STRUCTURE,
    }


def test_opening_the_page_needs_only_to_see_the_structure():
    handler = EmployerRequestsState.event_handlers["load"].fn
    assert getattr(handler, NEEDS) == EmployerAction.VIEW_STRUCTURE


REPLY_HANDLERS = ("start_reply", "cancel_reply", "upload_reply")


def test_every_public_handler_of_the_page_is_one_of_those():
    """No handler takes a form's fields apart from its files: each kind's upload handler gets both. The
    help search of « Poser une question » reads OCSO's answers only, with the page's own right; the reply
    handlers too (the service checks the démarche's kind against the profile: test_request_replies)."""
    public = set(own_handlers(EmployerRequestsState))
    assert public == {"load", "search_help", *REPLY_HANDLERS, *(h.fn.__name__ for h in UPLOADS.values())}
    for name in ("search_help", *REPLY_HANDLERS):
        assert getattr(EmployerRequestsState.event_handlers[name].fn, NEEDS) == EmployerAction.VIEW_STRUCTURE
