"""A button that asks before it acts: the portal's one confirmation dialog (Radix's alert dialog), for an
action that cannot be undone in a click (forcing an affiliation, taking a company out of a portfolio)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ocso_app.components.dialog_title import alert_dialog_title
from ocso_app.components.focus import alert_dialog_content


def confirm_button(
    trigger: rx.Component,
    *,
    title: Any,
    description: Any,
    confirm: str,
    on_confirm: Any,
    destructive: bool = False,
    dismiss: str = "Annuler",
) -> rx.Component:
    """``trigger`` (a button) opens a dialog saying ``description``; only its ``confirm`` button (red when
    the action takes something away) runs ``on_confirm``, ``dismiss`` closes it (another word than
    « Annuler » when the action itself is an annulation)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        alert_dialog_content(
            alert_dialog_title(title),
            rx.alert_dialog.description(description),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(dismiss, variant="soft")),
                rx.alert_dialog.action(
                    rx.button(confirm, on_click=on_confirm, color_scheme="red" if destructive else None)
                ),
                spacing="3",
                justify="end",
                padding_top="1em",
            ),
        ),
    )
