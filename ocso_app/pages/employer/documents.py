"""Documents: compose the bulletin individuel d'adhésion (BIA) and download it; the documents utiles (the
contracts' notices and descriptifs de garanties, the documents published to the structures, the guides et
tutoriels OCSO publishes to every employer)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import document_row, download_link
from ocso_app.components.forms import banner, field, select_field, submit_button
from ocso_app.state.employer.documents import EmployerDocumentsState as S
from ocso_app.templates import employer_page

COMPOSER_INTRO = (
    "Composez grâce à cette rubrique le bulletin individuel d'adhésion (BIA) dont vous avez besoin et "
    "téléchargez-le : l'entreprise et le contrat sont déjà remplis, votre salarié complète le reste."
)
PAYROLL_QUESTION = (
    "La cotisation des options est-elle prélevée sur le bulletin de paie de votre salarié (= précompte "
    "employeur) ou directement sur son compte bancaire (= pas de précompte employeur) ?"
)
GUIDES_INTRO = (
    "Les guides RH et salarié(e)s et les tutoriels d'OCSO : affilier, radier, suivre les dispenses… Le guide "
    "salarié(e) est à remettre à vos salarié(e)s."
)
HEADCOUNT_HINT = (
    "Uniquement pour la prévoyance. Si la catégorie de personnel compte moins de 6 salariés, un "
    "questionnaire médical est joint au bulletin."
)


def _choice(
    kind: str, name: str, value: str | rx.Var, ident: str | rx.Var, label: rx.Var | str
) -> rx.Component:
    """A native check box or radio button with its label (clickable, found by ``get_by_label``)."""
    return rx.hstack(
        rx.el.input(type=kind, name=name, value=value, id=ident, width="1.1em", height="1.1em"),
        rx.el.label(label, html_for=ident),
        align="center",
        spacing="2",
    )


def _options() -> rx.Component:
    return rx.cond(
        S.chosen_options.length() > 0,
        rx.el.fieldset(
            rx.el.legend("Options à proposer (la formule de base est toujours incluse)", font_weight="600"),
            rx.foreach(
                S.chosen_options,
                lambda o: _choice("checkbox", o.field_name, "1", o.field_name, o.label + " – " + o.monthly),
            ),
            border="none",
            padding="0",
            margin="0",
        ),
        rx.fragment(),
    )


def _payroll() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(PAYROLL_QUESTION, font_weight="600"),
        rx.hstack(
            _choice("radio", "precompte", "oui", "precompte-oui", "Oui, précompte employeur"),
            _choice("radio", "precompte", "non", "precompte-non", "Non, prélevée sur le compte du salarié"),
            wrap="wrap",
            spacing="4",
            padding_top="0.3em",
        ),
        border="none",
        padding="0",
        margin="0",
    )


def _composer() -> rx.Component:
    return rx.vstack(
        rx.heading("Bulletin individuel d'adhésion", as_="h2", size="5", color=styles.NAVY),
        rx.text(COMPOSER_INTRO),
        banner(S.error),
        rx.cond(
            S.offers.length() > 0,
            rx.form(
                rx.vstack(
                    select_field(
                        "Contrat",
                        "contrat",
                        S.offers,
                        first=("", "Choisir un contrat…"),
                        required=True,
                        on_change=S.choose_contract,
                    ),
                    _options(),
                    _payroll(),
                    rx.cond(
                        S.asks_headcount,
                        field(
                            "Nombre de salariés inscrits sur le contrat",
                            "effectif",
                            type_="number",
                            hint=HEADCOUNT_HINT,
                            min="1",
                            max="99999",
                            step="1",
                        ),
                        rx.fragment(),
                    ),
                    submit_button("Composer et télécharger le BIA", width="auto"),
                    spacing="4",
                    max_width="640px",
                    width="100%",
                ),
                on_submit=S.compose,
            ),
            rx.text(
                "Aucun contrat signé en cours : le bulletin ne peut pas être composé.",
                color=styles.TEXT_MUTED,
            ),
        ),
        rx.cond(
            S.bia_href != "",
            download_link("Télécharger de nouveau le bulletin (PDF)", href=S.bia_href, icon=True),
            rx.fragment(),
        ),
        style=styles.CARD,
        spacing="3",
    )


def _notice_row(d: rx.Var) -> rx.Component:
    return document_row(d.date_label, download_link(d.title, href=d.url, icon=True), d.contract)


def _published_row(d: rx.Var) -> rx.Component:
    """A document OCSO published to the structures: « Nouveau » until one of their users opens it, which
    the click records before the download."""
    link = rx.hstack(
        download_link(d.title, href=d.url, icon=True, on_click=[rx.prevent_default, S.open_document(d.id)]),
        rx.cond(d.unread, rx.badge("Nouveau", color_scheme="red", variant="soft"), rx.fragment()),
        spacing="2",
        align="center",
        wrap="wrap",
    )
    return document_row(d.date_label, link, d.category + " – " + d.structure)


def _guide_row(g: rx.Var) -> rx.Component:
    return document_row(g.date_label, download_link(g.title, href=g.url, icon=True), g.kind)


def _useful_documents() -> rx.Component:
    return rx.vstack(
        rx.heading("Documents utiles", as_="h2", size="5", color=styles.NAVY),
        rx.heading("Notices d'information et descriptifs de garanties", as_="h3", size="3"),
        rx.cond(
            S.notices.length() > 0,
            rx.foreach(S.notices, _notice_row),
            rx.text("Aucune notice pour vos contrats en cours.", color=styles.TEXT_MUTED),
        ),
        rx.heading("Documents de vos structures", as_="h3", size="3", padding_top="0.5em"),
        rx.cond(
            S.published.length() > 0,
            rx.foreach(S.published, _published_row),
            rx.text("Aucun document publié pour vos structures.", color=styles.TEXT_MUTED),
        ),
        rx.heading("Guides et tutoriels", as_="h3", size="3", padding_top="0.5em"),
        rx.text(GUIDES_INTRO, color=styles.TEXT_MUTED, size="2"),
        rx.cond(
            S.guides.length() > 0,
            rx.foreach(S.guides, _guide_row),
            rx.text("Aucun guide ni tutoriel pour le moment.", color=styles.TEXT_MUTED),
        ),
        style=styles.CARD,
        spacing="3",
    )


@employer_page(route=routes.EMPLOYER_DOCUMENTS, title="Documents", on_load=S.load)
def employer_documents() -> rx.Component:
    """Documents."""
    return rx.vstack(
        rx.heading("Documents", as_="h1", size="6", style=styles.SECTION_TITLE),
        _composer(),
        _useful_documents(),
        width="100%",
        spacing="5",
    )
