"""Assurés (guide 000 §05): the employees registered on the contracts of the chosen structure(s), Actifs or
En portabilité, searched, sorted and paged; the Détail santé of one of them; attestations d'adhésion one by
one or for a selection. On a phone the table becomes a list of cards."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.badges import affiliation_badge
from ocso_app.components.dialog_title import dialog_title
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import fact
from ocso_app.components.focus import dialog_content
from ocso_app.components.forms import banner, search_form
from ocso_app.components.radiation_dialog import radiation_dialog
from ocso_app.components.tables import Column, data_table, paged_list
from ocso_app.components.wording import counted, of
from ocso_app.services.employees import TAB_LABELS, EmployeeTab, SortKey
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.employer.employees import SEARCH_FIELD
from ocso_app.state.employer.employees import EmployeesState as S
from ocso_app.state.employer.radiation import RadiationState
from ocso_app.templates import employer_page

PEOPLE_COLUMNS = (
    Column("Qualité", "quality"),
    Column("Nom", "last_name", header=True),
    Column("Prénom", "first_name"),
    Column("Date de naissance", "birth_date", nowrap=True),
    Column("Rang", "rank"),
    Column("Date d'adhésion", "adhesion_date", nowrap=True),
)


SORT_BUTTON = {
    "background": "none",
    "border": "none",
    "padding": "0",
    "font": "inherit",
    "text_align": "left",
    "cursor": "pointer",
    "font_weight": "700",
    "color": styles.TEXT,
    "text_decoration": "underline dotted",
    "text_underline_offset": "3px",
}


def _sort_heading(label: str, key: SortKey):
    """A column heading that sorts by it (again: the other way round), the current sort marked ▲/▼."""

    def heading() -> rx.Component:
        current = S.sort == key.value
        arrow = rx.cond(current, rx.cond(S.direction == "asc", " ▲", " ▼"), "")
        return rx.el.button(
            label,
            arrow,
            type="button",
            on_click=S.sort_by(key.value),
            title=f"Trier par {label.lower()}",
            style=SORT_BUTTON,
        )

    return heading


def _select_box(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["pdf_href"] != "",
        rx.checkbox(
            checked=S.selected.contains(row["id"]),
            on_change=lambda _checked: S.toggle_selection(row["id"]),
            aria_label="Sélectionner " + row["name"],
            size="2",
        ),
        rx.fragment(),
    )


def _status(row: rx.Var) -> rx.Component:
    return affiliation_badge(row["status"], row["status_code"])


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["has_health"] != "",
            rx.button(
                "Détail santé",
                on_click=S.show_detail(row["id"]),
                variant="soft",
                size="1",
                aria_label=of("Détail santé", row["name"]),
            ),
            rx.fragment(),
        ),
        rx.cond(
            row["pdf_href"] != "",
            download_link(
                "Attestation", href=row["pdf_href"], aria_label=of("Attestation d'adhésion", row["name"])
            ),
            rx.fragment(),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


COLUMNS = (
    Column("Choix", "id", render=_select_box),
    Column("Nom", "last_name", header=True, heading=_sort_heading("Nom", SortKey.NAME)),
    Column("Prénom", "first_name"),
    Column("Date de naissance", "birth_date", nowrap=True),
    Column("Structure", "structure", visible=S.several_structures),
    Column("Contrat(s)", "contracts"),
    Column("Catégorie de personnel", "category"),
    Column(
        "Date d'adhésion",
        "adhesion_date",
        nowrap=True,
        heading=_sort_heading("Date d'adhésion", SortKey.ADHESION),
    ),
    Column(
        "Fin de portabilité",
        "portability_end",
        nowrap=True,
        visible=S.tab == EmployeeTab.PORTABILITY.value,
    ),
    Column("Statut", "status", render=_status, heading=_sort_heading("Statut", SortKey.STATUS)),
    Column("Actions", "id", render=_actions),
)


def _tabs(*panel: rx.Component) -> rx.Component:
    """The tabs and the one panel they show: the list of the chosen tab (a tab names its panel for screen
    readers, which then say what the tab shows)."""
    return rx.tabs.root(
        rx.tabs.list(*[rx.tabs.trigger(label, value=tab.value) for tab, label in TAB_LABELS.items()]),
        rx.tabs.content(rx.vstack(*panel, spacing="4", padding_top="1em", width="100%"), value=S.tab),
        value=S.tab,
        on_change=S.choose_tab,
        width="100%",
    )


def _search() -> rx.Component:
    return search_form("Rechercher un salarié (nom, prénom)", SEARCH_FIELD, S.search)


def _selection_bar() -> rx.Component:
    count = S.selected.length()
    return rx.flex(
        rx.text(
            rx.cond(
                count > 0,
                counted(count, "salarié(e) sélectionné(e)", "salarié(e)s sélectionné(e)s"),
                "Aucun salarié sélectionné",
            ),
            color=styles.TEXT_MUTED,
        ),
        rx.cond(
            count > 0,
            download_link("Télécharger les attestations", href=S.selection_href, icon=True),
            rx.fragment(),
        ),
        rx.cond(
            (count > 0)
            & (S.tab == EmployeeTab.ACTIVE.value)
            & S.menu_actions.contains(EmployerAction.MANAGE_EMPLOYEES.value),
            rx.button(
                "Radier la sélection",
                on_click=RadiationState.start(S.selected),
                color_scheme="red",
                variant="soft",
                size="2",
            ),
            rx.fragment(),
        ),
        rx.button("Sélectionner la page", on_click=S.select_page, variant="soft", size="2"),
        rx.cond(
            count > 0,
            rx.button("Tout désélectionner", on_click=S.clear_selection, variant="ghost", size="2"),
            rx.fragment(),
        ),
        align="center",
        spacing="3",
        wrap="wrap",
    )


def _card(row: rx.Var) -> rx.Component:
    """One employee on a phone: the name and status first, the dates, then the actions."""
    return rx.vstack(
        rx.hstack(
            _select_box(row),
            rx.text(row["name"], font_weight="700", flex="1"),
            _status(row),
            align="center",
            width="100%",
        ),
        rx.text(
            "Né(e) le ",
            row["birth_date"],
            " · adhésion : ",
            row["adhesion_date"],
            rx.cond(
                S.tab == EmployeeTab.PORTABILITY.value,
                " · fin de portabilité : " + row["portability_end"],
                "",
            ),
            size="2",
            color=styles.TEXT_MUTED,
        ),
        rx.text(
            row["contracts"],
            rx.cond(S.several_structures, " · " + row["structure"], ""),
            size="2",
        ),
        _actions(row),
        border_bottom=f"1px solid {styles.RULE}",
        padding_y="0.75em",
        spacing="1",
        width="100%",
    )


def _list() -> rx.Component:
    return rx.vstack(
        *paged_list(
            S.rows,
            COLUMNS,
            _card,
            empty="Aucun salarié ne correspond à votre recherche.",
            label="Assurés",
            page=S.page,
            pages=S.pages,
            has_next=S.has_next,
            change_page=S.change_page,
        ),
        width="100%",
        spacing="3",
    )


def _detail() -> rx.Component:
    return rx.dialog.root(
        dialog_content(
            rx.vstack(
                dialog_title("Détail santé", color=styles.NAVY, margin="0"),
                rx.dialog.description(S.detail["name"], font_weight="600"),
                fact("Civilité", S.detail["civility"]),
                fact("Nom", S.detail["last_name"]),
                fact("Prénom", S.detail["first_name"]),
                fact("Date de naissance", S.detail["birth_date"]),
                fact("N° de sécurité sociale", S.detail["nir"]),
                fact("Structure", S.detail["structure"]),
                fact("Statut", S.detail["status"]),
                fact("Contrat", S.detail["contract"]),
                fact("N° de contrat", S.detail["number"]),
                fact("Organisme assureur", S.detail["insurer"]),
                fact("Option", S.detail["option"]),
                fact("Date d'adhésion", S.detail["start_date"]),
                rx.heading("Bénéficiaires", as_="h3", size="3", color=styles.NAVY, padding_top="0.5em"),
                data_table(
                    S.detail_people,
                    PEOPLE_COLUMNS,
                    empty="Aucun bénéficiaire enregistré.",
                    size="1",
                    label="Bénéficiaires",
                    max_width="100%",
                ),
                rx.flex(
                    download_link(
                        "Télécharger l'attestation d'adhésion", href=S.detail["pdf_href"], icon=True
                    ),
                    rx.dialog.close(rx.button("Fermer", variant="soft")),
                    justify="between",
                    align="center",
                    spacing="3",
                    wrap="wrap",
                    width="100%",
                    padding_top="0.5em",
                ),
                spacing="2",
                width="100%",
            ),
            # capped by the screen: otherwise the beneficiaries' table widens the dialog past a phone's edge
            max_width="min(720px, calc(100vw - 2rem))",
        ),
        open=S.detail_open,
        on_open_change=S.hide_detail,
    )


@employer_page(route=routes.EMPLOYER_EMPLOYEES, title="Assurés", on_load=S.load)
def employer_employees() -> rx.Component:
    """Assurés."""
    return rx.vstack(
        rx.heading("Assurés", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Visualisez les salariés enregistrés sur vos contrats, qu'ils soient actifs ou en portabilité."
        ),
        rx.vstack(
            _tabs(
                _search(),
                banner(S.error),
                rx.flex(
                    rx.text(S.total_label, font_weight="700", color=styles.NAVY),
                    _selection_bar(),
                    justify="between",
                    align="center",
                    spacing="3",
                    wrap="wrap",
                    width="100%",
                ),
                _list(),
            ),
            style=styles.CARD,
            spacing="4",
        ),
        _detail(),
        radiation_dialog(after=S.refresh),
        width="100%",
        spacing="4",
    )
