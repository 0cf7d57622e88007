"""J'AI BESOIN D'AIDE: the guide's questions with real answers, searchable ("Besoin d'aide ?" leads here)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.sections import accordion
from ocso_app.state.member.help import HelpState
from ocso_app.templates import member_page


def _entry(entry) -> rx.Component:
    return rx.accordion.item(
        header=entry.question,
        content=rx.text(entry.answer, white_space="pre-line"),
        value=entry.id.to_string(),
    )


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
        rx.el.label("Rechercher dans l'aide", html_for="aide-recherche", font_weight="600"),
        rx.input(
            id="aide-recherche",
            placeholder="Par exemple : carte de tiers payant, remboursement, RIB…",
            on_change=HelpState.search,
            debounce_timeout=300,
            type="search",
            size="3",
            width="100%",
        ),
        rx.cond(
            HelpState.entries.length() > 0,
            accordion(rx.foreach(HelpState.entries, _entry)),
            rx.text("Aucune réponse ne correspond à votre recherche.", color=styles.TEXT_MUTED),
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
