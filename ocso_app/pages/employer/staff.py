"""Mes salarié(e)s (guide 003): search, filter by status (affilié(e), en cours d'affiliation, dispensé(e),
à relancer, radié(e), en portabilité), paging; « Affilier un(e) salarié(e) », « Affiliation en masse »;
each name opens the fiche salarié(e). Affiliation data only."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.badges import affiliation_badge
from ocso_app.components.confirm import confirm_button
from ocso_app.components.employee_export import dispense_register_link, export_buttons
from ocso_app.components.forms import banner, link_button, search_form, select_field
from ocso_app.components.tables import Column, paged_list
from ocso_app.components.wording import of
from ocso_app.state.employer.staff import SEARCH_FIELD, STATUS_CHOICES, STATUS_FIELD
from ocso_app.state.employer.staff import StaffState as S
from ocso_app.templates import employer_page

EMPTY = "Aucun(e) salarié(e) ne correspond à votre recherche."


def _name(row: rx.Var) -> rx.Component:
    return rx.link(row["name"], href=row["href"], font_weight="600", aria_label=of("Fiche", row["name"]))


def _status(row: rx.Var) -> rx.Component:
    return affiliation_badge(row["status"], row["status_code"])


COLUMNS = (
    Column("Salarié(e)", "name", header=True, render=_name),
    Column("Date de naissance", "birth_date", nowrap=True),
    Column("Structure", "structure", visible=S.several_structures),
    Column("Contrat(s)", "contracts"),
    Column("Catégorie de personnel", "category"),
    Column("Date d'adhésion", "adhesion_date", nowrap=True),
    Column("Statut", "status", render=_status),
)


def _toolbar() -> rx.Component:
    """The page's actions (affiliation, the register of dispenses: for those who manage) and the export."""
    return rx.flex(
        rx.cond(
            S.can_manage,
            rx.flex(
                link_button("Affilier un(e) salarié(e)", href=routes.EMPLOYER_AFFILIATE, size="3"),
                link_button(
                    "Affiliation en masse", href=routes.EMPLOYER_MASS_AFFILIATION, size="3", variant="soft"
                ),
                dispense_register_link(),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.fragment(),
        ),
        export_buttons(),
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _search() -> rx.Component:
    return search_form(
        "Rechercher un(e) salarié(e) (nom, prénom)",
        SEARCH_FIELD,
        S.search,
        # drawn again when the status changes (a link from Accueil): the select shows the filter applied
        select_field(
            "Statut",
            STATUS_FIELD,
            STATUS_CHOICES,
            first=("", "Tous les statuts"),
            default=S.status,
            key=S.status,
        ),
    )


def _take_over() -> rx.Component:
    """« Recevoir le suivi de ces affiliations », for a profile that may change the fiche."""
    return rx.cond(
        S.can_manage & (S.take_over_count > 0),
        confirm_button(
            rx.button("Recevoir le suivi de ces affiliations", size="2"),
            title="Recevoir le suivi de ces affiliations",
            # the number the action takes over, counted on the server by its own selection
            description=S.take_over_text,
            confirm="Recevoir le suivi",
            on_confirm=S.take_over_follow_up,
        ),
        rx.fragment(),
    )


def _unheard() -> rx.Component:
    """Opened from Accueil's « À suivre » (``?suivi=orphelin``): says what the list is limited to, and lets
    HR take over the follow-up."""
    return rx.cond(
        S.unheard,
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning")),
            rx.callout.text(
                "Salarié(e)s en cours d'affiliation ou à relancer dont personne ne reçoit plus les "
                "demandes de dispense ni l'avis de fin d'affiliation. ",
                rx.link("Afficher tous les salarié(e)s", href=routes.EMPLOYER_STAFF, font_weight="600"),
            ),
            _take_over(),
            color_scheme="orange",
            width="100%",
        ),
        rx.fragment(),
    )


def _card(row: rx.Var) -> rx.Component:
    """One employee on a phone."""
    return rx.vstack(
        rx.hstack(_name(row), rx.spacer(), _status(row), align="center", width="100%"),
        rx.text(
            "Né(e) le ",
            row["birth_date"],
            " · ",
            row["contracts"],
            " · ",
            row["category"],
            size="2",
            color=styles.TEXT_MUTED,
        ),
        border_bottom=f"1px solid {styles.RULE}",
        padding_y="0.75em",
        spacing="1",
        width="100%",
    )


@employer_page(route=routes.EMPLOYER_STAFF, title="Mes salarié(e)s", on_load=S.load)
def employer_staff() -> rx.Component:
    """Mes salarié(e)s."""
    return rx.vstack(
        rx.heading("Mes salarié(e)s", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Suivez l'affiliation de vos salarié(e)s : « à relancer » signale ceux et celles qui n'ont rien "
            "fait 8 jours après l'invitation."
        ),
        rx.vstack(
            _toolbar(),
            _search(),
            _unheard(),
            banner(S.error),
            banner(S.info, tone="success"),
            rx.text(S.total_label, font_weight="700", color=styles.NAVY),
            *paged_list(
                S.rows,
                COLUMNS,
                _card,
                empty=EMPTY,
                label="Salarié(e)s",
                page=S.page,
                pages=S.pages,
                has_next=S.has_next,
                change_page=S.change_page,
            ),
            style=styles.CARD,
            spacing="4",
            width="100%",
        ),
        width="100%",
        spacing="4",
    )
