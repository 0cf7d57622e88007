"""An unexpected error in a page event: the traceback goes to the log, the page gets a French toast
(``state.notices``: an event the browser sends back, whose vars a compiled hook shows; not Reflex's English
toast sent as a script, which the Content-Security-Policy forbids)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from ocso_app import errors_shown, log_redaction
from ocso_app.models import Account, AccountKind, RequestMessage
from ocso_app.ocso_app import app
from tests.builders import make_employer


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


def test_values_the_database_quotes_of_a_refused_row_stay_out_of_the_log(db, caplog):
    """PostgreSQL's own text, which ``hide_parameters`` leaves in, quotes what a constraint refused: the
    whole row of a not-null or check violation (« DETAIL: Failing row contains (…) », a démarche's message
    about someone's health), the key of a unique one (« Key (kind, login)=(…, claire@…) already exists »)."""
    log_redaction.install()
    health = "Hospitalisation en psychiatrie prévue le 12/03 pour ma fille"
    existing = make_employer(db)
    refusals = []
    for row in (
        RequestMessage(request_id=None, from_ocso=False, body=health),
        Account(kind=AccountKind.EMPLOYER, login=existing.login, email=existing.email),
    ):
        with db.begin_nested() as savepoint:
            db.add(row)
            with pytest.raises(IntegrityError) as refused:
                db.flush()
            refusals.append(refused.value)
            savepoint.rollback()
    with caplog.at_level(logging.ERROR, logger="ocso.errors"):
        for refusal in refusals:
            errors_shown.backend_error(refusal)
    assert caplog.text.count("IntegrityError") >= 2 and "INSERT INTO accounts" in caplog.text
    assert health not in caplog.text and existing.login not in caplog.text
