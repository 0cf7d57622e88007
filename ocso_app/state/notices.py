"""The toast a handler asks the browser to show (a refused page, an unexpected error), in a way the
Content-Security-Policy allows.

A handler returning ``rx.toast.error(...)`` sends the browser a string of JavaScript, which Reflex's event
loop runs with ``eval``: our Content-Security-Policy forbids it (no ``'unsafe-eval'``), so the toast never
showed. A handler returns ``notice(text)`` instead: an event of ``NoticeState``, which the browser sends
back; ``components.notices.NoticeToaster`` watches its vars and calls sonner's ``toast.error``.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventSpec

from ocso_app.state.hydration import PristineState

LONGEST = 300


class NoticeState(PristineState, rx.State):
    """The last notice this tab was asked to show; ``serial`` tells the same text shown twice apart. Public
    and per tab: it holds a sentence of the portal's, never private data."""

    text: str = ""
    description: str = ""
    serial: int = 0

    @rx.event
    def show(self, text: str, description: str = ""):
        """Show ``text`` (and ``description`` below it) as an error toast."""
        self.text, self.description = str(text)[:LONGEST], str(description)[:LONGEST]
        self.serial += 1


def notice(text: str, description: str = "") -> EventSpec:
    """What a handler returns for a French error toast."""
    return NoticeState.show(text, description)
