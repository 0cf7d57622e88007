"""« Désactiver » / « Réactiver »: the button that switches an account (a collaborator's in Comptes OCSO, an
introducer's in Apporteurs d'affaires) off or on. « Désactiver » asks first in a dialog (it ends the sessions
at once); « Réactiver » acts at once. Both carry one focus key, so that the keyboard stays on the same row
when the server swaps one for the other (``components.focus``)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ocso_app.components.confirm import confirm_button
from ocso_app.components.focus import focus_key


def active_switch(
    *,
    active: Any,
    deactivate_label: Any,
    reactivate_label: Any,
    focus: Any,
    title: Any,
    description: Any,
    confirm: str,
    on_deactivate: Any,
    on_reactivate: Any,
) -> rx.Component:
    """« Désactiver » when ``active`` (its accessible name ``deactivate_label``, confirmed in a dialog of
    ``title``, ``description`` and the ``confirm`` button, which runs ``on_deactivate``), else « Réactiver »
    (named ``reactivate_label``, running ``on_reactivate``); both keyed ``focus``."""
    return rx.cond(
        active,
        confirm_button(
            rx.button(
                "Désactiver",
                size="1",
                color_scheme="red",
                variant="soft",
                aria_label=deactivate_label,
                custom_attrs=focus_key(focus),
            ),
            title=title,
            description=description,
            confirm=confirm,
            on_confirm=on_deactivate,
            destructive=True,
        ),
        rx.button(
            "Réactiver",
            size="1",
            variant="soft",
            on_click=on_reactivate,
            aria_label=reactivate_label,
            custom_attrs=focus_key(focus),
        ),
    )
