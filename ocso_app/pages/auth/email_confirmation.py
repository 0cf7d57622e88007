"""« Confirmez votre nouvelle adresse e-mail »: the public page of the link sent to a member's new address."""

import reflex as rx

from ocso_app import routes
from ocso_app.components.forms import banner, form_card
from ocso_app.state.public.email_confirmation import EmailConfirmationState as S
from ocso_app.templates import public_page


@public_page(
    route=routes.MEMBER_EMAIL_CONFIRMATION, title="Confirmer ma nouvelle adresse e-mail", on_load=S.check_link
)
def member_email_confirmation() -> rx.Component:
    """Opened from the e-mailed link."""
    return form_card(
        "Confirmer ma nouvelle adresse e-mail",
        banner(S.error),
        banner(S.info, tone="success"),
        rx.cond(
            S.link_valid,
            rx.vstack(
                rx.text(
                    "Nouvelle adresse : ", rx.text.strong(S.new_email), as_="p", overflow_wrap="anywhere"
                ),
                rx.text("Cette adresse deviendra celle de votre Espace Santé Assuré et de nos envois."),
                rx.button("Confirmer cette adresse", on_click=S.confirm, size="3", width="100%"),
                spacing="3",
            ),
            rx.link("Aller à mon Espace Santé Assuré", href=routes.MEMBER_HOME),
        ),
    )
