"""Démarches (Espace OCSO): the work queue of the caller's desks: filters (statut, « Réponse reçue », type,
service, délai, pris en charge par) and a search (number, numéro d'adhérent, name), the table oldest first
with the time since sending (past the target in red), pages."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, select_field
from ocso_app.components.tables import Column, data_table, pager
from ocso_app.services import working_days
from ocso_app.services.requests import queue
from ocso_app.state.staff.queue import StaffQueueState as S
from ocso_app.templates import staff_page


def _age(row: rx.Var) -> rx.Component:
    late = row["late"] != ""
    return rx.cond(
        late,
        rx.text(
            row["age"],
            " ⚠",
            color=styles.DANGER,
            font_weight="700",
            title="Délai cible dépassé",
            min_width="8em",
        ),
        rx.text(row["age"], min_width="8em"),  # two lines at most (« plus de 49 jours ouvrés » took four)
    )


def _open(row: rx.Var) -> rx.Component:
    return rx.link(
        "Ouvrir", href=row["href"], font_weight="600", aria_label="Ouvrir la démarche " + row["number"]
    )


def _number(row: rx.Var) -> rx.Component:
    """The number opens the démarche too: on a phone, the first column is the one in view."""
    return rx.link(row["number"], href=row["href"], font_weight="600")


def _status(row: rx.Var) -> rx.Component:
    """The status, and « Réponse reçue » when the sender replied since OCSO's last answer."""
    return rx.vstack(
        rx.text(row["status_label"]),
        rx.cond(row["replied"] != "", rx.badge("Réponse reçue", color_scheme="orange"), rx.fragment()),
        spacing="1",
    )


COLUMNS = (
    Column("N°", "number", header=True, nowrap=True, render=_number),
    Column("Envoyée le", "sent", nowrap=True),
    Column("Délai", "age", render=_age),
    Column("Service", "desk", visible=S.several_desks),
    Column("Type", "kind"),
    Column("Objet", "subject"),
    Column("Expéditeur", "sender"),
    Column("Statut", "status_label", render=_status),
    Column("Pris en charge par", "assignee"),
    Column("Démarche", "href", render=_open, title_shown=False),
)


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            select_field("Statut", "status", list(queue.STATUS_CHOICES.items()), default=S.status),
            select_field("Type", "kind", S.kind_choices, first=("", "Tous les types"), default=S.kind),
            rx.cond(
                S.several_desks,
                select_field("Service", "desk", S.desk_choices, first=("", "Tous"), default=S.desk),
                rx.fragment(),
            ),
            select_field("Délai", "age", list(queue.AGE_CHOICES.items()), default=S.age),
            select_field(
                "Pris en charge par", "assignee", list(queue.ASSIGNEE_CHOICES.items()), default=S.assignee
            ),
            field(
                "Rechercher",
                "search",
                hint="N° de démarche ou d'adhérent, début du nom",
                required=False,
                default_value=S.search,
                autocomplete="off",
            ),
            rx.button("Filtrer", type="submit", size="3", align_self="end"),
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            spacing="3",
            width="100%",
            align="end",
        ),
        on_submit=S.filter,
        key="filtres-" + S.status,  # drawn again with the status the page opened on (Accueil's link)
        width="100%",
    )


@staff_page(route=routes.STAFF_QUEUE, title="Démarches", on_load=S.load)
def staff_queue() -> rx.Component:
    """Démarches (staff)."""
    return rx.vstack(
        rx.heading("Démarches à traiter", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            f"Les plus anciennes d'abord. Délai cible : {working_days.TARGET_DAYS} jours ouvrés "
            "(hors week-ends et jours fériés) ; au-delà, le délai s'affiche en rouge.",
            color=styles.TEXT_MUTED,
        ),
        rx.box(_filters(), style=styles.CARD),
        banner(S.error),
        rx.text(S.total_label, font_weight="600"),
        data_table(S.rows, COLUMNS, empty="Aucune démarche ne correspond à ces filtres."),
        pager(
            page=S.page,
            pages=S.pages,
            has_next=S.has_next,
            on_previous=S.previous_page,
            on_next=S.next_page,
        ),
        width="100%",
        spacing="4",
    )
