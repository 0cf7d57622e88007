"""Labelled facts on a card: one line ("N° adhérent  123456": label muted on the left, value bold, wrapping
on a phone), a line of a guarantee table, and the sums of a selection (each amount large under its label)."""

from collections.abc import Sequence

import reflex as rx

from ocso_app import styles


def fact(label: str, value: rx.Var | str) -> rx.Component:
    """One line of a summary card."""
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600", overflow_wrap="anywhere"),  # a long e-mail breaks on a phone
        wrap="wrap",
        width="100%",
    )


def guarantee_line(line: rx.Var) -> rx.Component:
    """A row of a guarantee table (``label``, ``rule``) as a two-column list: readable at 375 px as at 1280 px
    (the employer's Entreprise, the member's Mes documents)."""
    return rx.hstack(
        rx.text(line.label, flex="1 1 8em", min_width="0"),
        rx.text(line.rule, font_weight="600", text_align="right", flex="0 1 auto", max_width="60%"),
        justify="between",
        width="100%",
        padding_y="0.3em",
        border_bottom=f"1px solid {styles.RULE}",
        spacing="3",
    )


def _sum(label: str, value: rx.Var, key: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, color=styles.TEXT_MUTED, size="2"),
        rx.text(value, font_weight="700", size="5", color=styles.NAVY, data_total=key),
        spacing="1",
    )


def sums_grid(totals: rx.Var, items: Sequence[tuple[str, str]]) -> rx.Component:
    """The sums of a selection: ``(label, key)`` shows ``totals[key]`` (``data-total=key``, which the tests
    read); two per row on a phone, one below 360 px (a large amount, « 188 862,61 € », does not fit half
    of a 320 px screen), all on one row from the md breakpoint."""
    return rx.grid(
        *[_sum(label, totals[key], key) for label, key in items],
        columns=rx.breakpoints(initial="2", md=str(len(items))),
        spacing="4",
        width="100%",
        style={styles.NARROWEST: {"grid_template_columns": "minmax(0, 1fr)"}},
    )
