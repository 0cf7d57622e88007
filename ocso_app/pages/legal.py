"""Mentions légales and Protection des données personnelles."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.site import LEGAL_TEXT
from ocso_app.templates import public_page

_PRIVACY = [
    "Les données de santé que vous consultez ici sont hébergées et traitées pour la gestion de vos "
    "contrats santé et prévoyance. Elles ne sont accessibles qu'à vous et aux équipes OCSO habilitées.",
    "Votre connexion est protégée par un cookie de session sécurisé, valable 30 minutes sans activité "
    "et 12 heures au plus. Chaque connexion et chaque consultation sont inscrites dans votre historique.",
    "En application de l'article 13 du RGPD, vous pouvez exercer vos droits en adressant votre demande "
    "écrite à OCSO Service Information CNIL – BP 50255 – 33698 MERIGNAC, ou par e-mail à infocnil@ocso.fr.",
    "Vous pouvez également écrire au Data Protection Officer désigné par OCSO (n° DPO-19455).",
]


def _text_page(title: str, paragraphs: list[str]) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h1", size="7", color=styles.NAVY),
        *[rx.text(p) for p in paragraphs],
        style=styles.CARD,
        spacing="3",
    )


@public_page(route=routes.LEGAL_NOTICE, title="Mentions légales")
def legal_notice() -> rx.Component:
    """The broker's legal identity."""
    return _text_page(
        "Mentions légales",
        [
            LEGAL_TEXT,
            "Garantie financière et assurance responsabilité civile professionnelle conformes au Code des "
            "Assurances. Médiation : www.mediation-assurance.org.",
        ],
    )


@public_page(route=routes.PRIVACY, title="Protection des données personnelles")
def privacy() -> rx.Component:
    """How personal and health data are protected, and the GDPR contacts."""
    return _text_page("Protection des données personnelles", _PRIVACY)
