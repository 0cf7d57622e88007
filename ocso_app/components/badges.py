"""Counters: the red badge of unread documents, on the menu and on each section of Mes documents."""

from __future__ import annotations

import reflex as rx


def count_badge(count: rx.Var[int], label: rx.Var[str] | str) -> rx.Component:
    """A red round counter shown only when ``count`` > 0; ``label`` names it for screen readers."""
    return rx.cond(
        count > 0,
        rx.badge(
            count,
            color_scheme="red",
            variant="solid",
            radius="full",
            aria_label=label,
            role="status",
        ),
        rx.fragment(),
    )
