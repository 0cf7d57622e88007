"""The member's "Mes informations" card (Accueil and Mes informations)."""

import reflex as rx

from ocso_app import styles
from ocso_app.state.member import MemberHomeState


def _row(label: str, value: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(label, color=styles.TEXT_MUTED, min_width="11em"),
        rx.text(value, font_weight="600"),
        wrap="wrap",
        width="100%",
    )


def member_info_card() -> rx.Component:
    return rx.vstack(
        _row("Prénom / Nom", MemberHomeState.full_name),
        _row("Numéro Sécurité sociale", MemberHomeState.nir_masked),
        _row("Numéro d'adhérent", MemberHomeState.member_number),
        _row("Adresse", MemberHomeState.address_line),
        _row("", MemberHomeState.postal_city),
        style=styles.CARD,
    )
