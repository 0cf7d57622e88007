"""A button that asks before it acts: the portal's one confirmation dialog (Radix's alert dialog), for an
action that cannot be undone in a click (forcing an affiliation, taking a company out of a portfolio), and
the same dialog in front of a plain form POSTed to a route (:func:`confirmed_post`): a letter whose download
changes an account (a temporary password, a new code) is never a link, which a stray click, a middle-click or
a browser prefetching it would fetch."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex_base.vars.function import FunctionStringVar

from ocso_app.components.dialog_title import alert_dialog_title
from ocso_app.components.focus import alert_dialog_content
from ocso_app.components.login_form import PostForm


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


def _submit(form_id: str) -> FunctionStringVar:
    """Submits the page's form ``form_id``, compiled into the bundle (the Content-Security-Policy forbids
    scripts sent by the server). The dialog is drawn outside the form (Radix puts it at the end of the page)
    and leaves the page as it closes: the form stays, and is submitted before the dialog goes."""
    return FunctionStringVar.create(
        f"(() => document.getElementById({json.dumps(form_id)})?.requestSubmit())"
    )


def confirmed_post(
    label: str, *, action: rx.Var[str] | str, form_id: str, title: str, description: str, confirm: str
) -> rx.Component:
    """A download button (``label``) opening a dialog that says ``description``: « Annuler » closes it,
    ``confirm`` POSTs a plain form (``form_id``, unique on the page) to ``action``, a route that changes
    something and answers a file as an attachment; the browser keeps the page and the session's cookie goes
    with the form (same origin)."""
    return PostForm.create(
        confirm_button(
            rx.button(rx.icon("download", size=16), label, type="button", variant="outline"),
            title=title,
            description=description,
            confirm=confirm,
            on_confirm=_submit(form_id),
        ),
        id=form_id,
        action=action,
        method="post",
    )
