"""The serial of a state's refused forms: bumped at each refusal, watched by the page's
``components.focus.refusal_focus``, which then moves the focus to the field in error. The messages alone
cannot tell it: the same refusal twice sends the same messages, which the browser's store keeps as they
were (no change, no effect)."""

from __future__ import annotations

import reflex as rx


class Refusals(rx.State, mixin=True):
    """``refusals``: how many times a form of this state was refused (only its changes matter)."""

    refusals: int = 0

    def _refused(self) -> None:
        self.refusals += 1
