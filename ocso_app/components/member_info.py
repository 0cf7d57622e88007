"""The member's "Mes informations" card (Accueil and Mes informations)."""

import reflex as rx

from ocso_app import styles
from ocso_app.components.facts import fact
from ocso_app.state.member.home import MemberSummaryState


def member_info_card() -> rx.Component:
    return rx.vstack(
        fact("Prénom / Nom", MemberSummaryState.full_name),
        fact("Numéro Sécurité sociale", MemberSummaryState.nir_masked),
        fact("Numéro d'adhérent", MemberSummaryState.member_number),
        fact("Adresse", MemberSummaryState.address_line),
        fact("", MemberSummaryState.postal_city),
        style=styles.CARD,
    )
