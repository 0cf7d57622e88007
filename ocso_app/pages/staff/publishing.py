"""Publier un document (Espace OCSO): to a member (numéro d'adhérent, catégorie, titre, PDF), to a company
(numéro client, catégorie, titre, PDF) or to every employer (type: guide RH, guide salarié(e) or tutoriel,
titre, PDF), the forms the caller's role allows; and the guides in force for every employer, each with
« Retirer »."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.confirm import confirm_button
from ocso_app.components.downloads import document_row
from ocso_app.components.forms import banner, field, one_file_picker, select_field, with_files
from ocso_app.services import publishing
from ocso_app.state.staff.publishing import COMPANY_UPLOAD, EVERY_EMPLOYER, MEMBER_UPLOAD
from ocso_app.state.staff.publishing import StaffPublishState as S
from ocso_app.templates import staff_page

ONE_COMPANY = "entreprise"
COMPANIES_INTRO = (
    "Publié à une entreprise, le document apparaît dans la page Documents de son Espace Employeur et ses "
    "utilisateurs sont avertis par e-mail. Publié à tous les employeurs (guide RH, guide salarié(e), "
    "tutoriel), il apparaît dans « Guides et tutoriels » de chaque Espace Employeur, jusqu'à ce que vous le "
    "retiriez, et chaque utilisateur en est averti une fois par e-mail. Les utilisateurs qui ont désactivé "
    "les e-mails des dépôts d'OCSO ne sont pas avertis."
)
AUDIENCES = [(ONE_COMPANY, "Une entreprise (numéro client)"), (EVERY_EMPLOYER, "Tous les employeurs")]


def _recipient_fields(prefix: str, number_label: str, categories: dict[str, str]) -> rx.Component:
    return rx.fragment(
        field(number_label, "numero", id_=f"{prefix}-numero", autocomplete="off"),
        select_field(
            "Catégorie",
            "categorie",
            list(categories.items()),
            id_=f"{prefix}-categorie",
            first=("", "Choisir…"),
            required=True,
        ),
    )


def _company_fields() -> rx.Component:
    """« Destinataires »: one company (numéro client, catégorie) or every employer (a guide's type)."""
    return rx.fragment(
        select_field(
            "Destinataires",
            "destinataires",
            AUDIENCES,
            id_="entreprise-destinataires",
            default=rx.cond(S.to_every_employer, EVERY_EMPLOYER, ONE_COMPANY),
            on_change=S.choose_audience,
        ),
        rx.cond(
            S.to_every_employer,
            select_field(
                "Type de document",
                "type",
                list(publishing.GUIDE_KIND_CHOICES.items()),
                id_="entreprise-type",
                first=("", "Choisir…"),
                required=True,
            ),
            _recipient_fields("entreprise", "Numéro client", publishing.COMPANY_CATEGORY_CHOICES),
        ),
    )


def _form(
    prefix: str,
    *,
    recipient: str,
    fields: rx.Component,
    publish,
    upload_id: str,
    error: rx.Var,
    info: rx.Var,
) -> rx.Component:
    return rx.form(
        rx.vstack(
            fields,
            field("Titre du document", "titre", id_=f"{prefix}-titre", max_length=120),
            one_file_picker(
                upload_id,
                "Un PDF de 10 Mo au plus.",
                name=f"le document à publier {recipient}",
                accept={"application/pdf": [".pdf"]},
            ),
            rx.button("Publier", type="submit", size="3"),
            banner(error),
            banner(info, tone="success"),
            spacing="3",
            width="100%",
        ),
        on_submit=with_files(upload_id, publish),
        key=f"{prefix}-" + S.generation.to_string(),  # emptied once published; a refusal keeps what was typed
        width="100%",
    )


def _guide_row(guide: rx.Var) -> rx.Component:
    # asked first: it leaves every Espace Employeur at once, and only a new publication brings it back
    withdraw = confirm_button(
        rx.button(
            "Retirer",
            size="1",
            color_scheme="red",
            variant="soft",
            aria_label="Retirer « " + guide.title + " » des Documents de tous les employeurs",
        ),
        title="Retirer ce document ?",
        description="« "
        + guide.title
        + " » quitte aussitôt les Documents de tous les employeurs. Pour le remettre en ligne, il faudra le "
        "publier à nouveau.",
        confirm="Retirer pour tous les employeurs",
        on_confirm=S.withdraw_guide(guide.id),
        destructive=True,
    )
    # the title only: the link is the employers' route, which an OCSO session does not open
    return document_row(guide.date_label, rx.text(guide.title, font_weight="600"), guide.kind, withdraw)


def _guides() -> rx.Component:
    return rx.vstack(
        rx.heading("Guides et tutoriels en ligne pour tous les employeurs", as_="h3", size="3"),
        rx.cond(
            S.guides.length() > 0,
            rx.foreach(S.guides, _guide_row),
            rx.text("Aucun guide ni tutoriel en ligne.", color=styles.TEXT_MUTED),
        ),
        spacing="2",
        width="100%",
        padding_top="0.5em",
    )


def _section(title: str, intro: str, *body: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        rx.text(intro, color=styles.TEXT_MUTED),
        *body,
        style=styles.CARD,
        width="100%",
        spacing="3",
    )


@staff_page(route=routes.STAFF_PUBLISH, title="Publier un document", on_load=S.load)
def staff_publish() -> rx.Component:
    """Publier un document (staff)."""
    member_form = _form(
        "assure",
        recipient="à l'assuré",
        fields=_recipient_fields("assure", "Numéro d'adhérent", publishing.MEMBER_CATEGORIES),
        publish=S.publish_member,
        upload_id=MEMBER_UPLOAD,
        error=S.member_error,
        info=S.member_info,
    )
    company_form = _form(
        "entreprise",
        recipient="aux employeurs",
        fields=_company_fields(),
        publish=S.publish_company,
        upload_id=COMPANY_UPLOAD,
        error=S.company_error,
        info=S.company_info,
    )
    return rx.vstack(
        rx.heading("Publier un document", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.cond(
            S.for_members,
            _section(
                "À un assuré",
                "Le document apparaît dans MES DOCUMENTS, marqué non lu, et l'assuré est averti par e-mail.",
                member_form,
            ),
        ),
        rx.cond(
            S.for_companies,
            _section(
                "Aux employeurs",
                COMPANIES_INTRO,
                company_form,
                _guides(),
            ),
        ),
        width="100%",
        spacing="4",
    )
