"""Apporteurs d'affaires (Espace OCSO, administrateurs): create an introducer (their account's temporary
password is e-mailed with their identifier), add a company to a portfolio by its client number with the
commission agreed, and the list of the introducers with their companies, each of which can be taken out. An
introducer whose contract ended is deactivated (after a confirmation: their sessions end at once, their
portfolio is kept) and shows « Désactivé »; « Réactiver » lets them in again. « Modifier l'adresse e-mail »
opens a small form on the introducer's line (their sessions end, both addresses are told)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.active_switch import active_switch
from ocso_app.components.confirm import confirm_button
from ocso_app.components.focus import focus_key, refusal_focus
from ocso_app.components.forms import banner, field, labelled, select_field
from ocso_app.state.staff.base import FORM_GENERATION
from ocso_app.state.staff.introducers import StaffIntroducersState as S
from ocso_app.templates import staff_page


def _card(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(title, as_="h2", size="4", color=styles.NAVY), *children, style=styles.CARD)


def _new_introducer() -> rx.Component:
    return _card(
        "Nouvel apporteur d'affaires",
        rx.form(
            rx.vstack(
                rx.grid(
                    field(
                        "Raison sociale ou nom",
                        "name",
                        id_="apporteur-nom",
                        max_length=120,
                        autocomplete="off",
                    ),
                    field(
                        "N° ORIAS (8 chiffres, facultatif)",
                        "orias",
                        id_="apporteur-orias",
                        autocomplete="off",
                        required=False,
                    ),
                    field(
                        "Adresse e-mail", "email", id_="apporteur-email", type_="email", autocomplete="off"
                    ),
                    field(
                        "Téléphone (facultatif)",
                        "phone",
                        id_="apporteur-telephone",
                        type_="tel",
                        required=False,
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.el.input(type="hidden", name=FORM_GENERATION, value=S.generation.to_string()),
                rx.button("Créer l'apporteur", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.create,
            key="apporteur-" + S.generation.to_string(),
            width="100%",
        ),
    )


def _add_company() -> rx.Component:
    return _card(
        "Ajouter une entreprise à un portefeuille",
        rx.form(
            rx.vstack(
                rx.grid(
                    select_field(
                        "Apporteur",
                        "introducer",
                        S.choices,
                        id_="portefeuille-apporteur",
                        first=("", "Choisir…"),
                    ),
                    field("Numéro client de l'entreprise", "client_number", id_="portefeuille-client"),
                    field("Commission (%)", "commission", id_="portefeuille-commission", placeholder="2,5"),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.el.input(type="hidden", name=FORM_GENERATION, value=S.generation.to_string()),
                rx.button("Ajouter au portefeuille", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.add_company,
            key="portefeuille-" + S.generation.to_string(),
            width="100%",
        ),
    )


def _company(entry: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(
            entry.company,
            " (",
            entry.client_number,
            ") depuis le ",
            entry.since,
            ", commission ",
            entry.commission,
        ),
        confirm_button(
            rx.button(
                "Retirer",
                size="1",
                variant="soft",
                color_scheme="red",
                aria_label="Retirer " + entry.company + " du portefeuille",
            ),
            title="Retirer l'entreprise du portefeuille",
            description=entry.company
            + " ne sera plus dans le portefeuille de cet apporteur, qui ne la verra plus dans son espace. "
            "Vous pourrez l'y remettre : elle y figurera à partir de ce jour-là.",
            confirm="Retirer du portefeuille",
            destructive=True,
            on_confirm=S.remove_company(entry.entry_id.to_string()),
        ),
        align="center",
        justify="between",
        wrap="wrap",
        width="100%",
    )


def _state(line: rx.Var) -> rx.Component:
    """The introducer's state and the button that changes it (« Désactiver » asked first: it ends the
    introducer's sessions at once)."""
    return rx.hstack(
        rx.cond(
            line.is_active,
            rx.fragment(),
            rx.badge(line.status, color_scheme="gray", variant="soft", white_space="nowrap"),
        ),
        active_switch(
            active=line.is_active,
            deactivate_label="Désactiver l'apporteur " + line.name,
            reactivate_label="Réactiver l'apporteur " + line.name,
            focus="apporteur-etat-" + line.introducer_id.to_string(),
            title="Désactiver l'apporteur " + line.name,
            description=line.name
            + " ("
            + line.identifier
            + ") ne pourra plus se connecter à l'Espace Apporteurs et ses sessions ouvertes prendront fin "
            "immédiatement. Son portefeuille est conservé : vous pourrez réactiver l'apporteur ensuite.",
            confirm="Désactiver l'apporteur",
            on_deactivate=S.deactivate(line.introducer_id.to_string()),
            on_reactivate=S.reactivate(line.introducer_id.to_string()),
        ),
        spacing="2",
        align="center",
    )


