"""Affiliation en masse (guide 003): the template to fill, the file to import, the preview of every row with
its errors, then the invitations sent with a progress bar and the report of every row."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.forms import (
    banner,
    beside_its_label,
    field,
    one_file_picker,
    select_field,
    with_files,
)
from ocso_app.components.tables import Column, data_table, pager
from ocso_app.components.wording import counted
from ocso_app.services.formats import format_count
from ocso_app.services.mass_affiliation_file import MAX_BYTES, MAX_ROWS
from ocso_app.state.employer.mass_affiliation import ERRORS, EVERYTHING, UPLOAD_ID
from ocso_app.state.employer.mass_affiliation import MassAffiliationState as S
from ocso_app.templates import employer_page

ACCEPT = {
    "text/csv": [".csv", ".txt"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
}

CONTRACT_COLUMNS = (
    Column("Numéro de contrat", "number", header=True, nowrap=True),
    Column("Contrat", "label"),
    Column("Catégorie de personnel", "category"),
    Column("Structure", "structure", visible=S.structures.length() > 1),
)


def _result(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["valid"] != "",
        rx.badge("Valide", color_scheme="green"),
        rx.text(row["result"], color=styles.DANGER, size="2", white_space="pre-line"),
    )


def _card(row: rx.Var) -> rx.Component:
    """One row of the file on a phone: its line and name, then its errors."""
    return rx.vstack(
        rx.text("Ligne ", row["line"], " · ", row["last_name"], " ", row["first_name"], font_weight="700"),
        _result(row),
        border_bottom=f"1px solid {styles.RULE}",
        padding_y="0.6em",
        spacing="1",
        width="100%",
    )


PREVIEW_COLUMNS = (
    Column("Ligne", "line", nowrap=True),
    Column("Nom", "last_name", header=True),
    Column("Prénom", "first_name"),
    Column("Date de naissance", "birth_date", nowrap=True),
    Column("E-mail", "email"),
    Column("Contrat(s)", "contract"),
    Column("Contrôle", "result", render=_result),
)


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *children,
        style=styles.CARD,
        spacing="3",
        width="100%",
    )


def _template() -> rx.Component:
    def href(extension: str) -> str:
        return routes.API_EMPLOYER_IMPORT_TEMPLATE.url(format=extension)

    return _section(
        "1. Préparez votre fichier",
        rx.text(
            "Une ligne par salarié(e), sous les intitulés du modèle ; dates au format jj/mm/aaaa. Sans "
            "adresse e-mail, l'adresse postale est obligatoire : un courrier d'invitation sera à poster.",
        ),
        rx.hstack(
            download_link("Modèle Excel (.xlsx)", href=href("xlsx"), icon=True),
            download_link("Modèle CSV (.csv)", href=href("csv"), icon=True),
            spacing="4",
            wrap="wrap",
        ),
        rx.text("Vos contrats en vigueur, à reprendre dans la colonne « Numéro de contrat » :", size="2"),
        data_table(
            S.contracts, CONTRACT_COLUMNS, empty="Aucun contrat en vigueur.", size="1", label="Contrats"
        ),
    )


def _upload() -> rx.Component:
    return _section(
        "2. Importez-le",
        rx.form(
            rx.vstack(
                banner(S.error),
                rx.cond(
                    S.structures.length() > 1,
                    select_field(
                        "Structure des salarié(e)s",
                        "structure",
                        S.structures,
                        first=("", "Choisir…"),
                        required=True,
                    ),
                ),
                field(
                    "E-mail pour recevoir les demandes de dispense",
                    "dispense_email",
                    type_="email",
                    default_value=S.dispense_email,
                    autocomplete="email",
                ),
                beside_its_label(
                    rx.checkbox(name="notify", value="oui", id="prevenir"),
                    "Être prévenu(e) par e-mail quand un(e) salarié(e) a finalisé son affiliation",
                    for_id="prevenir",
                ),
                one_file_picker(
                    UPLOAD_ID,
                    f"CSV ou Excel (.xlsx), {MAX_BYTES // (1024 * 1024)} Mo et "
                    f"{format_count(MAX_ROWS)} lignes au plus.",
                    name="le fichier des salariés à affilier",
                    accept=ACCEPT,
                    icon="file-spreadsheet",
                    max_bytes=MAX_BYTES,
                ),
                rx.button("Vérifier le fichier", type="submit", size="3"),
                spacing="3",
                width="100%",
            ),
            on_submit=with_files(UPLOAD_ID, S.upload_file),
            width="100%",
        ),
    )


def _counts() -> rx.Component:
    return rx.hstack(
        rx.badge(counted(S.valid_count, "ligne valide", "lignes valides"), color_scheme="green", size="2"),
        rx.badge(
            counted(S.invalid_count, "ligne en erreur", "lignes en erreur"), color_scheme="red", size="2"
        ),
        rx.text("Fichier : ", S.file_name, size="2", color=styles.TEXT_MUTED),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _preview() -> rx.Component:
    return _section(
        "3. Vérifiez avant d'importer",
        rx.text(
            "Rien n'est encore enregistré. Les lignes en erreur ne seront pas importées : corrigez-les dans "
            "votre fichier pour les importer ensuite."
        ),
        banner(S.error),
        _counts(),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Lignes en erreur", value=ERRORS),
                rx.tabs.trigger("Toutes les lignes", value=EVERYTHING),
            ),
            value=S.shown,
            on_change=S.show,
        ),
        rx.box(
            data_table(
                S.rows, PREVIEW_COLUMNS, empty="Aucune ligne en erreur.", size="1", label="Lignes du fichier"
            ),
            display=["none", "none", "block"],
            width="100%",
        ),
        rx.vstack(rx.foreach(S.rows, _card), spacing="0", width="100%", display=["flex", "flex", "none"]),
        rx.cond(
            S.pages > 1,
            pager(
                page=S.page,
                pages=S.pages,
                on_previous=S.change_page(-1),
                on_next=S.change_page(1),
                has_next=S.page < S.pages,
            ),
        ),
        rx.hstack(
            rx.button(
                S.import_label,
                on_click=S.import_valid,
                disabled=S.valid_count == 0,
                loading=S.importing,
                size="3",
            ),
            rx.button("Annuler", on_click=S.start_over, variant="soft", size="3", disabled=S.importing),
            spacing="3",
            wrap="wrap",
        ),
    )


def _invitations() -> rx.Component:
    return _section(
        "4. Invitations",
        rx.text(
            S.imported_count.to_string(),
            " salarié(e)(s) importé(e)(s), ",
            S.rejected_count.to_string(),
            " ligne(s) refusée(s). Chacun(e) reçoit son lien personnel par e-mail, à défaut un courrier.",
        ),
        rx.progress(value=S.percent, max=100, width="100%", aria_label="Envoi des invitations"),
        rx.text(
            S.percent.to_string(),
            " % — ",
            counted(S.invited, "invitation", "invitations"),
            " sur ",
            S.imported_count.to_string(),
            rx.cond(
                S.letters > 0,
                ", dont " + counted(S.letters, "courrier", "courriers") + " à poster (fiche salarié(e))",
                "",
            ),
            rx.cond(S.finished, ". Envoi terminé.", " : envoi en cours…"),
            role="status",
        ),
        rx.hstack(
            rx.text("Rapport de l'import :", size="2", color=styles.TEXT_MUTED),
            download_link(
                "Excel (.xlsx)", href=S.report_xlsx, icon=True, aria_label="Rapport de l'import en Excel"
            ),
            download_link(
                "CSV (.csv)", href=S.report_csv, icon=True, aria_label="Rapport de l'import en CSV"
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.button("Importer un autre fichier", on_click=S.start_over, variant="soft", disabled=~S.finished),
    )


@employer_page(route=routes.EMPLOYER_MASS_AFFILIATION, title="Affiliation en masse", on_load=S.load)
def employer_mass_affiliation() -> rx.Component:
    """Affiliation en masse."""
    return rx.vstack(
        rx.heading("Affiliation en masse", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Importez un fichier comportant la liste des salarié(e)s à affilier : chaque ligne est "
            "contrôlée avant tout enregistrement, puis vos salarié(e)s reçoivent un lien personnel par "
            "e-mail, à défaut un courrier postal, pour procéder à leur affiliation."
        ),
        rx.match(
            S.step,
            ("apercu", _preview()),
            ("invitations", _invitations()),
            rx.vstack(_template(), _upload(), spacing="4", width="100%"),
        ),
        width="100%",
        spacing="4",
    )
