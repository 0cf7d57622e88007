"""MES DÉMARCHES: the guide's five sections as real forms, and "Mes dernières démarches" beside them."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.request_forms import (
    bank_form,
    beneficiaries_form,
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


def _sections() -> rx.Component:
    return rx.accordion.root(
        *[
            rx.accordion.item(
                header=rx.text(title, text_align="left", font_weight="600"),
                content=rx.box(build(), color=styles.TEXT),
                value=key,
            )
            for title, key, build in SECTIONS
        ],
        type="single",
        collapsible=True,
        variant="outline",
        width="100%",
        background="white",
    )


@member_page(route=routes.MEMBER_REQUESTS, title="Mes démarches", on_load=RequestsState.load)
def member_requests() -> rx.Component:
    """Mes démarches."""
    return rx.vstack(
        rx.heading("Mes démarches", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.callout(
            "Pour fluidifier nos échanges et limiter le papier, utilisez les rubriques suivantes.",
            icon="info",
            color_scheme="blue",
            width="100%",
        ),
        rx.grid(
            _sections(),
            latest_requests_block(),
            columns=rx.breakpoints(initial="1", md="2fr 1fr"),
            gap="1.25em",
            width="100%",
            align_items="start",
        ),
        width="100%",
        spacing="4",
    )
