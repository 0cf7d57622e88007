"""Affiliation complète (guide 003): HR enters the option, the beneficiaries, the bank details and the SEPA
mandate of a pending employee, who is affiliated at once."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.affiliation_form import enrolment_form
from ocso_app.components.forms import banner
from ocso_app.state.employer.complete_affiliation import CompleteAffiliationState as S
from ocso_app.templates import employer_page


def _done() -> rx.Component:
    return rx.vstack(
        rx.callout(
            S.employee_name + " est affilié(e).", icon="circle-check", color_scheme="green", width="100%"
        ),
        rx.text("Numéro d'adhérent : ", rx.text.strong(S.member_number, data_testid="member-number")),
        rx.text(
            "Le/la salarié(e) reçoit par e-mail son numéro d'adhérent et la marche à suivre pour créer son "
            "Espace Santé Assuré."
        ),
        rx.link("Voir sa fiche salarié(e)", href=S.record_href),
        spacing="3",
        style=styles.CARD,
    )


@employer_page(route=routes.EMPLOYER_COMPLETE_AFFILIATION, title="Affiliation complète", on_load=S.load)
def employer_complete_affiliation() -> rx.Component:
    """The shared affiliation form, for the employee named in ``?salarie=``."""
    return rx.vstack(
        rx.heading("Affiliation complète", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.cond(
            S.employee_name != "",
            rx.vstack(
                rx.text("Salarié(e) : ", rx.text.strong(S.employee_name)),
                enrolment_form(S, confirm_label="Confirmer l'affiliation", done=_done()),
                spacing="4",
                width="100%",
                max_width="760px",
            ),
            banner(S.form_error),
        ),
        rx.link("Retour à Mes salarié(e)s", href=routes.EMPLOYER_STAFF),
        spacing="4",
        width="100%",
    )
