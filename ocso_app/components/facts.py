"""A labelled fact on a card ("N° adhérent  123456"): label muted on the left, value bold, wrapping on a
phone."""

import reflex as rx

from ocso_app import styles


def fact(label: str, value: rx.Var | str) -> rx.Component:
    """One line of a summary card."""
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600"),
        wrap="wrap",
        width="100%",
    )
