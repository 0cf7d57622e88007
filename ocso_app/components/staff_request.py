"""The sections of a démarche's page in the Espace OCSO, bound to ``StaffRequestState``: its facts (with
« Réponse reçue » when the sender replied), the form's content and files, the messages and the replies' files,
then the staff's forms (answer, status, apply what it asks)."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import fact
from ocso_app.components.forms import date_field, field, select_field, text_area_field
from ocso_app.components.thread import thread_message
from ocso_app.services.portability import REASON_LABELS
from ocso_app.services.requests.back_office import Change
from ocso_app.state.staff.request import StaffRequestState as S

DEPARTURE_REASONS = [(reason.value, label) for reason, label in REASON_LABELS.items()]


def section(title: str, *children: rx.Component) -> rx.Component:
    """A card with its heading."""
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *children,
        spacing="3",
        style=styles.CARD,
    )


def summary() -> rx.Component:
    """Who sent it, when, how long ago, where it is routed, its status and who took it."""
    file = S.file
    return section(
        "Démarche",
        fact("Expéditeur", file["sender"]),
        fact("E-mail", file["sender_email"]),
        fact("Envoyée le", file["sent"]),
        rx.cond(
            file["age"] != "",
            rx.hstack(
                rx.text("Délai", color=styles.TEXT_MUTED, min_width="11em"),
                rx.text(
                    file["age"],
                    rx.cond(file["late"] != "", " — délai cible dépassé", ""),
                    font_weight="600",
                    color=rx.cond(file["late"] != "", styles.DANGER, styles.TEXT),
                ),
                wrap="wrap",
                width="100%",
            ),
            rx.fragment(),
        ),
        fact("Service", file["desk"] + " — " + file["service"]),
        fact("Statut", file["status_label"]),
        rx.cond(
            file["replied"] != "",
            rx.callout(
                "Réponse reçue : l'expéditeur a répondu depuis la dernière réponse d'OCSO (voir Messages).",
                icon="message-circle-reply",
                color_scheme="orange",
                size="1",
            ),
            rx.fragment(),
        ),
        fact("Pris en charge par", file["assignee"]),
        rx.cond(
            (file["is_open"] != "") & (file["mine"] == ""),
            rx.button("Prendre en charge", on_click=S.take, variant="soft", width="fit-content"),
            rx.fragment(),
        ),
    )


def content() -> rx.Component:
    """The form's fields as sent, and its files through the guarded staff route."""
    return section(
        "Contenu",
        rx.foreach(S.details, lambda line: fact_line(line["label"], line["value"])),
        rx.cond(
            S.attachments.length() > 0,
            rx.vstack(
                rx.text("Pièces jointes", color=styles.TEXT_MUTED),
                rx.foreach(
                    S.attachments,
                    lambda a: download_link(a["name"], href=a["url"], icon=True),
                ),
                spacing="1",
            ),
            rx.text("Aucune pièce jointe.", color=styles.TEXT_MUTED),
        ),
    )


def fact_line(label: rx.Var, value: rx.Var) -> rx.Component:
    """``fact`` for labels that come from a var."""
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600", white_space="pre-wrap", overflow_wrap="anywhere"),
        wrap="wrap",
        width="100%",
    )


def _message(message: rx.Var) -> rx.Component:
    files = rx.foreach(message.attachments, lambda a: download_link(a.name, href=a.url, icon=True))
    return thread_message(message.author, message.date, message.body, message.from_ocso, files)


def messages() -> rx.Component:
    """The messages exchanged, oldest first, and the answer form."""
    return section(
        "Messages",
        rx.cond(
            S.messages.length() > 0,
            rx.vstack(rx.foreach(S.messages, _message), spacing="2", width="100%"),
            rx.text("Aucun message pour l'instant.", color=styles.TEXT_MUTED),
        ),
        rx.form(
            rx.vstack(
                text_area_field("Votre réponse", "reponse", required=True),
                rx.button("Envoyer la réponse", type="submit"),
                spacing="2",
            ),
            on_submit=S.reply,
            # emptied once the answer is in the thread; a refusal keeps what was typed
            key="reponse-" + S.messages.length().to_string(),  # type: ignore[attr-defined]
            width="100%",
        ),
    )


