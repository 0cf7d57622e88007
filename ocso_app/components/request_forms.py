"""The pieces of a démarche form and of a démarches history (any page's state): each démarche with its thread
and, bound to the page's ``Replies``, the form to reply to OCSO under the one chosen; and the forms of Mes
démarches with their "Mes dernières démarches" block, bound to ``RequestsState``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import (
    banner,
    date_field,
    drop_zone,
    field,
    select_field,
    text_area_field,
    with_files,
)
from ocso_app.components.sections import accordion
from ocso_app.components.thread import thread_message
from ocso_app.services import requests, uploads
from ocso_app.services.uploads import MAX_FILE_BYTES, MAX_FILES
from ocso_app.state.demarches import REPLY, upload_id
from ocso_app.state.member.requests import RequestsState

# "image/*" (not only image/jpeg and image/png) makes a phone's chooser offer « Appareil photo » beside its
# files; the server still keeps only real PDF, JPEG and PNG content (uploads.check_file). No ``capture``: it
# would open the camera alone, and a member sending a PDF could no longer choose it.
ACCEPT = {"image/*": [".jpg", ".jpeg", ".png"], "application/pdf": [".pdf"]}
PLACEHOLDER = ("", "Choisir…")


def input_field(kind: str, label: str, name: str, **props) -> rx.Component:
    """A field whose id is unique on the page (several forms share field names)."""
    return field(label, name, id_=f"{kind}-{name}", **props)


def choice_field(
    kind: str, label: str, name: str, options, *, required: bool = True, **props: Any
) -> rx.Component:
    """A select of fixed labels (a list of strings) or of the state's ``Choice`` list (``props`` go to the
    select, e.g. ``on_change``)."""
    items = options if isinstance(options, rx.Var) else [(option, option) for option in options]
    return select_field(
        label, name, items, id_=f"{kind}-{name}", first=PLACEHOLDER, required=required, **props
    )


def message_field(kind: str, label: str, name: str = "message", *, required: bool = False) -> rx.Component:
    return text_area_field(label, name, id_=f"{kind}-{name}", required=required)


FILES_EXPECTED = f"PDF, JPEG ou PNG, {MAX_FILES} fichiers de 10 Mo au plus."


def file_picker(kind: str, label: str, hint: str | None = None) -> rx.Component:
    """PDF, JPEG or PNG; on a phone, the picker also offers the camera (images are accepted). Its button reads
    « Choisir des fichiers : ``label`` » to a screen reader, described by ``hint`` and what it takes."""
    picker_id = upload_id(kind)
    hint_id = f"{picker_id}-consigne"
    return rx.vstack(
        rx.text(label, font_weight="600", font_size="0.95em"),
        *([rx.text(hint, id=hint_id, size="1", color=styles.TEXT_MUTED)] if hint else []),
        drop_zone(
            picker_id,
            choose="Choisir des fichiers",
            name=label,
            expected=FILES_EXPECTED,
            note=" Sur un téléphone, vous pouvez aussi prendre une photo.",
            accept=ACCEPT,
            max_files=MAX_FILES,
            max_bytes=MAX_FILE_BYTES,
            described_by=(hint_id,) if hint else (),
        ),
        rx.foreach(
            rx.selected_files(upload_id(kind)),
            lambda name: rx.hstack(rx.icon("file-check", size=14), rx.text(name, size="2"), align="center"),
        ),
        spacing="1",
        width="100%",
    )


def demarche_form(
    kind: str,
    *children: rx.Component,
    on_submit,
    error: rx.Var,
    info: rx.Var,
    generation: rx.Var,
    button: str = "Envoyer",
) -> rx.Component:
    """A démarche's form with its error and confirmation; a new ``generation`` (after a submission) empties
    it. « Ajoutez au moins un fichier » goes as soon as a file is chosen."""
    chosen = rx.selected_files(upload_id(kind)).length() > 0  # type: ignore[attr-defined]
    return rx.form(
        rx.vstack(
            banner(rx.cond((error == uploads.NO_FILE) & chosen, "", error)),
            banner(info, tone="success"),
            *children,
            rx.button(button, type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        key=f"{kind}-" + generation.to_string(),
        width="100%",
    )


def demarche_section(title: str, key: str, form: rx.Component) -> rx.Component:
    """One démarche of a page's accordion: its title, its form when opened."""
    return rx.accordion.item(
        header=rx.text(title, text_align="left", font_weight="600"),
        content=rx.box(form, color=styles.TEXT),
        value=key,
    )


