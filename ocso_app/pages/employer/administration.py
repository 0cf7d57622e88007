"""Administration des structures: the account's information for every employer, with their own password and
mobile number; for a principal user, the users of their structures with their access, adding a structure and
inviting a user."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.employer_account import my_account_section
from ocso_app.components.forms import banner
from ocso_app.components.structure_admin import (
    account_section,
    add_structure_section,
    contacts_section,
    invite_section,
    users_section,
)
from ocso_app.state.employer.administration import AdministrationState as S
from ocso_app.templates import employer_page


@employer_page(
    route=routes.EMPLOYER_ADMINISTRATION,
    title="Administration des structures",
    on_load=S.load,
)
def employer_administration() -> rx.Component:
    """Administration des structures."""
    return rx.vstack(
        rx.heading("Administration des structures", as_="h1", size="6", style=styles.SECTION_TITLE),
        banner(S.error),
        banner(S.info, tone="success"),
        rx.grid(
            rx.vstack(account_section(), my_account_section(), spacing="4", width="100%"),
            rx.vstack(
                rx.cond(S.contacts.length() > 0, contacts_section()),
                rx.cond(S.administers, add_structure_section()),
                spacing="4",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(S.users.length() > 0, rx.fragment(users_section(), invite_section())),
        width="100%",
        spacing="4",
    )
