"""No secret in the log: the record factory ``log_redaction`` installs cleans Reflex's report of an event it
could not run (its headers' ``cookie``, its payload's values, a link's token), a session cookie written
anywhere else, and the data Reflex quotes of an event it could not convert or read, driven through
Reflex's own code."""

from __future__ import annotations

import asyncio
import logging

from reflex.app import EventNamespace
from reflex_base.event import Event, EventHandler
from reflex_base.event.processor import base_state_processor, event_processor
from reflex_base.utils.log import RichConsoleHandler

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


# What a form sends: Reflex's reports of an event it could not run must keep none of it, only names.
PASSWORD = "Mon-Vrai-Passe-31"
IBAN = "FR7630006000011234567890189"


def _as_reflex_prints(caplog) -> str:
    """The records as Reflex's own handlers print them (``reflex_base.utils.log``): the message, then
    ``exc_info`` formatted anew, whatever ``exc_text`` holds."""
    handler = RichConsoleHandler()
    return "\n".join(
        record.getMessage() + (handler.format_exception(record) if record.exc_info else "")
        for record in caplog.records
    )


def test_an_event_reflex_cannot_queue_is_logged_by_name_without_its_payload(caplog):
    """reflex_base's event processor logs ``Error processing event queue entry for {event}`` (an unknown
    handler name, a crash before the handler): the event's repr, its payload included."""
    event = Event(
        name="reflex___state____state.ocso_app___state___public___login____login_state.submit",
        router_data={"pathname": "/assure/reinitialiser", "asPath": "/assure/reinitialiser?jeton=Jt0k3n"},
        payload={"form_data": {"login": "123456", "password": PASSWORD}, "iban": IBAN},
    )
    log_redaction.install()
    with caplog.at_level(logging.ERROR):
        try:
            raise KeyError(f"No registered handler found for event: {event.name}")
        except KeyError:
            logging.getLogger(event_processor.__name__).exception(
                f"Error processing event queue entry for {event} [txid=fe16]:"
            )
    text = caplog.text + _as_reflex_prints(caplog)
    assert PASSWORD not in text and IBAN not in text and "123456" not in text and "Jt0k3n" not in text
    assert "login_state.submit" in text and "payload={'form_data': '***', 'iban': '***'}" in text


def test_a_value_reflex_cannot_convert_is_logged_without_the_value(caplog):
    """A handler typed ``int`` sent a password: Reflex warns with the value it could not convert."""

    def choose(self, value: int) -> None:
        """A handler of the portal's kind."""

    log_redaction.install()
    with caplog.at_level(logging.WARNING):
        prepared = base_state_processor._prepare_event_payload(EventHandler(fn=choose), {"value": PASSWORD})
    assert prepared == {"value": PASSWORD}  # Reflex went on with it: the handler decides
    assert "choose" in caplog.text and "'value'" in caplog.text and PASSWORD not in caplog.text


def test_data_reflex_cannot_read_as_an_event_is_logged_without_it(caplog):
    """reflex.app's EventNamespace.on_event quotes the data it received: a connection it does not know
    (warning), data it cannot read (the exception python-engineio logs with its traceback)."""
    namespace = EventNamespace("/_event", app=None)
    sid = "sid-inconnu"
    event = {"name": "x.login_state.submit", "payload": {"form_data": {"password": PASSWORD}}}
    log_redaction.install()
    with caplog.at_level(logging.WARNING):
        asyncio.run(namespace.on_event(sid, event))
        namespace._token_manager.sid_to_token[sid] = "onglet"
        for unreadable in (f"mot de passe {PASSWORD}", [PASSWORD, IBAN], {"nom": "x", "payload": IBAN}):
            try:
                asyncio.run(namespace.on_event(sid, unreadable))
            except Exception:
                logging.getLogger("engineio.server").exception("message async handler error")
    text = caplog.text + _as_reflex_prints(caplog)
    assert "login_state.submit" in text and "EventDeserializationError" in text
    assert PASSWORD not in text and IBAN not in text
