"""Démarches of the Espace Employeur: the kinds the caller's profile allows, as forms, and « Mes derniers
envois » beside them (below them on a phone), where a user replies to OCSO on an open démarche, under the
structures' dedicated contacts at OCSO."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.employer_requests import company_sections, dedicated_contacts
from ocso_app.components.request_forms import Older, Replies, demarches_layout, requests_history
from ocso_app.state.employer.requests import EmployerRequestsState as S
from ocso_app.templates import employer_page


@employer_page(route=routes.EMPLOYER_REQUESTS, title="Démarches", on_load=S.load)
def employer_requests() -> rx.Component:
    """Démarches."""
    return demarches_layout(
        "Démarches",
        "Cette rubrique vous permet de faire parvenir vos documents directement aux équipes OCSO concernées. "
        "Au fur et à mesure de vos envois, ils apparaissent dans votre historique.",
        company_sections(),
        rx.vstack(
            dedicated_contacts(),
            requests_history(
                "Mes derniers envois",
                S.latest,
                empty="Aucun envoi pour le moment.",
                id_="derniers-envois",
                replies=Replies.of(S),
                older=Older.of(S),
            ),
            spacing="4",
            width="100%",
        ),
    )
