"""The employee's affiliation page (public, guide 003): opened by the e-mailed link or the letter's code,
then « M'affilier » or « Demander une dispense »."""

import reflex as rx

from ocso_app import routes
from ocso_app.components import affiliation_employee as sections
from ocso_app.state.public.affiliation import (
    AFFILIATE,
    CHOOSE,
    DISPENSE,
    DISPENSE_SENT,
    IDENTIFY,
    AffiliationState,
)
from ocso_app.templates import public_page


@public_page(route=routes.AFFILIATION, title="Mon affiliation", on_load=AffiliationState.load)
def affiliation() -> rx.Component:
    """One stage at a time, on a column narrow enough for a phone."""
    return rx.box(
        rx.match(
            AffiliationState.stage,
            (IDENTIFY, sections.identification()),
            (CHOOSE, sections.choice()),
            (AFFILIATE, sections.affiliation()),
            (DISPENSE, sections.dispense()),
            (DISPENSE_SENT, sections.dispense_sent()),
            sections.identification(),
        ),
        max_width="760px",
        margin="0 auto",
        width="100%",
    )
