"""J'AI BESOIN D'AIDE: the guide's questions with real answers, searchable ("Besoin d'aide ?" leads here)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.help_centre import help_answers
from ocso_app.state.member.help import HelpState
from ocso_app.templates import member_page


@member_page(
    route=routes.MEMBER_HELP,
    title="J'ai besoin d'aide",
    on_load=HelpState.load,
    menu_route=routes.MEMBER_HOME,
)
def member_help() -> rx.Component:
    """J'ai besoin d'aide."""
    return rx.vstack(
        rx.heading("J'ai besoin d'aide", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.heading("Questions fréquentes", as_="h2", size="4", color=styles.NAVY),  # over the h3 questions
        help_answers(
            HelpState.entries,
            HelpState.search,
            input_id="aide-recherche",
            placeholder="Par exemple : carte de tiers payant, remboursement, RIB…",
        ),
        rx.text(
            "Vous ne trouvez pas ? Posez votre question dans ",
            rx.link("MES DÉMARCHES", href=routes.MEMBER_REQUESTS),
            " ou écrivez à ",
            rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
            ".",
        ),
        width="100%",
        spacing="3",
    )
