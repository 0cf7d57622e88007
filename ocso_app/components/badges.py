"""Badges: the red counter of unread documents (on the menu and on each section of Mes documents), and an
employee's affiliation status."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles


def count_badge(
    count: rx.Var[int], label: rx.Var[str] | str, *, named_by_parent: bool = False
) -> rx.Component:
    """A red round counter shown only when ``count`` > 0; ``label`` names it for screen readers, unless
    ``named_by_parent`` (the control holding it says the count in its own name)."""
    names: dict = {"aria_hidden": True} if named_by_parent else {"aria_label": label, "role": "status"}
    return rx.cond(
        count > 0,
        rx.badge(
            count,
            color_scheme="red",
            variant="solid",
            radius="full",
            background_color=styles.DANGER,  # white on it 6.6:1 (Radix's red 3.9:1 is too pale)
            **names,
        ),
        rx.fragment(),
    )


def affiliation_badge(label: rx.Var[str] | str, status: rx.Var[str]) -> rx.Component:
    """An affiliation status (``label``, French) coloured by its ``AffiliationStatus`` value ``status``."""
    scheme = rx.match(status, *styles.AFFILIATION_BADGES.items(), "gray")
    return rx.badge(label, color_scheme=scheme, variant="soft", size="2", white_space="nowrap")