def demarches_layout(
    title: str,
    intro: str,
    sections: list[rx.Component],
    history: rx.Component,
    opened: rx.Var[str] | None = None,
):
    """A démarches page: its title and intro, the forms as an accordion (one open at a time) under their own
    heading (its items are h3: a screen reader's list of headings then nests them), the history beside them
    (below them on a phone)."""
    return rx.vstack(
        rx.heading(title, as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.callout(intro, icon="info", color_scheme="blue", width="100%"),
        rx.grid(
            rx.vstack(
                rx.heading("Faire une démarche", as_="h2", size="4", color=styles.NAVY),
                accordion(*sections, opened=opened),
                spacing="3",
                width="100%",
            ),
            history,
            columns=rx.breakpoints(initial="1", md="2fr 1fr"),
            gap="1.25em",
            width="100%",
            align_items="start",
        ),
        width="100%",
        spacing="4",
    )


def _form(kind: str, *children: rx.Component, on_submit) -> rx.Component:
    return demarche_form(
        kind,
        *children,
        on_submit=on_submit,
        error=getattr(RequestsState, f"{kind}_error"),
        info=getattr(RequestsState, f"{kind}_info"),
        generation=RequestsState.generation,
    )


def documents_form() -> rx.Component:
    return _form(
        "documents",
        rx.text("Vos documents sont transmis directement au service Prestations.", color=styles.TEXT_MUTED),
        choice_field("documents", "Type de document", "document_type", list(requests.DOCUMENT_TYPES)),
        choice_field("documents", "Bénéficiaire", "beneficiary", RequestsState.beneficiaries),
        message_field("documents", "Message (facultatif)"),
        file_picker("documents", "Documents"),
        on_submit=with_files(upload_id("documents"), RequestsState.upload_documents),
    )


def hospital_form() -> rx.Component:
    return _form(
        "hospital",
        choice_field("hospital", "Bénéficiaire", "beneficiary", RequestsState.beneficiaries),
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
        date_field("Date d'admission", "admission_date", id_="hospital-admission_date", required=True),
        choice_field("hospital", "Type de séjour", "stay_type", list(requests.STAY_TYPES)),
        input_field(
            "hospital", "Discipline (code DMT)", "dmt", hint="3 chiffres, par exemple 166.", max_length=3
        ),
        message_field("hospital", "Précisions (facultatif)"),
        file_picker("hospital", "Demande de l'établissement (facultatif)"),
        on_submit=with_files(upload_id("hospital"), RequestsState.upload_hospital),
    )


def bank_form() -> rx.Component:
    return _form(
        "bank",
        rx.text(
            "Vos nouvelles coordonnées s'afficheront dans MES INFORMATIONS une fois enregistrées par OCSO.",
            color=styles.TEXT_MUTED,
        ),
        input_field("bank", "IBAN", "iban", autocomplete="off"),
        input_field("bank", "BIC", "bic", autocomplete="off"),
        file_picker("bank", "RIB"),
        input_field(
            "bank", "Mot de passe actuel", "password", type_="password", autocomplete="current-password"
        ),
        on_submit=with_files(upload_id("bank"), RequestsState.upload_bank),
    )


def beneficiaries_form() -> rx.Component:
    return _form(
        "beneficiaries",
        choice_field("beneficiaries", "Je souhaite", "action", ["ajout", "retrait"]),
        rx.text(
            "Ajout : renseignez la personne et joignez un justificatif.", size="2", color=styles.TEXT_MUTED
        ),
        input_field("beneficiaries", "Prénom", "first_name", required=False),
        input_field("beneficiaries", "Nom", "last_name", required=False),
        date_field("Date de naissance", "birth_date", id_="beneficiaries-birth_date"),
        choice_field("beneficiaries", "Qualité", "quality", list(requests.QUALITIES), required=False),
        input_field(
            "beneficiaries",
            "Rang (facultatif)",
            "rank",
            hint="Laissez vide : OCSO attribue le suivant (CJ pour le conjoint, EA, EB… pour les enfants).",
            required=False,
            max_length=2,
        ),
        input_field(
            "beneficiaries", "Numéro de Sécurité sociale (facultatif)", "nir", required=False, max_length=21
        ),
        rx.text("Retrait : choisissez le bénéficiaire.", size="2", color=styles.TEXT_MUTED),
        choice_field(
            "beneficiaries",
            "Bénéficiaire à retirer",
            "beneficiary",
            RequestsState.removable_beneficiaries,
            required=False,
        ),
        message_field("beneficiaries", "Message (facultatif)"),
        file_picker("beneficiaries", "Justificatif (acte de naissance, livret de famille…)"),
        on_submit=with_files(upload_id("beneficiaries"), RequestsState.upload_beneficiaries),
    )


def question_form() -> rx.Component:
    return _form(
        "question",
        choice_field("question", "Sujet", "topic", list(requests.QUESTION_TOPICS)),
        message_field("question", "Votre message", required=True),  # a question, or news of a change
        file_picker(
            "question",
            "Pièces jointes (justificatif obligatoire pour un changement de situation)",
            f"Changement de situation : joignez son justificatif ({requests.CHANGE_OF_SITUATION_PROOFS}). "
            "Il est transmis au service Adhésions.",
        ),
        on_submit=with_files(upload_id("question"), RequestsState.upload_question),
    )


def _status_badge(status: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    return rx.match(
        status,
        ("traitee", rx.badge(label, color_scheme="green")),
        ("refusee", rx.badge(label, color_scheme="red")),
        ("en_cours", rx.badge(label, color_scheme="orange")),
        rx.badge(label, color_scheme="gray"),
    )


@dataclass(frozen=True)
class Replies:
    """A history's reply form, bound to its page's state: the démarche it is open under, its messages, and
    the handlers that open it, close it and send it."""

    replying_to: rx.Var
    error: rx.Var
    info: rx.Var
    generation: rx.Var
    start: Any
    cancel: Any
    upload: Any

    @classmethod
    def of(cls, state: Any) -> Replies:
        """The reply form of a page whose state has the reply vars and handlers (``replying_to``…)."""
        return cls(
            state.replying_to,
            state.reply_error,
            state.reply_info,
            state.generation,
            state.start_reply,
            state.cancel_reply,
            state.upload_reply,
        )


def _piece(piece) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("paperclip", size=12), rx.text(piece.name, size="1"), spacing="1"),
        href=piece.url,
        reload_document=True,
    )


