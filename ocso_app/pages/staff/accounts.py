"""Comptes OCSO (Espace OCSO, administrateurs): create a collaborator's account (the temporary password is
e-mailed; the authenticator app is enrolled at the first login), and the list with each account's role,
state and authenticator, where a role is changed and an account deactivated (after a confirmation: the
collaborator's sessions end at once) or reactivated. The rows are keyed by account, and each row's buttons
keep the focus on that account (``components.focus``) when the list is redrawn or reordered."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.active_switch import active_switch
from ocso_app.components.editor import editor_page
from ocso_app.components.focus import focus_key
from ocso_app.components.forms import field, select_field
from ocso_app.components.tables import Column, data_table
from ocso_app.components.wording import of
from ocso_app.services.staff_accounts import ROLE_CHOICES
from ocso_app.state.staff.accounts import StaffAccountsState as S
from ocso_app.templates import staff_page


def _name(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["name"], font_weight="600"),
        rx.text(row["email"], size="1", color=styles.TEXT_MUTED),
        spacing="0",
    )


def _role(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["self"] != "",
        rx.text(row["role_label"]),
        rx.form(
            rx.hstack(
                rx.el.input(type="hidden", name="account", value=row["id"]),
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in ROLE_CHOICES],
                    name="role",
                    default_value=row["role"],
                    aria_label=of("Rôle", row["name"]),
                ),
                rx.button(
                    "Changer",
                    size="1",
                    variant="soft",
                    aria_label=of("Changer le rôle", row["name"]),
                    custom_attrs=focus_key("role-" + row["id"]),  # the form is new once the role changed
                ),
                spacing="2",
                align="center",
            ),
            on_submit=S.change_role,
            key="role-" + row["id"] + "-" + row["role"],  # a fresh select when the list changes
        ),
    )


def _actions(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["self"] != "",
        rx.text("Votre compte", size="1", color=styles.TEXT_MUTED),
        active_switch(
            active=row["active"] != "",
            deactivate_label=of("Désactiver le compte", row["name"]),
            reactivate_label=of("Réactiver le compte", row["name"]),
            focus="compte-" + row["id"],
            title=of("Désactiver le compte", row["name"]),
            description=row["name"]
            + " ("
            + row["email"]
            + ") ne pourra plus se connecter à l'Espace OCSO et ses sessions ouvertes prendront fin "
            "immédiatement. Vous pourrez réactiver le compte ensuite.",
            confirm="Désactiver le compte",
            on_deactivate=S.deactivate(row["id"]),
            on_reactivate=S.reactivate(row["id"]),
        ),
    )


COLUMNS = (
    Column("Collaborateur", "name", header=True, render=_name),
    Column("Rôle", "role", render=_role),
    Column("État", "status", nowrap=True),
    Column("Application d'authentification", "authenticator"),
    Column("Actions", "id", render=_actions, title_shown=False),
)


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                field("Prénom", "first_name", id_="staff-first-name", max_length=80, autocomplete="off"),
                field("Nom", "last_name", id_="staff-last-name", max_length=80, autocomplete="off"),
                field("Adresse e-mail", "email", id_="staff-email", type_="email", autocomplete="off"),
                select_field(
                    "Rôle",
                    "role",
                    ROLE_CHOICES,
                    id_="staff-role",
                    first=("", "Choisir…"),
                    required=True,
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.button("Créer le compte", type="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create,
        key="staff-account-" + S.generation.to_string(),
        width="100%",
    )


@staff_page(route=routes.STAFF_ACCOUNTS, title="Comptes OCSO", on_load=S.load)
def staff_accounts() -> rx.Component:
    """Comptes OCSO (administrateurs)."""
    return editor_page(
        "Comptes OCSO",
        "Les collaborateurs de l'Espace OCSO et leur rôle : Prestations (démarches des assurés, documents, "
        "décomptes), Entreprises (démarches des employeurs, affiliations, dispenses) ou Administrateur "
        "(tout, plus les comptes et les actualités). Un nouveau compte reçoit par e-mail un mot de passe "
        "temporaire ; à sa première connexion, le collaborateur enregistre son application "
        "d'authentification puis choisit son mot de passe.",
        editing=rx.Var.create(False),
        headings=("", "Nouveau compte"),
        form=_form(),
        error=S.error,
        info=S.info,
        table=data_table(S.accounts, COLUMNS, empty="Aucun compte OCSO.", row_key="id"),
    )
