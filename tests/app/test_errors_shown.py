"""An unexpected error in a page event: the traceback goes to the log, the page gets a French toast (a plain
function call the Content-Security-Policy allows, not Reflex's English toast falling back to a script)."""

from __future__ import annotations

import logging

from ocso_app import errors_shown
from ocso_app.ocso_app import app


def test_an_unexpected_error_is_logged_and_told_in_french(caplog):
    assert app.backend_exception_handler is errors_shown.backend_error
    try:
        {}["iban_enc"]
    except KeyError as error:
        with caplog.at_level(logging.ERROR, logger="ocso.errors"):
            shown = errors_shown.backend_error(error)
    assert "KeyError: 'iban_enc'" in caplog.text and "Traceback" in caplog.text
    call = str(shown.args)
    assert errors_shown.UNEXPECTED in call and "support@ocso.fr" in call
    assert "An error occurred" not in call and "alert" not in call
