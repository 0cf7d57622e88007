"""Accueil of the Espace OCSO: the connected collaborator, their role, the démarches waiting on their desks,
and for the administrators the e-mails the relay refused."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.confirm import confirm_button
from ocso_app.components.facts import fact
from ocso_app.services.requests import queue
from ocso_app.state.staff.home import StaffHomeState
from ocso_app.state.staff.queue import STATUS_PARAMETER
from ocso_app.templates import staff_page


@staff_page(route=routes.STAFF_HOME, title="Espace OCSO", on_load=StaffHomeState.load)
def staff_home() -> rx.Component:
    """Accueil (staff)."""
    return rx.vstack(
        rx.heading("Espace OCSO", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.box(
            rx.text("Connecté : ", rx.text.strong(StaffHomeState.user_name)),
            rx.text("Rôle : ", rx.text.strong(StaffHomeState.role_label)),
            style=styles.CARD,
        ),
        rx.cond(StaffHomeState.undelivered.contains("count"), _undelivered(), rx.fragment()),
        rx.cond(
            StaffHomeState.backlog.contains("open"),
            rx.vstack(
                rx.heading("Démarches de vos services", as_="h2", size="4", color=styles.NAVY),
                fact("À traiter", StaffHomeState.backlog["open"]),
                fact("Délai cible dépassé", StaffHomeState.backlog["late"]),
                fact("Non prises en charge", StaffHomeState.backlog["unassigned"]),
                fact("Réponse reçue de l'expéditeur", StaffHomeState.backlog["replied"]),
                rx.link("Ouvrir la file des démarches", href=routes.STAFF_QUEUE, font_weight="600"),
                rx.link(
                    "Voir les réponses reçues",
                    href=f"{routes.STAFF_QUEUE}?{STATUS_PARAMETER}={queue.REPLIED}",
                    font_weight="600",
                ),
                spacing="2",
                style=styles.CARD,
            ),
            rx.fragment(),
        ),
        width="100%",
        spacing="4",
    )


def _undelivered() -> rx.Component:
    """The e-mails the outbox gave up: how many, since when, and sending them again once the relay works."""
    found = StaffHomeState.undelivered
    resend = confirm_button(
        rx.button("Renvoyer les e-mails", variant="outline"),
        title="Renvoyer les e-mails non distribués",
        description=(
            "Ils seront de nouveau présentés au relais de messagerie, jusqu'à 8 fois. Vérifiez d'abord que "
            "le relais fonctionne."
        ),
        confirm="Renvoyer",
        on_confirm=StaffHomeState.send_mail_again,
    )
    return rx.vstack(
        rx.heading("E-mails non distribués", as_="h2", size="4", color=styles.NAVY),
        rx.cond(
            found["since"] != "",
            rx.vstack(
                rx.text(
                    rx.text.strong(found["count"]),
                    " e-mail(s) refusé(s) 8 fois par le relais de messagerie, le premier le ",
                    found["since"],
                    " : invitations, liens de connexion ou mots de passe que leurs destinataires attendent.",
                ),
                resend,
                spacing="2",
            ),
            rx.text("Tous les e-mails sont partis.", color=styles.TEXT_MUTED),
        ),
        rx.cond(StaffHomeState.mail_info != "", rx.text(StaffHomeState.mail_info, role="status")),
        id="emails-non-distribues",
        spacing="2",
        style=styles.CARD,
    )
