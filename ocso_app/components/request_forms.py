"""The forms of Mes démarches and the "Mes dernières démarches" block, bound to ``RequestsState``."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import banner
from ocso_app.services import requests
from ocso_app.services.uploads import MAX_FILES
from ocso_app.state.requests import RequestsState, upload_id

ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}
SELECT_STYLE = {
    "width": "100%",
    "padding": "0.55em 0.6em",
    "border": "1px solid #c4cdd9",
    "border_radius": "6px",
    "background": "white",
    "font_size": "1em",
}


def input_field(
    kind: str, label: str, name: str, *, type_: str = "text", hint: str | None = None, required=True, **props
) -> rx.Component:
    """A labelled input whose id is unique on the page (several forms share field names)."""
    ident = f"{kind}-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=ident, font_weight="600", font_size="0.95em"),
        rx.input(id=ident, name=name, type=type_, required=required, size="3", width="100%", **props),
        *([rx.text(hint, size="1", color=styles.TEXT_MUTED)] if hint else []),
        spacing="1",
        width="100%",
    )


def select_field(
    kind: str, label: str, name: str, options: list[str] | None = None, *, choices=None, required: bool = True
) -> rx.Component:
    """A labelled native select: fixed ``options``, or ``choices`` (a var of Choice) from the state."""
    placeholder = rx.el.option("Choisir…", value="", disabled=True)
    items = (
        [rx.el.option(o, value=o) for o in options or []]
        if choices is None
        else [rx.foreach(choices, lambda c: rx.el.option(c.label, value=c.value))]
    )
    return rx.vstack(
        rx.el.label(label, html_for=f"{kind}-{name}", font_weight="600", font_size="0.95em"),
        rx.el.select(
            placeholder,
            *items,
            id=f"{kind}-{name}",
            name=name,
            default_value="",
            required=required,
            style=SELECT_STYLE,
        ),
        spacing="1",
        width="100%",
    )


def message_field(kind: str, label: str, name: str = "message", *, required: bool = False) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"{kind}-{name}", font_weight="600", font_size="0.95em"),
        rx.text_area(
            id=f"{kind}-{name}", name=name, required=required, max_length=2000, rows="4", width="100%"
        ),
        spacing="1",
        width="100%",
    )


def file_picker(kind: str, label: str) -> rx.Component:
    """PDF, JPEG or PNG; on a phone, the picker also offers the camera (images are accepted)."""
    return rx.vstack(
        rx.text(label, font_weight="600", font_size="0.95em"),
        rx.upload(
            rx.vstack(
                rx.button(
                    rx.icon("paperclip", size=16), "Choisir des fichiers", type="button", variant="soft"
                ),
                rx.text(
                    f"PDF, JPEG ou PNG, {MAX_FILES} fichiers de 10 Mo au plus. Sur un téléphone, "
                    "vous pouvez aussi prendre une photo.",
                    size="2",
                    color=styles.TEXT_MUTED,
                ),
                align="center",
                spacing="2",
            ),
            id=upload_id(kind),
            accept=ACCEPT,
            max_files=MAX_FILES,
            multiple=True,
            border="1px dashed #9aa8bc",
            border_radius="8px",
            padding="1em",
            width="100%",
        ),
        rx.foreach(
            rx.selected_files(upload_id(kind)),
            lambda name: rx.hstack(rx.icon("file-check", size=14), rx.text(name, size="2"), align="center"),
        ),
        spacing="1",
        width="100%",
    )


def _form(kind: str, *children: rx.Component, on_submit, button: str = "Envoyer") -> rx.Component:
    return rx.form(
        rx.vstack(
            banner(getattr(RequestsState, f"{kind}_error")),
            banner(getattr(RequestsState, f"{kind}_info"), tone="success"),
            *children,
            rx.button(button, type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        key=f"{kind}-" + RequestsState.generation.to_string(),
        width="100%",
    )


def _with_files(kind: str, handler) -> list:
    """Stage the fields, send the files, then empty the picker (in the browser: no script from the server,
    which the Content-Security-Policy forbids)."""
    return [
        RequestsState.stage,
        handler(rx.upload_files(upload_id=upload_id(kind))),
        rx.clear_selected_files(upload_id(kind)),
    ]


def documents_form() -> rx.Component:
    return _form(
        "documents",
        rx.text("Vos documents sont transmis directement au service Prestations.", color=styles.TEXT_MUTED),
        select_field("documents", "Type de document", "document_type", list(requests.DOCUMENT_TYPES)),
        select_field("documents", "Bénéficiaire", "beneficiary", choices=RequestsState.beneficiaries),
        message_field("documents", "Message (facultatif)"),
        file_picker("documents", "Documents"),
        on_submit=_with_files("documents", RequestsState.upload_documents),
    )


def hospital_form() -> rx.Component:
    return _form(
        "hospital",
        select_field("hospital", "Bénéficiaire", "beneficiary", choices=RequestsState.beneficiaries),
        input_field("hospital", "Nom de l'établissement", "establishment"),
        input_field(
            "hospital",
            "Numéro FINESS",
            "finess",
            hint="9 chiffres, sur le courrier de l'établissement.",
            max_length=11,
        ),
        input_field("hospital", "Fax de l'établissement", "fax", type_="tel", required=False),
        input_field(
            "hospital", "ou e-mail de l'établissement", "establishment_email", type_="email", required=False
        ),
        input_field("hospital", "Date d'admission", "admission_date", type_="date"),
        select_field("hospital", "Type de séjour", "stay_type", list(requests.STAY_TYPES)),
        input_field(
            "hospital", "Discipline (code DMT)", "dmt", hint="3 chiffres, par exemple 166.", max_length=3
        ),
        message_field("hospital", "Précisions (facultatif)"),
        file_picker("hospital", "Demande de l'établissement (facultatif)"),
        on_submit=_with_files("hospital", RequestsState.upload_hospital),
    )


def bank_form() -> rx.Component:
    return _form(
        "bank",
        rx.text(
            "Vos nouvelles coordonnées s'afficheront dans MES INFORMATIONS une fois enregistrées par OCSO.",
            color=styles.TEXT_MUTED,
        ),
        input_field("bank", "IBAN", "iban", auto_complete="off"),
        input_field("bank", "BIC", "bic", auto_complete="off"),
        file_picker("bank", "RIB"),
        input_field(
            "bank", "Mot de passe actuel", "password", type_="password", auto_complete="current-password"
        ),
        on_submit=_with_files("bank", RequestsState.upload_bank),
    )


def beneficiaries_form() -> rx.Component:
    return _form(
        "beneficiaries",
        select_field("beneficiaries", "Je souhaite", "action", ["ajout", "retrait"]),
        rx.text(
            "Ajout : renseignez la personne et joignez un justificatif.", size="2", color=styles.TEXT_MUTED
        ),
        input_field("beneficiaries", "Prénom", "first_name", required=False),
        input_field("beneficiaries", "Nom", "last_name", required=False),
        input_field("beneficiaries", "Date de naissance", "birth_date", type_="date", required=False),
        select_field("beneficiaries", "Qualité", "quality", list(requests.QUALITIES), required=False),
        input_field(
            "beneficiaries",
            "Rang",
            "rank",
            hint="2 caractères, par exemple EA, EB pour les enfants.",
            required=False,
        ),
        input_field(
            "beneficiaries", "Numéro de Sécurité sociale (facultatif)", "nir", required=False, max_length=21
        ),
        rx.text("Retrait : choisissez le bénéficiaire.", size="2", color=styles.TEXT_MUTED),
        select_field(
            "beneficiaries",
            "Bénéficiaire à retirer",
            "beneficiary",
            choices=RequestsState.beneficiaries,
            required=False,
        ),
        message_field("beneficiaries", "Message (facultatif)"),
        file_picker("beneficiaries", "Justificatif (acte de naissance, livret de famille…)"),
        on_submit=_with_files("beneficiaries", RequestsState.upload_beneficiaries),
    )


def question_form() -> rx.Component:
    return _form(
        "question",
        select_field("question", "Sujet", "topic", list(requests.QUESTION_TOPICS)),
        message_field("question", "Votre question", required=True),
        on_submit=RequestsState.submit_question,
    )


def _status_badge(status: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    return rx.match(
        status,
        ("traitee", rx.badge(label, color_scheme="green")),
        ("refusee", rx.badge(label, color_scheme="red")),
        ("en_cours", rx.badge(label, color_scheme="orange")),
        rx.badge(label, color_scheme="gray"),
    )


def _request_row(item) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(item.date_label, font_weight="700", color=styles.NAVY, min_width="4.5em"),
            rx.text(item.type_label, " → ", item.subject, size="2"),
            align="baseline",
            width="100%",
        ),
        _status_badge(item.status, item.status_label),
        rx.foreach(
            item.answers,
            lambda answer: rx.box(
                rx.text("Réponse d'OCSO", font_weight="600", size="1"),
                rx.text(answer, size="2"),
                background=styles.SKY,
                border_radius="6px",
                padding="0.5em 0.7em",
                width="100%",
            ),
        ),
        rx.foreach(
            item.attachments,
            lambda piece: rx.link(
                rx.hstack(rx.icon("paperclip", size=12), rx.text(piece.name, size="1"), spacing="1"),
                href=piece.url,
                reload_document=True,
            ),
        ),
        spacing="1",
        padding_bottom="0.7em",
        border_bottom="1px solid #e2e8f0",
        width="100%",
    )


def latest_requests_block() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes dernières démarches", as_="h2", size="4", color=styles.NAVY),
        rx.cond(
            RequestsState.latest.length() > 0,
            rx.foreach(RequestsState.latest, _request_row),
            rx.text("Aucune démarche pour le moment.", color=styles.TEXT_MUTED),
        ),
        spacing="3",
        style=styles.CARD,
        aria_live="polite",
        id="dernieres-demarches",
    )
