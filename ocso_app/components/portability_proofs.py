"""« Justificatifs de portabilité » on a company's file (Espace OCSO): the proofs of unemployment benefits
OCSO recorded for its former employees en portabilité, each opened by OCSO only, and, for a role that may
change companies, « Enregistrer un justificatif de portabilité reçu » by e-mail or post: the employee, the
day it was received and the file (``services.portability_proofs``), and « Retirer » one recorded by
mistake."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.confirm import confirm_button
from ocso_app.components.downloads import download_link
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import (
    banner,
    date_field,
    one_file_picker,
    select_field,
    submit_button,
    with_files,
)
from ocso_app.components.tables import Column, data_table
from ocso_app.state.staff.files import EMPLOYEE, PROOF_UPLOAD, RECEIVED_ON
from ocso_app.state.staff.files import StaffCompanyFileState as C

SCOPE = "justificatifs-portabilite"
INTRO = (
    "Les attestations de France Travail qu'un(e) ancien(ne) salarié(e) en portabilité envoie par e-mail ou "
    "par courrier, notamment s'il/elle n'est couvert(e) que par la prévoyance (sans Espace Santé Assuré). "
    "Les utilisateurs de l'entreprise en voient le nombre et la date du dernier dans leur Accueil, jamais "
    "le fichier."
)


def _proof_file(row: rx.Var) -> rx.Component:
    return download_link(
        "Ouvrir", href=row["href"], aria_label="Ouvrir le justificatif reçu le " + row["received_on"]
    )


def _withdraw(row: rx.Var) -> rx.Component:
    """« Retirer » a proof recorded by mistake, asked first: its file is deleted."""
    return confirm_button(
        rx.button(
            "Retirer",
            size="1",
            color_scheme="red",
            variant="soft",
            aria_label="Retirer le justificatif de " + row["employee"] + " reçu le " + row["received_on"],
        ),
        title="Retirer ce justificatif ?",
        description="Le justificatif de "
        + row["employee"]
        + " reçu le "
        + row["received_on"]
        + " n'est plus compté dans l'Accueil de l'entreprise et son fichier est supprimé. À faire s'il a "
        "été enregistré par erreur (une autre personne, un autre fichier, une autre date).",
        confirm="Retirer le justificatif",
        on_confirm=C.withdraw_portability_proof(row["proof_id"]),
        destructive=True,
    )


PROOFS = (
    Column("Salarié(e)", "employee", header=True),
    Column("Reçu le", "received_on", nowrap=True),
    Column("Enregistré", "recorded"),
    Column("Fichier", "href", render=_proof_file, title_shown=False),
    Column("Retirer", "proof_id", render=_withdraw, title_shown=False, visible=C.may_record_proof),
)


def _form() -> rx.Component:
    """The employee en portabilité, the day received and the file; drawn empty again once recorded."""
    return rx.form(
        rx.vstack(
            rx.heading("Enregistrer un justificatif de portabilité reçu", as_="h3", size="3"),
            select_field(
                "Salarié(e) en portabilité",
                EMPLOYEE,
                C.portability_employees,
                id_="justificatif-salarie",
                first=("", "Choisir…"),
                required=True,
            ),
            date_field("Date de réception", RECEIVED_ON, id_="justificatif-date", required=True),
            one_file_picker(
                PROOF_UPLOAD,
                "Un PDF, JPEG ou PNG de 10 Mo au plus.",
                name="le justificatif de portabilité reçu",
            ),
            submit_button("Enregistrer le justificatif", width="auto"),
            spacing="3",
            width="100%",
        ),
        on_submit=with_files(PROOF_UPLOAD, C.record_portability_proof),
        key="justificatif-" + C.proof_form.to_string(),
        width="100%",
    )


def portability_proofs_card() -> rx.Component:
    """The card: the proofs recorded, then the form for a role that may record one."""
    return rx.vstack(
        rx.heading("Justificatifs de portabilité", as_="h2", size="4", color=styles.NAVY),
        rx.text(INTRO, color=styles.TEXT_MUTED),
        data_table(C.portability_proofs, PROOFS, empty="Aucun justificatif enregistré par OCSO."),
        rx.cond(
            C.may_record_proof,
            rx.cond(
                C.portability_employees.length() > 0,
                _form(),
                rx.text("Aucun(e) salarié(e) en portabilité dans cette entreprise.", color=styles.TEXT_MUTED),
            ),
        ),
        banner(C.proof_error),
        banner(C.proof_info, tone="success"),
        refusal_focus(SCOPE, C.refusals),
        id=SCOPE,
        style=styles.CARD,
        width="100%",
        spacing="2",
    )
