"""Secrets never reach the portal's log, whoever writes the line. Reflex logs a whole event when it cannot
run it (an unknown handler name, a crash before the handler), headers included: the session cookie would be
written in clear, and whoever reads the log could open that session. Every log record's text is cleaned
when it is made (``logging``'s record factory): the ``Cookie`` header's value and any session cookie become
« *** ». The portal's own code never logs a password, a token, a NIR or an IBAN in the first place."""

from __future__ import annotations

import logging
import re
from typing import Any

from ocso_app.services.sessions import SESSION_COOKIE

HIDDEN = "***"
_PATTERNS = (
    re.compile(r"""(['"]cookie['"]\s*:\s*)(['"])(?:(?!\2).)*\2""", re.IGNORECASE),  # an event's headers
    re.compile(rf"({re.escape(SESSION_COOKIE)}=)[^;,'\"\s]+"),  # the cookie itself, anywhere
)
_MARK = "_ocso_redacting"


def redact(text: str) -> str:
    """``text`` without the cookie header's value nor any session token."""
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}{m.group(2)}", text)
    return _PATTERNS[1].sub(rf"\g<1>{HIDDEN}", text)


def install() -> None:
    """Clean every log record of the process from now on (idempotent)."""
    make = logging.getLogRecordFactory()
    if getattr(make, _MARK, False):
        return

    def cleaned(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's to report, as it would be without us
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    setattr(cleaned, _MARK, True)
    logging.setLogRecordFactory(cleaned)
