"""One message of a démarche's thread, as the sender's history and the staff's détail page show it: OCSO's
on blue, the sender's on white; who wrote it and when, the text as typed, the files that came with it."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles


def thread_message(
    author: rx.Var, when: rx.Var, body: rx.Var, from_ocso: rx.Var, files: rx.Component
) -> rx.Component:
    """A message card; ``files`` lists its attachments (each space draws its own links)."""
    return rx.vstack(
        rx.text(author, " — ", when, size="1", font_weight="600", color=styles.TEXT_MUTED),
        rx.text(body, size="2", white_space="pre-wrap"),
        files,
        spacing="1",
        background=rx.cond(from_ocso, styles.SKY, "white"),
        border=f"1px solid {styles.RULE}",
        border_radius="8px",
        padding="0.5em 0.75em",
        width="100%",
    )
