"""MES DÉMARCHES: the guide's five sections as real forms, and "Mes dernières démarches" beside them."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.request_forms import (
    bank_form,
    beneficiaries_form,
    demarche_section,
    demarches_layout,
    documents_form,
    hospital_form,
    latest_requests_block,
    question_form,
)
from ocso_app.state.member.requests import RequestsState
from ocso_app.templates import member_page

SECTIONS = (
    ("ENVOI DE DOCUMENTS", "documents", documents_form),
    ("DEMANDE DE PRISE EN CHARGE POUR UNE HOSPITALISATION", "hospital", hospital_form),
    ("MODIFICATION DES COORDONNÉES BANCAIRES", "bank", bank_form),
    ("MODIFICATION DES BÉNÉFICIAIRES", "beneficiaries", beneficiaries_form),
    ("POSER UNE QUESTION", "question", question_form),
)


@member_page(route=routes.MEMBER_REQUESTS, title="Mes démarches", on_load=RequestsState.load)
def member_requests() -> rx.Component:
    """Mes démarches."""
    return demarches_layout(
        "Mes démarches",
        "Pour fluidifier nos échanges et limiter le papier, utilisez les rubriques suivantes.",
        [demarche_section(title, key, build()) for title, key, build in SECTIONS],
        latest_requests_block(),
        opened=RequestsState.opened,
    )
