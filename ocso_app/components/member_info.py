"""The member's "Mes informations" card (Accueil and Mes informations)."""

import reflex as rx

from ocso_app import styles
from ocso_app.state.member.home import MemberSummaryState


def _row(label: str, value: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600"),
        wrap="wrap",
        width="100%",
    )


def member_info_card() -> rx.Component:
    return rx.vstack(
        _row("Prénom / Nom", MemberSummaryState.full_name),
        _row("Numéro Sécurité sociale", MemberSummaryState.nir_masked),
        _row("Numéro d'adhérent", MemberSummaryState.member_number),
        _row("Adresse", MemberSummaryState.address_line),
        _row("", MemberSummaryState.postal_city),
        style=styles.CARD,
    )
