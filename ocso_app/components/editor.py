"""The layout of the staff's editing pages (Actualités, Aide): title and intro, the form in a card under a
heading that says whether it creates or changes, the messages, then the list."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import banner
from ocso_app.state.staff.base import FORM_GENERATION


def form_buttons(editing: rx.Var[bool], *, new_label: str, on_new, generation: rx.Var[int]) -> rx.Component:
    """« Enregistrer », and « <new_label> » to leave the item being changed; the form's ``generation`` goes
    with it, so that the state saves each form once (``state.staff.base.FORM_GENERATION``)."""
    return rx.hstack(
        rx.el.input(type="hidden", name=FORM_GENERATION, value=generation.to_string()),
        rx.button(rx.cond(editing, "Enregistrer les modifications", "Enregistrer"), type="submit", size="3"),
        rx.cond(editing, rx.button(new_label, type="button", variant="soft", size="3", on_click=on_new)),
        spacing="3",
    )


def editor_page(
    title: str,
    intro: str,
    *,
    editing: rx.Var[bool],
    headings: tuple[str, str],
    form: rx.Component,
    error: rx.Var[str],
    info: rx.Var[str],
    table: rx.Component,
) -> rx.Component:
    """``headings``: the form's heading when it changes an item, and when it writes a new one."""
    changing, creating = headings
    return rx.vstack(
        rx.heading(title, as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(intro, color=styles.TEXT_MUTED),
        rx.box(
            rx.heading(
                rx.cond(editing, changing, creating),
                as_="h2",
                size="4",
                color=styles.NAVY,
                margin_bottom="0.5em",
            ),
            form,
            style=styles.CARD,
            width="100%",
        ),
        banner(error),
        banner(info, tone="success"),
        table,
        width="100%",
        spacing="4",
    )
