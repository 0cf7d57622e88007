"""Administration des structures: the users of the structures where one is principal, and the invitation."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, submit_button
from ocso_app.services.employer_accounts import PROFILE_LABELS
from ocso_app.state.employer import AdministrationState
from ocso_app.templates import employer_page


def _user_row(user: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(user["structure"]),
        rx.table.row_header_cell(user["name"]),
        rx.table.cell(user["email"]),
        rx.table.cell(user["profile"]),
        rx.table.cell(user["role"]),
    )


def _profile_select(structure: rx.Var) -> rx.Component:
    options = [rx.el.option("Aucun accès", value="")] + [
        rx.el.option(label, value=profile.value) for profile, label in PROFILE_LABELS.items()
    ]
    return rx.vstack(
        rx.el.label(structure["name"], html_for=structure["field"], font_weight="600", font_size="0.95em"),
        rx.el.select(*options, id=structure["field"], name=structure["field"], style={"padding": "0.4em"}),
        spacing="1",
        width="100%",
    )


def _users_table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Structure"),
                    rx.table.column_header_cell("Utilisateur"),
                    rx.table.column_header_cell("E-mail"),
                    rx.table.column_header_cell("Profil"),
                    rx.table.column_header_cell("Rôle"),
                )
            ),
            rx.table.body(rx.foreach(AdministrationState.users, _user_row)),
            width="100%",
        ),
        style=styles.CARD,
        width="100%",
        overflow_x="auto",
    )


def _invite_form() -> rx.Component:
    return rx.box(
        rx.form(
            rx.vstack(
                rx.heading("Ajouter un utilisateur", as_="h2", size="4", color=styles.NAVY),
                field("Adresse e-mail", "email", type_="email", autocomplete="off"),
                field("Nom", "last_name", autocomplete="off"),
                field("Prénom", "first_name", autocomplete="off"),
                field("Téléphone", "phone", type_="tel", autocomplete="off"),
                field("Fonction", "job_title", autocomplete="off"),
                rx.text("Profil sur chaque structure", font_weight="600"),
                rx.foreach(AdministrationState.administered, _profile_select),
                submit_button("Inviter"),
                spacing="3",
                max_width="460px",
            ),
            on_submit=AdministrationState.invite,
            reset_on_submit=True,
        ),
        style=styles.CARD,
        width="100%",
    )


@employer_page(
    route=routes.EMPLOYER_ADMINISTRATION,
    title="Administration des structures",
    on_load=AdministrationState.load,
)
def employer_administration() -> rx.Component:
    """Administration des structures."""
    return rx.vstack(
        rx.heading("Administration des structures", as_="h1", size="6", style=styles.SECTION_TITLE),
        banner(AdministrationState.error),
        banner(AdministrationState.info, tone="success"),
        rx.cond(
            AdministrationState.administered.length() > 0,
            rx.fragment(_users_table(), _invite_form()),
            rx.text(
                "Seul l'utilisateur principal d'une structure peut gérer ses utilisateurs. "
                "Adressez-vous à lui pour obtenir un accès ou modifier votre profil.",
                color=styles.TEXT_MUTED,
            ),
        ),
        width="100%",
        spacing="4",
    )
