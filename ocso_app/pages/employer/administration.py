"""Administration des structures: the users of the structures where one is principal, and the invitation."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, select_field, submit_button
from ocso_app.components.tables import Column, data_table
from ocso_app.services.employer_accounts import PROFILE_LABELS
from ocso_app.state.employer.administration import AdministrationState as S
from ocso_app.templates import employer_page

USER_COLUMNS = (
    Column("Structure", "structure"),
    Column("Utilisateur", "name", header=True),
    Column("E-mail", "email"),
    Column("Profil", "profile"),
    Column("Rôle", "role"),
)
PROFILE_OPTIONS = [(profile.value, label) for profile, label in PROFILE_LABELS.items()]


def _profile_select(structure: rx.Var) -> rx.Component:
    return select_field(structure["name"], structure["field"], PROFILE_OPTIONS, first=("", "Aucun accès"))


def _users_table() -> rx.Component:
    return rx.box(data_table(S.users, USER_COLUMNS, empty="Aucun utilisateur."), style=styles.CARD)


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
                rx.foreach(S.administered, _profile_select),
                submit_button("Inviter"),
                spacing="3",
                max_width="460px",
            ),
            on_submit=S.invite,
            reset_on_submit=True,
        ),
        style=styles.CARD,
        width="100%",
    )


@employer_page(
    route=routes.EMPLOYER_ADMINISTRATION,
    title="Administration des structures",
    on_load=S.load,
)
def employer_administration() -> rx.Component:
    """Administration des structures."""
    return rx.vstack(
        rx.heading("Administration des structures", as_="h1", size="6", style=styles.SECTION_TITLE),
        banner(S.error),
        banner(S.info, tone="success"),
        rx.cond(
            S.administered.length() > 0,
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