EMAIL_FORM = "apporteur-adresse"  # one line's form is open at a time: fixed ids


def _email_form(line: rx.Var) -> rx.Component:
    """The new address of the introducer, its refusal beside it; the form replaces the button that opened
    it and gives the keyboard back to it (one focus key)."""
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="introducer", value=line.introducer_id.to_string()),
            labelled(
                "Nouvelle adresse e-mail de " + line.name,
                rx.input(
                    id=EMAIL_FORM + "-saisie",
                    name="new_email",
                    type="email",
                    required=True,
                    auto_complete="off",
                    default_value=line.email,
                    size="2",
                    width="100%",
                    aria_invalid=rx.cond(S.email_error != "", "true", "false"),
                    aria_describedby=EMAIL_FORM + "-erreur",
                ),
                for_id=EMAIL_FORM + "-saisie",
                hint="Son identifiant de connexion ne change pas ; ses connexions en cours seront fermées et "
                "un avis sera envoyé à l'ancienne et à la nouvelle adresse.",
            ),
            rx.cond(
                S.email_error != "",
                rx.text(
                    S.email_error,
                    id=EMAIL_FORM + "-erreur",
                    color=styles.DANGER,
                    size="2",
                    role="alert",
                    tab_index=-1,
                ),
                rx.fragment(),
            ),
            rx.hstack(
                rx.button("Enregistrer l'adresse", type="submit", size="1"),
                rx.button("Annuler", type="button", size="1", variant="soft", on_click=S.edit_email("")),
                spacing="2",
            ),
            refusal_focus(EMAIL_FORM, S.email_refusals),
            spacing="2",
            width="100%",
        ),
        on_submit=S.change_email,
        id=EMAIL_FORM,
        width="100%",
        custom_attrs=focus_key("apporteur-email-" + line.introducer_id.to_string()),
    )


def _email(line: rx.Var) -> rx.Component:
    """« Modifier l'adresse e-mail », or its form when open on this line."""
    return rx.cond(
        S.email_for == line.introducer_id,
        _email_form(line),
        rx.button(
            "Modifier l'adresse e-mail",
            # named by its text, not by an aria-label, which the new introducer's field « Adresse e-mail »
            # would share when looked up by label (assistive tools, the browser tests)
            rx.el.span(" de l'apporteur ", line.name, style=styles.VISUALLY_HIDDEN),
            size="1",
            variant="soft",
            on_click=S.edit_email(line.introducer_id.to_string()),
            custom_attrs=focus_key("apporteur-email-" + line.introducer_id.to_string()),
        ),
    )


def _introducer(line: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(line.name, " – identifiant ", line.identifier, font_weight="700"),
            _state(line),
            align="center",
            justify="between",
            wrap="wrap",
            width="100%",
        ),
        rx.text(
            line.email,
            rx.cond(line.orias != "", " · ORIAS " + line.orias, ""),
            size="2",
            color=styles.TEXT_MUTED,
            overflow_wrap="anywhere",
        ),
        _email(line),
        rx.cond(
            line.companies.length() > 0,
            rx.vstack(rx.foreach(line.companies, _company), spacing="1", width="100%"),
            rx.text("Aucune entreprise dans son portefeuille.", size="2", color=styles.TEXT_MUTED),
        ),
        border_top=f"1px solid {styles.RULE}",
        padding_top="0.75em",
        spacing="1",
        width="100%",
    )


@staff_page(route=routes.STAFF_INTRODUCERS, title="Apporteurs d'affaires", on_load=S.load)
def staff_introducers() -> rx.Component:
    """Apporteurs d'affaires (administrateurs)."""
    return rx.vstack(
        rx.heading("Apporteurs d'affaires", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Les apporteurs d'affaires et leur portefeuille : ils voient dans leur espace les entreprises de "
            "leur portefeuille, leurs contrats, effectifs et bordereaux, jamais de donnée de santé.",
            color=styles.TEXT_MUTED,
        ),
        banner(S.error),
        banner(S.info, tone="success"),
        rx.grid(
            _new_introducer(),
            _add_company(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        _card(
            "Les apporteurs",
            rx.cond(
                S.introducers.length() > 0,
                rx.vstack(rx.foreach(S.introducers, _introducer), spacing="3", width="100%"),
                rx.text("Aucun apporteur d'affaires.", color=styles.TEXT_MUTED),
            ),
        ),
        width="100%",
        spacing="4",
    )
