"""No session cookie in the log: the record factory ``log_redaction`` installs cleans Reflex's report of an
event it could not run (its headers' ``cookie``) and a session cookie written anywhere else."""

from __future__ import annotations

import logging

from ocso_app import log_redaction
from ocso_app.services.sessions import SESSION_COOKIE

TOKEN = "BbEg_FS1j9V1gwoIxSMhOSx1eiMoZp5pqDwZxZQSz9Y"
EVENT = (
    "Error processing event queue entry for Event(name='x.choose_structure', router_data={'pathname': "
    f"'/employeur', 'headers': {{'host': 'localhost', 'cookie': 'theme=dark; {SESSION_COOKIE}={TOKEN}', "
    "'user-agent': 'Python/3.11'}, payload={'value': '63'}) [txid=fe16]:"
)


def test_reflexs_report_of_an_event_keeps_everything_but_the_cookie(caplog):
    log_redaction.install()
    log_redaction.install()  # twice: one cleaning
    with caplog.at_level(logging.WARNING):
        logging.getLogger("reflex_base.event.processor.event_processor").error("%s", EVENT)
        logging.getLogger("anything").warning("cookie %s=%s; other=1", SESSION_COOKIE, TOKEN)
    text = caplog.text
    assert TOKEN not in text and "theme=dark" not in text
    assert "'cookie': '***'" in text and f"{SESSION_COOKIE}=***; other=1" in text
    assert "choose_structure" in text and "'user-agent': 'Python/3.11'" in text


def test_a_record_without_secret_is_left_as_it_was():
    log_redaction.install()
    record = logging.getLogRecordFactory()("n", logging.INFO, "f", 1, "%s envoyé(s)", (3,), None)
    assert (record.msg, record.args) == ("%s envoyé(s)", (3,))
