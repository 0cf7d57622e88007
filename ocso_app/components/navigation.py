"""The menu of each client space, as in the guides: a bar on a desktop, a drop-down on a phone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from ocso_app import routes, styles
from ocso_app.components.badges import count_badge
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.staff_access import StaffAction


@dataclass(frozen=True)
class MenuEntry:
    """One entry of a space's menu; ``needs``: what the user must be allowed to do to see it (employers,
    staff: an ``EmployerAction`` or a ``StaffAction``)."""

    label: str
    route: str
    needs: str | None = None


# Whether a menu entry shows, as a browser-side condition (a Var), or None for always.
EntryCondition = Callable[[MenuEntry], Any]
Counter = tuple[Any, Any]  # (a count var, the words saying it: « 1 nouveau document »)


MEMBER_MENU = [
    MenuEntry("ACCUEIL", routes.MEMBER_HOME),
    MenuEntry("MES REMBOURSEMENTS", routes.MEMBER_REIMBURSEMENTS),
    MenuEntry("MES DÉMARCHES", routes.MEMBER_REQUESTS),
    MenuEntry("MES INFORMATIONS", routes.MEMBER_INFORMATION),
    MenuEntry("MES DOCUMENTS", routes.MEMBER_DOCUMENTS),
    MenuEntry("MON HISTORIQUE", routes.MEMBER_HISTORY),
    MenuEntry("ACTUALITÉS", routes.MEMBER_NEWS),
]

EMPLOYER_MENU = [
    MenuEntry("Accueil", routes.EMPLOYER_HOME),
    MenuEntry("Entreprise", routes.EMPLOYER_COMPANY, EmployerAction.VIEW_STRUCTURE),
    MenuEntry("Assurés", routes.EMPLOYER_EMPLOYEES, EmployerAction.VIEW_EMPLOYEES),
    MenuEntry("Mes salarié(e)s", routes.EMPLOYER_STAFF, EmployerAction.VIEW_EMPLOYEES),
    MenuEntry("Indemnités journalières", routes.EMPLOYER_ALLOWANCES, EmployerAction.VIEW_SICK_LEAVE),
    MenuEntry("Documents", routes.EMPLOYER_DOCUMENTS, EmployerAction.VIEW_STRUCTURE),
    MenuEntry("Démarches", routes.EMPLOYER_REQUESTS, EmployerAction.VIEW_STRUCTURE),
    MenuEntry("Administration des structures", routes.EMPLOYER_ADMINISTRATION),
]

INTRODUCER_MENU = [MenuEntry("Mon portefeuille", routes.INTRODUCER_HOME)]
# Espace OCSO: an entry shows only to the roles whose actions include its ``needs`` (staff_access.PERMISSIONS)
STAFF_MENU = [
    MenuEntry("Accueil", routes.STAFF_HOME),
    MenuEntry("Démarches", routes.STAFF_QUEUE, StaffAction.HANDLE_REQUESTS),
    MenuEntry("Dossiers", routes.STAFF_FILES),
    MenuEntry("Publier", routes.STAFF_PUBLISH),
    MenuEntry("Décomptes", routes.STAFF_IMPORT, StaffAction.IMPORT_STATEMENTS),
    MenuEntry("IJ", routes.STAFF_IMPORT_ALLOWANCES, StaffAction.IMPORT_ALLOWANCES),
    MenuEntry("Bordereaux", routes.STAFF_IMPORT_CONTRIBUTIONS, StaffAction.IMPORT_CONTRIBUTIONS),
    MenuEntry("Actualités", routes.STAFF_NEWS, StaffAction.EDIT_NEWS),
    MenuEntry("Aide", routes.STAFF_HELP, StaffAction.EDIT_HELP),
    MenuEntry("Comptes OCSO", routes.STAFF_ACCOUNTS, StaffAction.MANAGE_STAFF),
    MenuEntry("Apporteurs", routes.STAFF_INTRODUCERS, StaffAction.MANAGE_INTRODUCERS),
]


def _bar_link(entry: MenuEntry, active: bool, badge: rx.Component | None) -> rx.Component:
    return rx.link(
        rx.hstack(rx.text(entry.label), *([badge] if badge is not None else []), spacing="1", align="center"),
        href=entry.route,
        color="white",
        underline="none",
        font_weight="700" if active else "500",
        font_size="0.85em",
        padding="0.9em 0.7em",
        border_bottom=f"3px solid {styles.ORANGE}" if active else "3px solid transparent",
        aria_current="page" if active else None,
        white_space="nowrap",
    )


def menu_link(*children: rx.Component | str, href: str, current: bool = False) -> rx.Component:
    """An entry of a drop-down menu that opens a page: the link is the menu item itself (Radix's
    ``as_child``), so that the whole row a finger or a pointer hits follows it, Enter follows it from the
    keyboard, and a screen reader hears one menu item, not a link inside one (a link in the item answered
    only on its words, and neither Enter nor a tap beside them opened anything)."""
    # react-router's own link, as ``forms.link_button`` does: Radix Themes' link is a slot too, and the item's
    # slot hands it two children (the words and an empty shortcut), which it refuses
    current_page = {"aria-current": "page"} if current else {}
    return rx.menu.item(ReactRouterLink.create(*children, to=href, custom_attrs=current_page), as_child=True)


def _shown(entry: MenuEntry, link: rx.Component, condition: EntryCondition | None) -> rx.Component:
    when = condition(entry) if condition is not None else None
    return link if when is None else rx.cond(when, link, rx.fragment())


def active_entry(entries: list[MenuEntry], route: str) -> MenuEntry:
    """The entry a page belongs to: the one whose route is the longest prefix of the page's (the fiche
    salarié(e) is under Mes salarié(e)s, the simulation under Mes remboursements)."""
    within = [e for e in entries if route == e.route or route.startswith(e.route.rstrip("/") + "/")]
    return max(within, key=lambda e: len(e.route), default=entries[0])


def space_menu(
    entries: list[MenuEntry],
    active_route: str,
    badges: dict[str, rx.Component] | None = None,
    condition: EntryCondition | None = None,
    counter: Counter | None = None,
) -> rx.Component:
    """The navigation of a space; ``badges`` puts a counter next to some entries (e.g. unread documents);
    ``condition`` hides the entries the user may not use (evaluated in the browser from the header's vars;
    the pages' guards are what refuses). On a phone the menu is a button: ``counter`` (a count and the words
    saying it) shows there too, in its name as on screen, or a member would not see a new document until
    they opened the menu."""
    badges = badges or {}
    active = active_entry(entries, active_route)
    desktop = rx.desktop_only(
        rx.hstack(
            *[_shown(e, _bar_link(e, e is active, badges.get(e.route)), condition) for e in entries],
            spacing="1",
            wrap="wrap",
            justify="center",
        ),
    )
    current = active.label
    mobile = rx.mobile_and_tablet(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("menu", size=18),
                    current,
                    *([count_badge(*counter, named_by_parent=True)] if counter else []),
                    variant="outline",
                    width="100%",
                    # the visible words (« ACCUEIL 1 ») within the name (WCAG 2.5.3)
                    aria_label=(
                        rx.cond(counter[0] > 0, f"Menu : {current} " + counter[1], f"Menu : {current}")
                        if counter
                        else f"Menu : {current}"
                    ),
                    style={
                        "color": "white",
                        "border_color": styles.ON_NAVY_OUTLINE,
                        "justify_content": "start",
                    },
                ),
            ),
            rx.menu.content(
                *[
                    _shown(
                        e,
                        menu_link(
                            rx.hstack(rx.text(e.label), *([badges[e.route]] if e.route in badges else [])),
                            href=e.route,
                            current=e is active,
                        ),
                        condition,
                    )
                    for e in entries
                ],
            ),
        ),
        width="100%",
        padding="0.5em 1em",
    )
    return rx.el.nav(desktop, mobile, aria_label="Menu principal", background=styles.NAVY, width="100%")
