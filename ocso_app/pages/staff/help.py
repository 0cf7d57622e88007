"""Aide (Espace OCSO): write or change the answers of the help centre (J'ai besoin d'aide) of the member
and employer spaces, and the list of answers."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.editor import editor_page, form_buttons
from ocso_app.components.forms import field, labelled, select_field
from ocso_app.components.tables import Column, data_table
from ocso_app.services import editorial
from ocso_app.state.staff.help import StaffHelpState as S
from ocso_app.templates import staff_page


def _question(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["question"], font_weight="600"),
        rx.text(row["answer"], size="1", color=styles.TEXT_MUTED, max_width="40em", trim="end"),
        spacing="0",
    )


def _edit(row: rx.Var) -> rx.Component:
    return rx.button(
        "Modifier",
        size="1",
        variant="soft",
        on_click=S.edit(row["id"]),
        aria_label="Modifier : " + row["question"],
    )


COLUMNS = (
    Column("Espace", "audience", nowrap=True),
    Column("Thème", "topic"),
    Column("Question et réponse", "question", render=_question),
    Column("Ordre", "position"),
    Column("Actions", "id", render=_edit, title_shown=False),
)


def _form() -> rx.Component:
    answer = rx.text_area(
        id="help-answer",
        name="answer",
        default_value=S.form["answer"],
        required=True,
        max_length=editorial.MAX_ANSWER,
        rows="6",
        width="100%",
    )
    return rx.form(
        rx.vstack(
            rx.grid(
                select_field(
                    "Espace",
                    "audience",
                    list(editorial.AUDIENCES.items()),
                    id_="help-audience",
                    default=S.form["audience"],
                ),
                field(
                    "Thème",
                    "topic",
                    id_="help-topic",
                    max_length=editorial.MAX_TOPIC,
                    default_value=S.form["topic"],
                ),
                field(
                    "Ordre",
                    "position",
                    id_="help-position",
                    type_="number",
                    min="0",
                    max="999",
                    default_value=S.form["position"],
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
                width="100%",
            ),
            field(
                "Question",
                "question",
                id_="help-question",
                max_length=editorial.MAX_QUESTION,
                default_value=S.form["question"],
            ),
            labelled("Réponse", answer, for_id="help-answer"),
            form_buttons(
                S.form["id"] != "", new_label="Nouvelle réponse", on_new=S.new, generation=S.generation
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
        key="help-" + S.generation.to_string(),
        width="100%",
    )


@staff_page(route=routes.STAFF_HELP, title="Aide", on_load=S.load)
def staff_help() -> rx.Component:
    """Aide (staff)."""
    return editor_page(
        "Réponses de l'aide",
        "Les réponses de « J'ai besoin d'aide » des espaces Assuré et Employeur ; une réponse enregistrée "
        "est en ligne aussitôt.",
        editing=S.form["id"] != "",
        headings=("Modifier la réponse", "Nouvelle réponse"),
        form=_form(),
        error=S.error,
        info=S.info,
        table=data_table(S.articles, COLUMNS, empty="Aucune réponse."),
    )