def status_form() -> rx.Component:
    """Change the status: the moves allowed from the current one; a refusal's reason is sent."""
    return rx.cond(
        S.moves.length() > 0,
        section(
            "Statut",
            rx.form(
                rx.vstack(
                    select_field("Nouveau statut", "statut", S.moves, first=("", "Choisir…"), required=True),
                    text_area_field(
                        "Motif du refus (obligatoire pour refuser, envoyé à l'expéditeur)", "motif"
                    ),
                    rx.button("Changer le statut", type="submit"),
                    spacing="2",
                ),
                on_submit=S.change_status,
                # emptied once the status changed; a refusal (a refusal's missing reason) keeps the choice
                key="statut-" + S.file["status"].to(str),
                width="100%",
            ),
        ),
        rx.fragment(),
    )


def _apply_fields() -> rx.Component:
    return rx.match(
        S.change,
        (
            Change.BANK_DETAILS.value,
            rx.vstack(
                rx.text(
                    "Vérifiez que le nouvel IBAN (Contenu) est celui du RIB joint, puis confirmez avec le "
                    "code de votre application d'authentification.",
                    color=styles.TEXT_MUTED,
                ),
                field(
                    "Code de l'application d'authentification",
                    "code",
                    autocomplete="one-time-code",
                    inputmode="numeric",
                    max_length=6,
                ),
                spacing="2",
                width="100%",
            ),
        ),
        (
            Change.EMPLOYEE_EXIT.value,
            rx.vstack(
                rx.text(
                    "Saisissez la date de sortie et le motif indiqués par l'employeur : la radiation du/de "
                    "la salarié(e) identifié(e) ci-dessus est enregistrée comme depuis sa fiche "
                    "(portabilité, droits, e-mail au/à la salarié(e)).",
                    color=styles.TEXT_MUTED,
                ),
                date_field("Date de sortie", "date_sortie", required=True),
                select_field(
                    "Motif de départ",
                    "motif_depart",
                    DEPARTURE_REASONS,
                    first=("", "Choisir…"),
                    required=True,
                ),
                spacing="2",
                width="100%",
            ),
        ),
        (Change.COMPANY_ADDRESS.value, _address_fields("Saisissez la nouvelle adresse du message.")),
        (
            Change.EMPLOYEE_ADDRESS.value,
            _address_fields(
                "Saisissez la nouvelle adresse indiquée dans le message : elle est enregistrée sur la fiche "
                "du/de la salarié(e) identifié(e) ci-dessus, que l'employeur consulte."
            ),
        ),
        (
            Change.RETURN_TO_WORK.value,
            _leave_date_field(
                "Saisissez la date de reprise indiquée par l'employeur : l'arrêt du contenu (« Dernier arrêt "
                "enregistré ») prend fin la veille.",
                "Date de reprise",
            ),
        ),
        (
            Change.LEAVE_EXTENSION.value,
            _leave_date_field(
                "Saisissez la nouvelle date de fin de l'avis de prolongation joint : l'arrêt du contenu "
                "(« Dernier arrêt enregistré ») se termine ce jour-là.",
                "Nouvelle date de fin",
            ),
        ),
        (
            Change.COMPANY_PHONE.value,
            rx.vstack(
                rx.text("Saisissez le nouveau numéro indiqué dans le message.", color=styles.TEXT_MUTED),
                field("Téléphone", "telephone", type_="tel", autocomplete="off", max_length=20),
                spacing="2",
                width="100%",
            ),
        ),
        rx.fragment(),
    )


def _leave_date_field(explanation: str, label: str) -> rx.Component:
    return rx.vstack(
        rx.text(explanation, color=styles.TEXT_MUTED),
        date_field(label, "date_arret", required=True),
        spacing="2",
        width="100%",
    )


def _address_fields(explanation: str) -> rx.Component:
    return rx.vstack(
        rx.text(explanation, color=styles.TEXT_MUTED),
        field("Adresse (voie)", "adresse", autocomplete="off"),
        field("Code postal", "code_postal", autocomplete="off", max_length=6),
        field("Ville", "ville", autocomplete="off"),
        spacing="2",
        width="100%",
    )


def apply_form() -> rx.Component:
    """Apply what the démarche asks, once (shown only when the caller's role may and it is open)."""
    return rx.cond(
        S.change != "",
        section(
            "Appliquer au dossier",
            rx.form(
                rx.vstack(
                    _apply_fields(),
                    rx.button(S.change_label, type="submit", color_scheme="green"),
                    spacing="3",
                ),
                on_submit=S.apply,
                # kept after a refusal (a bad date, a wrong code): once applied, the section goes
                reset_on_submit=False,
                width="100%",
            ),
        ),
        rx.fragment(),
    )
