"""Mon portefeuille: the introducer's own companies, each with its signed contracts, insured headcount and,
opened, its figures in detail; then OCSO's answers to introducers' frequent questions."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.help_centre import help_answers
from ocso_app.components.portfolio import company_card
from ocso_app.state.introducer.portfolio import PortfolioState as S
from ocso_app.templates import introducer_page


@introducer_page(route=routes.INTRODUCER_HOME, title="Mon portefeuille", on_load=S.load)
def introducer_portfolio() -> rx.Component:
    """Mon portefeuille."""
    return rx.vstack(
        rx.heading("Mon portefeuille", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.cond(
            S.companies.length() > 0,
            rx.vstack(rx.foreach(S.companies, company_card), spacing="4", width="100%"),
            rx.text("Aucune entreprise dans votre portefeuille pour le moment.", color=styles.TEXT_MUTED),
        ),
        rx.heading("Questions fréquentes", as_="h2", size="5", color=styles.NAVY, margin_top="1em"),
        help_answers(
            S.answers,
            S.search_help,
            input_id="aide-apporteur",
            placeholder="Par exemple : portefeuille, contrat, cotisations…",
        ),
        rx.text(
            "Vous ne trouvez pas ? Écrivez à votre interlocuteur OCSO ou à ",
            rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
            ".",
        ),
        width="100%",
        spacing="4",
    )
