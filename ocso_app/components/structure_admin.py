"""The sections of « Administration des structures », bound to its state: the account's information, who
to ask, the users of the structures (a wrapping list of cards, one opened for editing its access), adding
a structure and inviting a user. A user's « Gérer les accès » and the form it opens share a focus key
(``components.focus``): the focus goes into the form, and back to the button when it closes."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.confirm import confirm_button
from ocso_app.components.facts import fact
from ocso_app.components.focus import focus_key
from ocso_app.components.forms import banner, field, select_field, submit_button
from ocso_app.components.wording import of
from ocso_app.services.employer_accounts import PROFILE_LABELS
from ocso_app.services.structure_admin import NO_ROLE_LABEL, ROLE_LABELS
from ocso_app.state.employer.administration import AdministrationState as S

PROFILE_OPTIONS = [(profile.value, label) for profile, label in PROFILE_LABELS.items()]
ROLE_OPTIONS = list(ROLE_LABELS.items())


def section(title: str, *children: rx.Component, **props) -> rx.Component:
    """A card with its heading."""
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *children,
        style=styles.CARD,
        spacing="3",
        width="100%",
        **props,
    )


def _structure_line(structure: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(structure["name"], font_weight="700"),
        rx.text("SIREN ", structure["siren"], color=styles.TEXT_MUTED, size="2"),
        rx.badge(structure["profile"], variant="soft", color_scheme="blue"),
        rx.cond(structure["role"] != "", rx.badge(structure["role"], variant="soft", color_scheme="orange")),
        wrap="wrap",
        align="center",
        spacing="2",
        padding_y="0.4em",
        border_top=f"1px solid {styles.RULE}",
        width="100%",
    )


def account_section() -> rx.Component:
    """« Les informations de votre compte » and its structures."""
    return section(
        "Les informations de votre compte",
        fact("Nom", S.account["name"]),
        fact("Adresse e-mail", S.account["email"]),
        fact("Téléphone", S.account["phone"]),
        fact("Fonction", S.account["job_title"]),
        rx.text("Vos structures et votre profil", font_weight="600", padding_top="0.5em"),
        rx.vstack(rx.foreach(S.my_structures, _structure_line), spacing="0", width="100%"),
    )


def contacts_section() -> rx.Component:
    """For a user who administers nothing: the principal users to ask."""
    return section(
        "Obtenir un accès ou changer de profil",
        rx.text(
            "Seul l'utilisateur principal d'une structure gère ses utilisateurs et leurs profils. "
            "Adressez-vous à lui :",
            color=styles.TEXT_MUTED,
        ),
        rx.foreach(
            S.contacts,
            lambda c: rx.vstack(
                rx.text(c["structure"], font_weight="700"),
                rx.hstack(
                    rx.text(c["name"]),
                    rx.link(c["email"], href="mailto:" + c["email"], overflow_wrap="anywhere"),
                    wrap="wrap",
                    spacing="2",
                ),
                spacing="0",
            ),
        ),
    )


def _role_select(access: rx.Var) -> rx.Component:
    return select_field(
        access["structure"],
        access["field"],
        ROLE_OPTIONS,
        id_=access["id"],
        first=("", NO_ROLE_LABEL),
        default=access["role"],
    )


def _access_form(user: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.vstack(
                rx.text("Accès par structure", font_weight="600"),
                rx.foreach(S.editing_access, _role_select),
                rx.hstack(
                    submit_button("Enregistrer les accès", width="auto"),
                    rx.button(
                        "Fermer",
                        type="button",
                        variant="soft",
                        size="3",
                        on_click=S.edit_user(user["account_id"]),
                    ),
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save_access,
            width="100%",
        ),
        rx.cond(
            user["self"] == "",
            rx.cond(
                user["active"] != "",
                confirm_button(
                    rx.button("Désactiver le compte", color_scheme="red", variant="outline"),
                    title=of("Désactiver le compte", user["name"]),
                    description=user["name"]
                    + " ne pourra plus se connecter à l'Espace Employeur et ses sessions ouvertes prendront "
                    "fin immédiatement. Vous pourrez réactiver le compte ensuite.",
                    confirm="Désactiver le compte",
                    on_confirm=S.deactivate(user["account_id"]),
                    destructive=True,
                ),
                rx.button(
                    "Réactiver le compte", variant="outline", on_click=S.reactivate(user["account_id"])
                ),
            ),
        ),
        border_top=f"1px solid {styles.RULE}",
        padding_top="0.75em",
        spacing="3",
        width="100%",
        custom_attrs=focus_key("acces-" + user["account_id"]),
    )


def _user_card(user: rx.Var) -> rx.Component:
    editing = S.editing_id == user["account_id"]
    return rx.vstack(
        rx.hstack(
            rx.text(user["name"], font_weight="700", color=styles.NAVY),
            rx.badge(
                user["status"],
                color_scheme=rx.cond(user["active"] != "", "green", "gray"),
                variant="soft",
            ),
            wrap="wrap",
            align="center",
            justify="between",
            width="100%",
        ),
        rx.text(user["email"], size="2", overflow_wrap="anywhere"),
        rx.text(user["job_title"], size="2", color=styles.TEXT_MUTED),
        rx.text(user["summary"], size="2"),
        rx.cond(
            editing,
            _access_form(user),
            rx.button(
                "Gérer les accès",
                variant="soft",
                on_click=S.edit_user(user["account_id"]),
                aria_label=of("Gérer les accès", user["name"]),
                custom_attrs=focus_key("acces-" + user["account_id"]),
            ),
        ),
        style=styles.CARD,
        spacing="2",
        width="100%",
        role="listitem",
        aria_label=user["name"],
    )


def users_section() -> rx.Component:
    """The users of the structures the caller administers, as cards (a table would hide columns on a
    phone)."""
    return rx.vstack(
        rx.heading("Les utilisateurs de vos structures", as_="h2", size="4", color=styles.NAVY),
        rx.grid(
            rx.foreach(S.users, _user_card),
            columns=rx.breakpoints(initial="1", md="2"),
            align_items="start",
            spacing="3",
            width="100%",
            role="list",
        ),
        width="100%",
        spacing="3",
    )


def add_structure_section() -> rx.Component:
    """« Ajouter une structure » with the three fields of account creation."""
    return section(
        "Ajouter une structure",
        rx.text(
            "Indiquez les 3 champs de sécurité de la structure : numéro client, SIREN et code de sécurité "
            "(reçu par courrier à la mise en place des contrats).",
            color=styles.TEXT_MUTED,
            size="2",
        ),
        rx.form(
            rx.vstack(
                banner(S.structure_error),  # beside the fields, which stay to be corrected
                field("Numéro client", "client_number", id_="structure-client", autocomplete="off"),
                field("SIREN", "siren", id_="structure-siren", autocomplete="off", input_mode="numeric"),
                field(
                    "Code de sécurité",
                    "security_code",
                    id_="structure-code",
                    type_="password",
                    autocomplete="off",
                ),
                submit_button("Ajouter la structure"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.add_structure,
            key="structure-" + S.structure_form.to_string(),
        ),
    )


def invite_section() -> rx.Component:
    """« Ajouter un utilisateur »: their details and a profile on each structure."""
    return section(
        "Ajouter un utilisateur",
        rx.form(
            rx.vstack(
                rx.grid(
                    field("Adresse e-mail", "email", type_="email", autocomplete="off"),
                    field("Téléphone", "phone", type_="tel", autocomplete="off"),
                    field("Nom", "last_name", autocomplete="off"),
                    field("Prénom", "first_name", autocomplete="off"),
                    field("Fonction", "job_title", autocomplete="off"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text("Profil sur chaque structure", font_weight="600"),
                rx.grid(
                    rx.foreach(
                        S.administered,
                        lambda s: select_field(
                            s["name"], s["field"], PROFILE_OPTIONS, first=("", NO_ROLE_LABEL)
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                submit_button("Inviter", width=rx.breakpoints(initial="100%", md="auto")),
                spacing="3",
                width="100%",
            ),
            on_submit=S.invite,
            reset_on_submit=True,
        ),
    )
