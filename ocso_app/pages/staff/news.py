"""Actualités (Espace OCSO): write or change an « OCSO m'informe » item (for members, employers or every
space; its publication date may be ahead), and the list with each item's state and its actions."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.editor import editor_page, form_buttons
from ocso_app.components.forms import field, labelled, select_field
from ocso_app.components.tables import Column, data_table
from ocso_app.services import editorial
from ocso_app.state.staff.news import StaffNewsState as S
from ocso_app.templates import staff_page


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(
            "Modifier",
            size="1",
            variant="soft",
            on_click=S.edit(row["id"]),
            aria_label="Modifier l'actualité " + row["title"],
        ),
        rx.cond(
            row["withdrawn"] != "",
            rx.button("Remettre en ligne", size="1", variant="soft", on_click=S.restore(row["id"])),
            rx.cond(
                row["status"] == editorial.EXPIRED,  # shown to nobody already: nothing to withdraw
                rx.fragment(),
                rx.button(
                    "Retirer",
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=S.withdraw(row["id"]),
                    aria_label="Retirer l'actualité " + row["title"],
                ),
            ),
        ),
        spacing="2",
    )


def _title(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["title"], font_weight="600", color=rx.cond(row["is_alert"] != "", styles.DANGER, None)),
        rx.text(row["body"], size="1", color=styles.TEXT_MUTED, max_width="36em", trim="end"),
        spacing="0",
    )


COLUMNS = (
    Column("Titre", "title", render=_title),
    Column("Pour", "audience", nowrap=True),
    Column("Publication", "published_on", nowrap=True),
    Column("Fin", "expires_on", nowrap=True),
    Column("État", "status", nowrap=True),
    Column("Actions", "id", render=_actions, title_shown=False),
)


def _form() -> rx.Component:
    body = rx.text_area(
        id="news-body",
        name="body",
        default_value=S.form["body"],
        required=True,
        max_length=editorial.MAX_BODY,
        rows="5",
        width="100%",
    )
    return rx.form(
        rx.vstack(
            rx.grid(
                select_field(
                    "Pour",
                    "audience",
                    list(editorial.AUDIENCES.items()),
                    id_="news-audience",
                    default=S.form["audience"],
                ),
                field(
                    "Date de publication",
                    "published_on",
                    id_="news-published",
                    type_="date",
                    default_value=S.form["published_on"],
                ),
                field(
                    "Date de fin (facultative)",
                    "expires_on",
                    id_="news-expires",
                    type_="date",
                    required=False,
                    default_value=S.form["expires_on"],
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
                width="100%",
            ),
            field(
                "Titre",
                "title",
                id_="news-title",
                max_length=editorial.MAX_TITLE,
                default_value=S.form["title"],
            ),
            labelled("Texte", body, for_id="news-body"),
            rx.el.label(
                rx.el.input(type="checkbox", name="is_alert", default_checked=S.form["is_alert"] != ""),
                " Alerte (affichée en tête, en rouge)",
            ),
            form_buttons(
                S.form["id"] != "", new_label="Nouvelle actualité", on_new=S.new, generation=S.generation
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
        key="news-" + S.generation.to_string(),
        width="100%",
    )


@staff_page(route=routes.STAFF_NEWS, title="Actualités", on_load=S.load)
def staff_news() -> rx.Component:
    """Actualités (staff)."""
    return editor_page(
        "Actualités « OCSO m'informe »",
        "Une actualité s'affiche à ses destinataires (assurés, employeurs, apporteurs d'affaires ou tous les "
        "espaces) à partir de sa date de publication et jusqu'à sa date de fin ; « Retirer » la fait "
        "disparaître aussitôt. Une actualité expirée ne s'affiche plus : « Modifier » pour la prolonger.",
        editing=S.form["id"] != "",
        headings=("Modifier l'actualité", "Nouvelle actualité"),
        form=_form(),
        error=S.error,
        info=S.info,
        table=data_table(S.items, COLUMNS, empty="Aucune actualité."),
    )