def _exchange(message) -> rx.Component:
    files = rx.foreach(message.attachments, _piece)
    return thread_message(message.author, message.when, message.body, message.from_ocso, files)


def _reply_form(item, replies: Replies) -> rx.Component:
    """The reply under the démarche chosen (one at a time: the ids are the page's only ones)."""
    return rx.form(
        rx.vstack(
            banner(replies.error),
            rx.el.input(type="hidden", name="demarche", value=item.id.to_string()),
            message_field(REPLY, "Votre réponse à OCSO"),
            file_picker(REPLY, "Pièces jointes (facultatif)"),
            rx.hstack(
                rx.button("Envoyer ma réponse", type="submit"),
                rx.button(
                    "Annuler", type="button", variant="soft", color_scheme="gray", on_click=replies.cancel
                ),
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=with_files(upload_id(REPLY), replies.upload),
        key="reponse-" + replies.generation.to_string(),
        width="100%",
    )


def _reply_area(item, replies: Replies | None) -> rx.Component:
    if replies is None:
        return rx.fragment()
    return rx.cond(
        item.id == replies.replying_to,
        _reply_form(item, replies),
        rx.cond(
            item.can_reply,
            rx.button(
                rx.icon("reply", size=14),
                "Répondre",
                size="1",
                variant="soft",
                on_click=replies.start(item.id.to_string()),
                aria_label="Répondre à OCSO sur la démarche « " + item.subject + " »",
            ),
            rx.fragment(),
        ),
    )


def _title(item) -> rx.Var:
    """« Envoi de document → Envoi d'un devis »; the type alone when the subject repeats it."""
    return rx.cond(item.subject == item.type_label, item.type_label, item.type_label + " → " + item.subject)


def _request_row(item, replies: Replies | None) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(item.date_label, font_weight="700", color=styles.NAVY, min_width="4.5em"),
            rx.text(_title(item), size="2"),
            align="baseline",
            width="100%",
        ),
        rx.cond(item.structure != "", rx.text(item.structure, size="1", color=styles.TEXT_MUTED)),
        _status_badge(item.status, item.status_label),
        rx.foreach(item.attachments, _piece),
        rx.foreach(item.thread, _exchange),
        _reply_area(item, replies),
        spacing="2",
        padding_bottom="0.7em",
        border_bottom=f"1px solid {styles.RULE}",
        width="100%",
    )


@dataclass(frozen=True)
class Older:
    """A history's way further back: whether older démarches exist, and the handler that lists them."""

    exist: rx.Var
    show: Any

    @classmethod
    def of(cls, state: Any) -> Older:
        """For a page whose state has ``has_older`` and ``show_older``."""
        return cls(state.has_older, state.show_older)


def _older(older: Older) -> rx.Component:
    return rx.cond(
        older.exist,
        rx.button(
            "Afficher les démarches plus anciennes",
            variant="soft",
            on_click=older.show,
            align_self="start",
        ),
    )


def requests_history(
    title: str,
    items: rx.Var,
    *,
    empty: str,
    id_: str,
    replies: Replies | None = None,
    older: Older | None = None,
) -> rx.Component:
    """A card listing démarches (``RequestView`` rows): date, kind and subject, the structure when there is
    one, status, the files sent, the thread (OCSO's answers, the sender's replies and their files, behind
    their protected route), with ``replies`` « Répondre » on those that may be replied to, and with
    ``older`` a button listing older ones."""
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *([banner(replies.info, tone="success")] if replies is not None else []),
        rx.cond(
            items.length() > 0,
            rx.foreach(items, lambda item: _request_row(item, replies)),
            rx.text(empty, color=styles.TEXT_MUTED),
        ),
        *([_older(older)] if older is not None else []),
        spacing="3",
        style=styles.CARD,
        aria_live="polite",
        id=id_,
    )


def latest_requests_block() -> rx.Component:
    return requests_history(
        "Mes dernières démarches",
        RequestsState.latest,
        empty="Aucune démarche pour le moment.",
        id_="dernieres-demarches",
        replies=Replies.of(RequestsState),
        older=Older.of(RequestsState),
    )
