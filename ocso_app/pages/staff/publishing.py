"""Publier un document (Espace OCSO): to a member (numéro d'adhérent, catégorie, titre, PDF) or to a company
(numéro client, catégorie, titre, PDF), the forms the caller's role allows."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.forms import banner, field, one_file_picker, select_field, with_files
from ocso_app.services import publishing
from ocso_app.state.staff.publishing import COMPANY_UPLOAD, MEMBER_UPLOAD
from ocso_app.state.staff.publishing import StaffPublishState as S
from ocso_app.templates import staff_page


def _form(
    prefix: str,
    *,
    recipient: str,
    number_label: str,
    categories: dict[str, str],
    publish,
    upload_id: str,
    error: rx.Var,
    info: rx.Var,
) -> rx.Component:
    return rx.form(
        rx.vstack(
            field(number_label, "numero", id_=f"{prefix}-numero", autocomplete="off"),
            select_field(
                "Catégorie",
                "categorie",
                list(categories.items()),
                id_=f"{prefix}-categorie",
                first=("", "Choisir…"),
                required=True,
            ),
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


def _section(title: str, intro: str, form: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        rx.text(intro, color=styles.TEXT_MUTED),
        form,
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
        number_label="Numéro d'adhérent",
        categories=publishing.MEMBER_CATEGORIES,
        publish=S.publish_member,
        upload_id=MEMBER_UPLOAD,
        error=S.member_error,
        info=S.member_info,
    )
    company_form = _form(
        "entreprise",
        recipient="à l'entreprise",
        number_label="Numéro client",
        categories=publishing.COMPANY_CATEGORY_CHOICES,
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
                "À une entreprise",
                "Le document apparaît dans la page Documents de l'Espace Employeur ; ses utilisateurs sont "
                "avertis par e-mail.",
                company_form,
            ),
        ),
        width="100%",
        spacing="4",
    )
