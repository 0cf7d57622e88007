"""The menu of each client space, as in the guides: a bar on a desktop, a drop-down on a phone."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ocso_app import routes, styles


@dataclass(frozen=True)
class MenuEntry:
    """One entry of a space's menu."""

    label: str
    route: str


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
    MenuEntry("Entreprise", routes.EMPLOYER_COMPANY),
    MenuEntry("Assurés", routes.EMPLOYER_EMPLOYEES),
    MenuEntry("Indemnités journalières", routes.EMPLOYER_ALLOWANCES),
    MenuEntry("Documents", routes.EMPLOYER_DOCUMENTS),
    MenuEntry("Démarches", routes.EMPLOYER_REQUESTS),
    MenuEntry("Administration des structures", routes.EMPLOYER_ADMINISTRATION),
]

INTRODUCER_MENU = [MenuEntry("Mon portefeuille", routes.INTRODUCER_HOME)]
STAFF_MENU = [MenuEntry("Accueil", routes.STAFF_HOME)]


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


def space_menu(
    entries: list[MenuEntry], active_route: str, badges: dict[str, rx.Component] | None = None
) -> rx.Component:
    """The navigation of a space; ``badges`` puts a counter next to some entries (e.g. unread documents)."""
    badges = badges or {}
    desktop = rx.desktop_only(
        rx.hstack(
            *[_bar_link(e, e.route == active_route, badges.get(e.route)) for e in entries],
            spacing="1",
            wrap="wrap",
            justify="center",
        ),
    )
    current = next((e.label for e in entries if e.route == active_route), entries[0].label)
    mobile = rx.mobile_and_tablet(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("menu", size=18),
                    current,
                    variant="outline",
                    width="100%",
                    aria_label=f"Menu : {current}",
                    style={
                        "color": "white",
                        "border_color": styles.ON_NAVY_OUTLINE,
                        "justify_content": "start",
                    },
                ),
            ),
            rx.menu.content(
                *[
                    rx.menu.item(
                        rx.link(
                            rx.hstack(rx.text(e.label), *([badges[e.route]] if e.route in badges else [])),
                            href=e.route,
                            underline="none",
                        )
                    )
                    for e in entries
                ],
            ),
        ),
        width="100%",
        padding="0.5em 1em",
    )
    return rx.el.nav(desktop, mobile, aria_label="Menu principal", background=styles.NAVY, width="100%")
