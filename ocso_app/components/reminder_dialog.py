"""« Relancer tous »: the button, and the dialog that asks « Envoyer N relances ? »,
follows the sending and tells the result, with the employees without an e-mail linked to their fiche."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.dialog_title import dialog_title
from ocso_app.components.focus import dialog_content
from ocso_app.components.forms import banner
from ocso_app.components.wording import of
from ocso_app.state.employer.reminders import BulkReminderState as S

BUTTON = "Relancer tous les salarié(e)s en attente"


def _without_email() -> rx.Component:
    return rx.cond(
        S.without_email_note != "",
        rx.vstack(
            rx.text(S.without_email_note, size="2"),
            rx.flex(
                rx.foreach(
                    S.without_email,
                    lambda e: rx.link(e["name"], href=e["href"], size="2", aria_label=of("Fiche", e["name"])),
                ),
                wrap="wrap",
                spacing="3",
                max_height="10em",
                overflow_y="auto",
                width="100%",
            ),
            spacing="2",
            width="100%",
            style={"border_left": f"3px solid {styles.ORANGE}", "padding_left": "0.75em"},
        ),
        rx.fragment(),
    )


def _asking() -> rx.Component:
    return rx.fragment(
        rx.cond(
            S.can_send,
            rx.text(
                "Chaque salarié(e) à relancer reçoit par e-mail un nouveau lien personnel pour s'affilier ou "
                "demander une dispense ; le lien précédent ne fonctionne plus.",
                size="2",
                color=styles.TEXT_MUTED,
            ),
            rx.fragment(),
        ),
        rx.cond(S.capped != "", rx.text(S.capped, size="2"), rx.fragment()),
    )


def _buttons() -> rx.Component:
    return rx.flex(
        rx.cond(
            S.result == "",
            rx.button("Annuler", variant="soft", on_click=S.close(False), disabled=S.sending),
            rx.button("Fermer", variant="soft", on_click=S.close(False)),
        ),
        rx.cond(
            S.can_send,
            rx.button("Envoyer les relances", on_click=S.send_all),
            rx.fragment(),
        ),
        justify="end",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def reminder_dialog() -> rx.Component:
    """The button (for the follow-up's card) and its dialog."""
    return rx.fragment(
        rx.button(
            BUTTON,
            on_click=S.prepare,
            variant="outline",
            size="2",
            white_space="normal",
            height="auto",
            padding_y="0.4em",
        ),
        rx.dialog.root(
            dialog_content(
                rx.vstack(
                    dialog_title("Relancer les salarié(e)s en attente", color=styles.NAVY, margin="0"),
                    rx.cond(
                        S.result != "",
                        banner(S.result, tone="success"),
                        rx.cond(
                            S.sending,
                            rx.hstack(rx.spinner(), rx.text(S.progress, role="status"), align="center"),
                            rx.dialog.description(S.question, font_weight="700", size="4"),
                        ),
                    ),
                    rx.cond((S.result == "") & ~S.sending, _asking(), rx.fragment()),
                    _without_email(),
                    _buttons(),
                    spacing="3",
                    width="100%",
                ),
                max_width="min(560px, calc(100vw - 2rem))",
            ),
            open=S.dialog_open,
            on_open_change=S.close,
        ),
    )
