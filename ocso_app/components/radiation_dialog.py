"""The radiation dialog (guide 003), opened from a page's « Radier » with the employees to radiate: the date
de sortie and the motif (a refusal about one under it, the field aria-invalid and given the focus), what each
radiation will do, then the wording for each certificat de travail."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.checked_form import error_props, field_error
from ocso_app.components.dialog_title import dialog_title
from ocso_app.components.focus import dialog_content, refusal_focus
from ocso_app.components.forms import banner, field, select_field
from ocso_app.components.tables import Column, data_table
from ocso_app.state.employer.radiation import REASONS, RadiationState

S = RadiationState
FORM = "radiation"  # the id of the dialog's form, messages and plan: a refusal moves the focus there

PLANNED_COLUMNS = (
    Column("Salarié(e)", "name", header=True),
    Column("Portabilité (art. L911-8)", "outcome"),
    Column("Information du/de la salarié(e)", "told"),
)


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.flex(
                rx.box(
                    field(
                        "Date de sortie (dernier jour travaillé)",
                        "date_sortie",
                        placeholder="jj/mm/aaaa",
                        **error_props(S.errors, "date_sortie"),
                    ),
                    field_error(S.errors, "date_sortie"),
                    min_width="14em",
                    flex="1",
                ),
                rx.box(
                    select_field(
                        "Motif de départ",
                        "motif",
                        [(r["value"], r["label"]) for r in REASONS],
                        first=("", "Choisir…"),
                        required=True,
                        **error_props(S.errors, "motif"),
                    ),
                    field_error(S.errors, "motif"),
                    min_width="14em",
                    flex="1",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.button("Vérifier", type="submit", variant="soft"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.check,
        width="100%",
    )


def _plan(after: rx.EventHandler | None) -> rx.Component:
    return rx.cond(
        S.planned.length() > 0,
        rx.vstack(
            data_table(
                S.planned, PLANNED_COLUMNS, empty="", size="1", label="Radiations prévues", max_width="100%"
            ),
            rx.text(
                "Les droits sont gelés à la date indiquée, ou à la fin de la portabilité. Chaque salarié(e) "
                "ayant une adresse e-mail en est informé(e) par e-mail, avec les modalités de sa "
                "portabilité.",
                color=styles.TEXT_MUTED,
                size="2",
            ),
            # the page behind shows the radiation at once, not only once the dialog is closed
            rx.button(
                "Confirmer la radiation",
                on_click=[S.confirm, after] if after else S.confirm,
                color_scheme="red",
            ),
            spacing="3",
            width="100%",
        ),
        rx.fragment(),
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.callout("Radiation enregistrée.", color_scheme="green", role="status", width="100%"),
        rx.text("À reporter sur le certificat de travail :", font_weight="600"),
        rx.foreach(
            S.done,
            lambda row: rx.box(
                rx.text(row["name"], font_weight="600"),
                rx.text(row["certificate"], size="2"),
                rx.text(row["told"], size="2", color=styles.TEXT_MUTED),
                style=styles.CARD,
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def radiation_dialog(after: rx.EventHandler | None = None) -> rx.Component:
    """The dialog, and outside it the message when it could not open. ``after`` (the page's refresh) runs
    once a radiation is confirmed, and again on « Fermer »."""
    closing = [S.close(False), after] if after is not None else [S.close(False)]
    return rx.fragment(
        rx.cond(S.dialog_open, rx.fragment(), banner(S.error)),
        rx.dialog.root(
            dialog_content(
                rx.vstack(
                    dialog_title("Radier", color=styles.NAVY, margin="0"),
                    rx.dialog.description(S.names.join(", "), font_weight="600"),
                    rx.cond(
                        S.done.length() > 0, _done(), rx.fragment(_form(), banner(S.error), _plan(after))
                    ),
                    rx.flex(
                        rx.button("Fermer", variant="soft", on_click=closing),
                        justify="end",
                        width="100%",
                    ),
                    refusal_focus(FORM, S.refusals),
                    spacing="3",
                    width="100%",
                    id=FORM,
                ),
                max_width="min(720px, calc(100vw - 2rem))",
            ),
            open=S.dialog_open,
            on_open_change=S.close,
        ),
    )
