"""An unexpected error in a page event: the traceback goes to the log, the page gets a French toast
(``state.notices``: an event the browser sends back, whose vars a compiled hook shows; not Reflex's English
toast sent as a script, which the Content-Security-Policy forbids)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from ocso_app import errors_shown
from ocso_app.models import RequestMessage
from ocso_app.ocso_app import app


def test_an_unexpected_error_is_logged_and_told_in_french(caplog):
    assert app.backend_exception_handler is errors_shown.backend_error
    try:
        {}["iban_enc"]
    except KeyError as error:
        with caplog.at_level(logging.ERROR, logger="ocso.errors"):
            shown = errors_shown.backend_error(error)
    assert "KeyError: 'iban_enc'" in caplog.text and "Traceback" in caplog.text
    assert shown.handler.fn.__qualname__ == "NoticeState.show"
    call = str(shown.args)
    assert errors_shown.UNEXPECTED in call and "support@ocso.fr" in call
    assert "An error occurred" not in call and "alert" not in call


def test_a_failed_statement_is_logged_without_the_values_it_was_given(db, caplog):
    """What a statement carried (a démarche's message about someone's health, an address, a name) stays out of
    the log when the database refuses it: the traceback names the statement only."""
    health = "Hospitalisation en psychiatrie prévue le 12/03 pour ma fille"
    db.add(RequestMessage(request_id=-1, from_ocso=False, body=health))  # no such démarche: refused
    with pytest.raises(IntegrityError) as refused:
        db.flush()
    with caplog.at_level(logging.ERROR, logger="ocso.errors"):
        errors_shown.backend_error(refused.value)
    assert "IntegrityError" in caplog.text and "INSERT INTO request_messages" in caplog.text
    assert health not in caplog.text
