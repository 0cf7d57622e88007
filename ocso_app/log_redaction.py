"""Secrets never reach the portal's log, whoever writes the line. Reflex logs a whole event when it cannot
run it (an unknown handler name, a crash before the handler, arguments it cannot convert, data it cannot
read): its headers (the session cookie, whoever reads it could open that session), its page's address (a
link's ``?jeton=``) and its payload, the values a form sent: a password typed at login, a new IBAN, a NIR, a
second-factor code. PostgreSQL's own error text, which SQLAlchemy's ``hide_parameters`` leaves in, names the
values a constraint refused (« DETAIL: Key (login)=(claire@…) already exists », « Failing row contains
(…, the message of a démarche, …) »).

So every log record's text is cleaned when it is made (``logging``'s record factory), the exception it
carries included: the ``Cookie`` header's value, any session cookie and link token, each value of an
event's payload (its argument names and the handler's name stay, to tell what failed), whatever Reflex
quotes of data it could not read or convert, and the values PostgreSQL quotes become « *** ». The portal's
own code never logs a password, a token, a NIR or an IBAN in the first place."""

from __future__ import annotations

import ast
import logging
import re
from typing import Any

from ocso_app.services.sessions import SESSION_COOKIE

HIDDEN = "***"
LINK_TOKEN = "jeton"  # the query parameter of every e-mailed link (reset, confirmation, affiliation…)
_QUOTED_UNDER_KEY = (  # the quoted value of a dict's key
    re.compile(r"""(['"]cookie['"]\s*:\s*)(['"])(?:(?!\2).)*\2""", re.IGNORECASE),  # an event's headers
    re.compile(rf"""(['"]{LINK_TOKEN}['"]\s*:\s*)(['"])(?:(?!\2).)*\2"""),  # an event's parsed query
)
_AFTER_NAME = (  # a value after its name
    re.compile(rf"({re.escape(SESSION_COOKIE)}=)[^;,'\"\s]+"),  # the cookie itself, anywhere
    re.compile(rf"([?&]{LINK_TOKEN}=)[^&#'\"\s]+"),  # a link's token, in an address
)
# Where Reflex quotes a value of an event it could not convert or read (reflex_base.event.processor,
# reflex.app's EventNamespace.on_event): greedy, so that a value holding the closing words stays hidden.
_QUOTED_VALUES = (
    re.compile(r"(with value ').*(' and type hint ')", re.DOTALL),
    re.compile(r"(Received an invalid enum value \().*(\) for type )", re.DOTALL),
    re.compile(r"(Received a string value \().*(\) but expected a )", re.DOTALL),
    re.compile(r"(but received ).*( of type <class )", re.DOTALL),
    # PostgreSQL's DETAIL of a unique, foreign-key or exclusion violation
    re.compile(r"(Key \([^)]*\)=\().*?(\) (?:already exists|is not present|is still referenced|conflicts))"),
)
# Hidden up to the end of the value, where what follows is known, else to the end of the text: data Reflex
# could not read as an event (a dict's payload is hidden as any other), PostgreSQL's DETAIL of a check or
# not-null violation (the whole row).
_TO_THE_END = (re.compile(r"[Ee]vent data: (?!\{)"), re.compile(r"Failing row contains \("))
_AFTER_THE_VALUE = ("\n[SQL: ", "\n\nThe above exception", "\n\nDuring handling of the above exception")
_PAYLOAD = re.compile(r"""(?:\bpayload=|['"]payload['"]\s*:\s*)""")
_MARK = "_ocso_redacting"


def _end_of_value(text: str, start: int) -> int:
    """Where the Python or JSON literal (a dict, a list, a string, a number) starting at ``start`` ends; the
    end of ``text`` when it does not close there (a cut line: all the rest may be the value)."""
    closing = {"{": "}", "[": "]", "(": ")"}
    expected: list[str] = []
    quote = ""
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
                if not expected:
                    return index + 1
        elif char in "'\"":
            quote = char
        elif char in closing:
            expected.append(closing[char])
        elif expected and char == expected[-1]:
            expected.pop()
            if not expected:
                return index + 1
        elif not expected and (char in ",)}]" or char.isspace()):
            return index
        index += 1
    return len(text)


def _hidden_payload(value: str) -> str:
    """An event's payload with each value hidden, its argument names kept when it reads as a dict."""
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return HIDDEN
    if isinstance(parsed, dict) and all(isinstance(name, str) for name in parsed):
        return "{" + ", ".join(f"{name!r}: {HIDDEN!r}" for name in parsed) + "}"
    return HIDDEN


def _without_payloads(text: str) -> str:
    """``text`` with the values of each event payload it prints hidden (``payload=`` of an ``Event``, or a
    ``"payload"`` key of data received)."""
    parts: list[str] = []
    position = 0
    for found in _PAYLOAD.finditer(text):
        if found.start() < position:
            continue  # inside a payload already hidden
        end = _end_of_value(text, found.end())
        parts += [text[position : found.end()], _hidden_payload(text[found.end() : end])]
        position = end
    return "".join(parts) + text[position:]


def _hidden_to_the_end(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with what follows each match of ``pattern`` hidden up to what is known to follow the value
    (SQLAlchemy's statement, a chained exception), else to the end."""
    parts: list[str] = []
    position = 0
    for found in pattern.finditer(text):
        if found.start() < position:
            continue
        ends = [end for end in (text.find(after, found.end()) for after in _AFTER_THE_VALUE) if end >= 0]
        end = min(ends, default=len(text))
        parts += [text[position : found.end()], HIDDEN]
        position = end
    return "".join(parts) + text[position:]


def redact(text: str) -> str:
    """``text`` without the cookie header's value, any session or link token, an event's payload values,
    the data Reflex quotes of an event it could not read, nor the values PostgreSQL quotes."""
    for pattern in _QUOTED_UNDER_KEY:
        text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}{m.group(2)}", text)
    for pattern in _AFTER_NAME:
        text = pattern.sub(rf"\g<1>{HIDDEN}", text)
    text = _without_payloads(text)
    for pattern in _QUOTED_VALUES:
        text = pattern.sub(rf"\g<1>{HIDDEN}\g<2>", text)
    for pattern in _TO_THE_END:
        text = _hidden_to_the_end(text, pattern)
    return text


def _clean(record: logging.LogRecord) -> None:
    """Clean the record's message and the text of the exception it carries, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record is logging's to report, as it would be without us
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[0] is not None:
        trace = logging.Formatter().formatException(record.exc_info)
        clean_trace = redact(trace)
        if clean_trace != trace:
            # Reflex's own handlers format ``exc_info`` themselves, whatever ``exc_text`` holds: the cleaned
            # traceback goes in the message instead
            record.msg, record.args = f"{record.getMessage()}\n{clean_trace}", None
            record.exc_info, record.exc_text = None, None


def install() -> None:
    """Clean every log record of the process from now on (idempotent)."""
    make = logging.getLogRecordFactory()
    if getattr(make, _MARK, False):
        return

    def cleaned(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        _clean(record)
        return record

    setattr(cleaned, _MARK, True)
    logging.setLogRecordFactory(cleaned)
