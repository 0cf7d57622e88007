"""Fields of a form checked on the server, each with its French message under it: the typed value comes
back from a state dict (``values``) when the field is drawn again (a wizard's step left and reopened), the
message from another (``errors``). The field in error is ``aria-invalid`` and described by its message
(``error_props`` and ``field_error``, for any form whose state keeps its messages by field; a message with no
field of its own takes the focus when the form is refused, ``focus.refusal_focus``). And the stepper of a
wizard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import Options, field, select_field


def error_props(errors: rx.Var, name: str) -> dict[str, Any]:
    """The props of the control ``name`` (its id) tying it to its message: ``aria-invalid`` while
    ``errors`` has one, and ``aria-describedby`` naming ``field_error``'s."""
    return {
        "aria_invalid": rx.cond(errors.contains(name), "true", "false"),
        "aria_describedby": f"{name}-erreur",
    }


def field_error(errors: rx.Var, name: str) -> rx.Component:
    """The message of ``name`` (``id="<name>-erreur"``, which the field points to), when there is one."""
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], id=f"{name}-erreur", color=styles.DANGER, size="2", role="alert", tab_index=-1),
        rx.fragment(),
    )


def checked_field(
    label: str,
    name: str,
    values: rx.Var,
    errors: rx.Var,
    *,
    hint: str | None = None,
    required: bool = False,
    **props: Any,
) -> rx.Component:
    """A labelled text input filled with ``values[name]``, and its message."""
    return rx.vstack(
        field(
            label,
            name,
            hint=hint,
            required=required,
            default_value=values[name].to(str),
            **error_props(errors, name),
            **props,
        ),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def checked_select(
    label: str,
    name: str,
    options: Options,
    values: rx.Var,
    errors: rx.Var,
    *,
    follows_state: bool = False,
    **props: Any,
) -> rx.Component:
    """A labelled select on ``values[name]``, « Choisir… » while it has none, and its message; with
    ``follows_state`` it is drawn again whenever the state changes that value (a choice that follows
    another), so that it always shows it."""
    # "" and not undefined when there is no value: with no default the browser shows the first choice it
    # may select, the placeholder being disabled (a form drawn empty again read « Santé »)
    chosen = values.get(name, "").to(str)
    if follows_state:
        props["key"] = chosen
    return rx.vstack(
        select_field(
            label,
            name,
            options,
            first=("", "Choisir…"),
            default=chosen,
            **error_props(errors, name),
            **props,
        ),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def stepper(titles: Sequence[str], current: rx.Var) -> rx.Component:
    """« 1 Identité — 2 Contrat — … »: the steps done, the current one (``aria-current="step"``), the rest."""

    def one(index: int, title: str) -> rx.Component:
        is_current = current == index
        done = current > index
        color = rx.cond(is_current | done, styles.NAVY, styles.TEXT_MUTED)
        return rx.hstack(
            rx.center(
                rx.cond(done, rx.icon("check", size=14), rx.text(str(index + 1))),
                width="1.8em",
                height="1.8em",
                border_radius="50%",
                color=rx.cond(is_current | done, "white", styles.TEXT_MUTED),
                background=rx.cond(is_current, styles.ORANGE, rx.cond(done, styles.NAVY, "transparent")),
                border=rx.cond(is_current | done, "none", f"1px solid {styles.BORDER}"),
                font_weight="700",
                font_size="0.85em",
            ),
            rx.text(title, font_weight=rx.cond(is_current, "700", "500"), color=color),
            align="center",
            spacing="2",
            aria_current=rx.cond(is_current, "step", None),
        )

    return rx.el.ol(
        *[rx.el.li(one(i, t), list_style="none") for i, t in enumerate(titles)],
        aria_label="Étapes",
        style={"display": "flex", "gap": "1.5em", "flex_wrap": "wrap", "padding": "0", "margin": "0"},
    )
