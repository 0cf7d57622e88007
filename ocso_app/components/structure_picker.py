"""The employer header's structure choice: « Toutes mes structures » or one of the user's structures.

Changing it sends the choice, then the page's own ``load``, so that the page and its menu follow at once.
A user with a single structure reads its name instead of a choice. On the narrowest phones (320 px) the
choice takes a line of the header of its own."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ocso_app import styles
from ocso_app.state.employer.base import EmployerState


def structure_picker(on_load: Any) -> rx.Component:
    """The picker; ``on_load`` is the current page's load handler."""
    return rx.cond(
        EmployerState.structure_choices.length() > 1,
        rx.select.root(
            rx.select.trigger(
                aria_label="Structure",
                style={
                    "color": "white",
                    "background": styles.NAVY_DARK,
                    "box_shadow": f"inset 0 0 0 1px {styles.ON_NAVY_OUTLINE}",
                    # widest first, so that the narrowest phones' rule comes last and wins (a list of widths
                    # by breakpoint is written after every other rule)
                    "max_width": "24em",
                    "@media (max-width: 47.99em)": {"max_width": "18em"},
                    "@media (max-width: 29.99em)": {"max_width": "11em"},
                    # there, its own line under the logo and the logout button, its whole label read: beside
                    # them it was cut to « Toutes mes st… » and pushed the button to a line of its own
                    styles.NARROWEST: {"order": "1", "flex_basis": "100%", "max_width": "100%"},
                },
            ),
            rx.select.content(
                rx.foreach(
                    EmployerState.structure_choices,
                    lambda choice: rx.select.item(choice["label"], value=choice["value"]),
                ),
            ),
            value=EmployerState.current_structure,
            on_change=[EmployerState.choose_structure, on_load],
            variant="soft",
            size="2",
        ),
        rx.text(
            rx.cond(
                EmployerState.structure_choices.length() == 1,
                EmployerState.structure_choices[0]["label"],
                "",
            ),
            color=styles.ON_NAVY_MUTED,
            font_size="0.85em",
            display=["none", "block"],
        ),
    )
