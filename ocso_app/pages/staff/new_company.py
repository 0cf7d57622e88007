"""« Nouvelle entreprise » (Espace OCSO, Entreprises and administrators): a new client company, or an
établissement of an existing one by its numéro client; each wrong field has its message under it. Created,
the agent lands on its file, where the letter with its code de sécurité is downloaded."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.checked_form import checked_field, field_error
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import submit_button
from ocso_app.services.new_clients import FIELDS
from ocso_app.state.staff.new_company import FORM_ERROR
from ocso_app.state.staff.new_company import StaffNewCompanyState as S
from ocso_app.templates import staff_page

FORM = "nouvelle-entreprise"


def _field(label: str, key: str, **props) -> rx.Component:
    return checked_field(label, FIELDS[key], S.values, S.errors, **props)


def _section(title: str, *fields: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        rx.grid(*fields, columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
        spacing="2",
        width="100%",
    )


@staff_page(
    route=routes.STAFF_NEW_COMPANY, title="Nouvelle entreprise", on_load=S.load, menu_route=routes.STAFF_FILES
)
def staff_new_company() -> rx.Component:
    """Nouvelle entreprise (staff)."""
    return rx.vstack(
        rx.link("← Rechercher un dossier", href=routes.STAFF_FILES),
        rx.heading("Nouvelle entreprise", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "L'entreprise reçoit un numéro client et un code de sécurité. Une fois créée, son dossier "
            "s'ouvre : téléchargez-y le courrier avec le code de sécurité et postez-le. Avec ce code, le "
            "numéro client et le SIREN, l'entreprise crée son compte dans l'Espace Employeur.",
            color=styles.TEXT_MUTED,
        ),
        rx.box(
            field_error(S.errors, FORM_ERROR),
            rx.form(
                rx.vstack(
                    _section(
                        "Identité",
                        _field("Raison sociale", "name", required=True, max_length=120, autocomplete="off"),
                        _field(
                            "SIREN",
                            "siren",
                            required=True,
                            hint="9 chiffres",
                            input_mode="numeric",
                            max_length=11,
                        ),
                        _field(
                            "Établissement de (facultatif)",
                            "parent",
                            hint="Numéro client de l'entreprise principale, pour un de ses établissements",
                            autocomplete="off",
                        ),
                    ),
                    _section(
                        "Coordonnées",
                        _field("Adresse", "line", required=True, autocomplete="off"),
                        _field(
                            "Code postal", "postal_code", required=True, input_mode="numeric", max_length=6
                        ),
                        _field("Ville", "city", required=True, autocomplete="off"),
                        _field("Téléphone", "phone", required=True, type_="tel", autocomplete="off"),
                        _field("E-mail de contact (facultatif)", "email", type_="email", autocomplete="off"),
                    ),
                    submit_button("Créer l'entreprise", width="auto"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.create,
                width="100%",
            ),
            refusal_focus(FORM, S.refusals),
            style=styles.CARD,
            id=FORM,
            width="100%",
        ),
        width="100%",
        spacing="4",
    )
