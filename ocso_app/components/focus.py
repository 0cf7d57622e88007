"""Keyboard focus kept where the person is (WCAG 2.4.3) when the server redraws what had it.

The portal's dialogs are opened by the server (``open=State.var``), so Radix has no ``Dialog.Trigger`` to give
the focus back to when they close, and a button that the server replaces (« Réactiver » becoming
« Désactiver », « Modifier » becoming its form) takes the focus with it: both left it on the page's body, a
keyboard or screen-reader user starting again from the header. The work is done in the browser by
``assets/ocso.js`` (``window.ocsoFocus``; the Content-Security-Policy forbids scripts sent by the server):

- every dialog's content is :func:`dialog_content` or :func:`alert_dialog_content`, whose Radix focus
  events remember what had the focus when it opened and give it back when it closes (or, when the server
  removed that element meanwhile, to the element carrying its :func:`focus_key`, to what now stands in its
  place, else to the page's title);
- an element that the server swaps for another carries the same :func:`focus_key` as its replacement (a
  button and the inline panel it opens, a panel and the button that reopens it): when the one having the
  focus goes, the focus goes to the other, into its first field for a panel;
- a form the server refuses (RGAA 11.10) holds :func:`refusal_focus`: the focus goes from its button to the
  first field in error (``aria-invalid``), else to its message, instead of staying on the button.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.components.component import field
from reflex_base.vars.base import Var
from reflex_base.vars.function import FunctionStringVar

from ocso_app.components.effects import effect

# Radix calls these with its own event, on the content's element, before it moves the focus itself: ``closed``
# answers whether it placed the focus, and then Radix's own move (to a missing trigger: nowhere) is prevented.
REMEMBER_OPENER = FunctionStringVar.create("((event) => window.ocsoFocus?.opened(event))")
RETURN_FOCUS = FunctionStringVar.create(
    "((event) => { if (window.ocsoFocus?.closed(event)) event.preventDefault(); })"
)

FOCUS_KEY = "data-focus"


def focus_key(key: Any) -> dict[str, Any]:
    """The ``custom_attrs`` naming an element and whatever the server puts in its place (``key``: a string,
    or a Var within a list, unique on the page)."""
    return {FOCUS_KEY: key}


def dialog_content(*children: rx.Component, **props: Any) -> rx.Component:
    """``rx.dialog.content`` giving the focus back to what opened it."""
    return rx.dialog.content(
        *children, on_open_auto_focus=REMEMBER_OPENER, on_close_auto_focus=RETURN_FOCUS, **props
    )


def alert_dialog_content(*children: rx.Component, **props: Any) -> rx.Component:
    """``rx.alert_dialog.content`` giving the focus back to its trigger, or to what replaced it."""
    return rx.alert_dialog.content(
        *children, on_open_auto_focus=REMEMBER_OPENER, on_close_auto_focus=RETURN_FOCUS, **props
    )


class RefusalFocus(rx.Fragment):
    """Calls ``window.ocsoFocus.refused(scope)`` each time ``serial`` changes (nothing is drawn)."""

    scope: str = field(default="", is_javascript_property=False)
    serial: Var | None = field(default=None, is_javascript_property=False)

    def add_hooks(self) -> list[str | Var]:
        if self.serial is None:
            return []
        return [
            effect(
                f"if ({self.serial} > 0) window.ocsoFocus?.refused({Var.create(self.scope)});", [self.serial]
            )
        ]


def refusal_focus(scope: str, serial: rx.Var[int]) -> rx.Component:
    """Put inside the element whose ``id`` is ``scope`` (a form, or the card holding a form and its
    messages): each time the server refuses it, bumping ``serial`` (``state.refusals.Refusals``: the same
    messages twice change nothing else in the browser), the focus goes to the scope's first field marked
    ``aria-invalid``, else to its first message (``role="alert"``); only when the focus is in the scope (its
    button) or lost on the page's body, so that the answer to something else never moves it."""
    return RefusalFocus.create(scope=scope, serial=serial)
