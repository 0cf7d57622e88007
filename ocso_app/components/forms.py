"""Form building blocks: labelled fields, the centred form card, and the error/info banners."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles


def field(
    label: str,
    name: str,
    *,
    type_: str = "text",
    autocomplete: str | None = None,
    hint: str | None = None,
    required: bool = True,
    **props,
) -> rx.Component:
    """A labelled input; the label is tied to the input for screen readers and Playwright's get_by_label."""
    return rx.vstack(
        rx.el.label(label, html_for=name, font_weight="600", font_size="0.95em"),
        rx.input(
            id=name,
            name=name,
            type=type_,
            required=required,
            auto_complete=autocomplete,
            size="3",
            width="100%",
            **props,
        ),
        *([rx.text(hint, size="1", color=styles.TEXT_MUTED)] if hint else []),
        spacing="1",
        width="100%",
    )


def banner(message: rx.Var[str], *, tone: str = "error") -> rx.Component:
    """A message shown when ``message`` is not empty (role=alert for errors, status otherwise)."""
    color = {"error": "red", "info": "blue", "success": "green"}[tone]
    return rx.cond(
        message != "",
        rx.callout(message, color_scheme=color, role="alert" if tone == "error" else "status", width="100%"),
        rx.fragment(),
    )


def form_card(title: str, *children: rx.Component, intro: str | None = None) -> rx.Component:
    """A centred card holding one form, as on the guides' login pages."""
    return rx.center(
        rx.vstack(
            rx.heading(title, as_="h1", size="6", color=styles.NAVY),
            *([rx.text(intro, color=styles.TEXT_MUTED)] if intro else []),
            *children,
            spacing="4",
            style=styles.CARD,
            max_width="460px",
            padding="2em",
        ),
        width="100%",
    )


def submit_button(label: str, loading: rx.Var[bool] | bool = False) -> rx.Component:
    return rx.button(label, type="submit", size="3", width="100%", loading=loading)
