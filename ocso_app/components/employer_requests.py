"""The forms of the Espace Employeur's Démarches, one per kind, bound to ``EmployerRequestsState``: each is
drawn only when the caller's profile allows its kind on at least one structure of the page."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.employee_picker import employee_picker
from ocso_app.components.forms import with_files
from ocso_app.components.help_centre import help_answers
from ocso_app.components.request_forms import (
    choice_field,
    demarche_form,
    demarche_section,
    file_picker,
    message_field,
)
from ocso_app.services import requests
from ocso_app.state.demarches import upload_id
from ocso_app.state.employer.requests import PICKS, UPLOADS
from ocso_app.state.employer.requests import EmployerRequestsState as S

# kind, title (the guide's words), what it is for
SECTIONS = (
    (
        requests.EMPLOYEES,
        "SALARIÉS",
        "Joignez un bulletin d'adhésion ou de modification, un formulaire portabilité, ou informez-nous "
        "de la sortie des effectifs de l'un de vos salariés ou d'une nouvelle adresse.",
    ),
    (
        requests.COMPANY_DETAILS,
        "MODIFICATION DES COORDONNÉES DE L'ENTREPRISE",
        "Adresse, téléphone, KBIS : réservé à l'administrateur de la structure.",
    ),
    (
        requests.SICK_LEAVE,
        "ARRÊTS DE TRAVAIL",
        "Vos dossiers, les décomptes, la prolongation ou la reprise de vos salariés.",
    ),
    (
        requests.CONTRIBUTIONS,
        "RÈGLEMENT DES COTISATIONS",
        "Transmettez-nous vos bordereaux échus ou de régularisation.",
    ),
    (
        requests.COMPANY_QUESTION,
        "POSER UNE QUESTION",
        "Notre réponse s'affichera dans « Mes derniers envois ».",
    ),
)


def _files(kind: str, topics: tuple[requests.Topic, ...]) -> rx.Component:
    """The file picker, saying for which objects files are required when only some need them."""
    needed = [t.label for t in topics if t.needs_files]
    if not needed:
        return file_picker(kind, "Pièces jointes (facultatif)")
    if len(needed) == len(topics):
        return file_picker(kind, "Pièces jointes")
    return file_picker(kind, "Pièces jointes", hint=f"Obligatoires pour : {', '.join(needed)}.")


def company_form(kind: str, intro: str) -> rx.Component:
    """The form of one kind: structure (when several), object, employee concerned (picked among the
    structure's employees), message, files."""
    topics = requests.COMPANY_TOPICS[kind]
    structures = S.structures[kind]
    service = requests.SERVICE_LABELS[requests.SERVICES[kind]]
    asks = kind == requests.COMPANY_QUESTION
    names = kind in requests.NAMING_KINDS
    # another structure: the employee picked is forgotten (they are of the structure chosen before)
    forget = {"on_change": lambda value: PICKS[kind](value, "")} if names else {}
    return demarche_form(
        kind,
        rx.text(intro, " Transmis au ", service, ".", color=styles.TEXT_MUTED),
        rx.cond(
            structures.length() > 1,
            choice_field(kind, "Structure concernée", "structure", structures, **forget),
        ),
        choice_field(kind, "Sujet" if asks else "Objet de votre envoi", "topic", [t.label for t in topics]),
        *([employee_picker(kind)] if names else []),
        message_field(kind, "Votre question" if asks else "Votre message", required=True),
        _files(kind, topics),
        on_submit=with_files(upload_id(kind), UPLOADS[kind]),
        error=S.errors[kind],
        info=S.infos[kind],
        generation=S.generation,
    )


def _answers_first(form: rx.Component) -> rx.Component:
    """« Poser une question »: OCSO's answers (guide 000: « Retrouvez l'ensemble des réponses à vos
    questions »), then the form for a question they do not answer."""
    return rx.vstack(
        rx.text("Retrouvez ici les réponses aux questions les plus fréquentes.", font_weight="600"),
        help_answers(
            S.answers,
            S.search_help,
            input_id="aide-employeur",
            placeholder="Par exemple : code de sécurité, portabilité, attestation…",
        ),
        rx.separator(size="4"),
        rx.text("Votre question n'y est pas ? Posez-la à nos équipes :", font_weight="600"),
        form,
        spacing="4",
        width="100%",
    )


def company_sections() -> list[rx.Component]:
    """The kinds the caller may send: a section is drawn only when some structure of the page allows it."""
    return [
        rx.cond(
            S.structures[kind].length() > 0,
            demarche_section(
                title,
                kind,
                _answers_first(company_form(kind, intro))
                if kind == requests.COMPANY_QUESTION
                else company_form(kind, intro),
            ),
        )
        for kind, title, intro in SECTIONS
    ]


def dedicated_contacts() -> rx.Component:
    """« Vos interlocuteurs dédiés » (guide 003, « Envoi et suivi de demandes »), when OCSO named one."""
    return rx.cond(
        S.dedicated.length() > 0,
        rx.vstack(
            rx.heading("Vos interlocuteurs dédiés", as_="h2", size="4", color=styles.NAVY),
            rx.foreach(
                S.dedicated,
                lambda contact: rx.vstack(
                    rx.text(contact["name"], font_weight="700"),
                    rx.link(contact["email"], href=contact["href"]),
                    spacing="0",
                ),
            ),
            style=styles.CARD,
            spacing="2",
            width="100%",
        ),
        rx.fragment(),
    )
