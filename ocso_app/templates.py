"""Page decorators: each wraps a page body in its frame (public site or a client space) and registers it.

The registry is plain data (``PAGES``) so the route table is testable without starting the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.badges import count_badge
from ocso_app.components.navigation import (
    EMPLOYER_MENU,
    INTRODUCER_MENU,
    MEMBER_MENU,
    STAFF_MENU,
    Counter,
    EntryCondition,
    MenuEntry,
    space_menu,
)
from ocso_app.components.site import footer, logo, public_header
from ocso_app.components.structure_picker import structure_picker
from ocso_app.components.user_area import user_area
from ocso_app.state.base import is_page_load
from ocso_app.state.employer.base import EmployerState
from ocso_app.state.member.base import MemberState
from ocso_app.state.staff.base import StaffState

PageBody = Callable[[], rx.Component]


@dataclass(frozen=True)
class Page:
    """One registered page."""

    route: str
    title: str
    build: PageBody
    on_load: Any = None
    space: str | None = None  # the client space it belongs to; None for the public site and login steps
    menu_route: str | None = None  # in a space: the menu entry it highlights, when not found by its route


PAGES: list[Page] = []


def _until_loaded(body: rx.Component) -> rx.Component:
    """The page's form controls, disabled until its ``on_load`` has run (``is_hydrated`` turns true after
    it). Without this a quick hand, or a slow server, sends a form before the load, which then resets it
    and throws the typing away. Links stay live; the disabled look does not flash (see ``styles``)."""
    return rx.el.fieldset(
        body,
        disabled=~rx.State.is_hydrated,
        class_name="page-controls",
        border="0",
        padding="0",
        margin="0",
        min_width="0",
    )


def _main(body: rx.Component) -> rx.Component:
    return rx.el.main(
        _until_loaded(body),
        aria_busy=rx.cond(rx.State.is_hydrated, "false", "true"),
        id="contenu",
        width="100%",
        max_width=styles.PAGE_MAX_WIDTH,
        margin="0 auto",
        padding=["1em 0.75em", "1.5em 1em", "2em 1.5em"],
        flex="1",
    )


def _frame(*parts: rx.Component) -> rx.Component:
    return rx.flex(*parts, direction="column", min_height="100vh", width="100%")


def _register(
    route: str,
    title: str,
    on_load: Any,
    wrap: Callable[[rx.Component], rx.Component],
    space: str | None = None,
    menu_route: str | None = None,
):
    def decorator(body: PageBody) -> PageBody:
        build = lambda: wrap(body())  # noqa: E731
        PAGES.append(Page(route, f"{title} | OCSO", build, on_load, space, menu_route))
        return body

    return decorator


def public_page(*, route: str, title: str, on_load: Any = None):
    """A page of the public site: header with "Espaces clients", body, footer."""
    return _register(route, title, on_load, lambda body: _frame(public_header(), _main(body), footer()))


def space_header(
    home_route: str,
    space_name: str,
    menu: list[MenuEntry],
    active_route: str,
    user_area: rx.Component | None = None,
    badges: dict[str, rx.Component] | None = None,
    tools: rx.Component | None = None,
    condition: EntryCondition | None = None,
    counter: Counter | None = None,
):
    """The header of a client space: logo, space name, the space's tools (the employer's structure choice),
    the connected user's area, then the menu (``condition``: which entries the user sees)."""
    return rx.el.header(
        rx.hstack(
            logo(home_route),
            rx.text(
                space_name, color=styles.ON_NAVY_MUTED, font_size="0.9em", display=["none", "none", "block"]
            ),
            rx.spacer(),
            *([tools] if tools is not None else []),
            *([user_area] if user_area is not None else []),
            align="center",
            max_width=styles.PAGE_MAX_WIDTH,
            margin="0 auto",
            padding="0.6em 1em",
            spacing="3",
            wrap="wrap",
        ),
        space_menu(menu, active_route, badges, condition, counter),
        background=styles.NAVY,
        width="100%",
    )


def visible_menu(menu: list[MenuEntry]) -> list[MenuEntry]:
    """The entries whose page exists: a menu entry appears with its page, never as a dead link."""
    built = {page.route for page in PAGES}
    return [entry for entry in menu if entry.route in built]


@dataclass(frozen=True)
class Space:
    """A client space: its name, home, menu, the badges its menu shows, the tools of its header (built with
    the page's ``on_load``) and which menu entries a user sees."""

    name: str
    home_route: str
    menu: list[MenuEntry]
    badges: Callable[[], dict[str, rx.Component]] | None = None
    tools: Callable[[Any], rx.Component] | None = None
    condition: EntryCondition | None = None
    counter: Counter | None = None  # shown on the phone's menu button too (the unread documents)


def space_page(*, space: Space, route: str, title: str, on_load: Any, menu_route: str | None = None):
    """A page inside a client space, with that space's menu (the current entry highlighted: the page's, or
    ``menu_route``'s for a page under a menu entry). Its ``on_load`` is one ``page_load`` handler: it guards
    the page and fills the header in one event."""
    if not is_page_load(on_load):
        raise TypeError(f"{route}: a space page's on_load must be a page_load handler")

    def wrap(body: rx.Component) -> rx.Component:
        badges = space.badges() if space.badges else None
        tools = space.tools(on_load) if space.tools else None
        header = space_header(
            space.home_route,
            space.name,
            visible_menu(space.menu),
            menu_route or route,
            user_area(),
            badges,
            tools,
            space.condition,
            space.counter,
        )
        return _frame(header, _main(body), footer())

    return _register(route, title, on_load, wrap, space.name, menu_route)


def _member_badges() -> dict[str, rx.Component]:
    badge = count_badge(MemberState.unread_documents, MemberState.unread_label)
    return {routes.MEMBER_DOCUMENTS: badge}


MEMBER_SPACE = Space(
    "Espace Santé Assuré",
    routes.MEMBER_HOME,
    MEMBER_MENU,
    _member_badges,
    counter=(MemberState.unread_documents, MemberState.unread_label),
)


def _employer_may(entry: MenuEntry) -> Any:
    return EmployerState.menu_actions.contains(entry.needs) if entry.needs else None


def _employer_badges() -> dict[str, rx.Component]:
    badge = count_badge(EmployerState.unread_documents, EmployerState.unread_label)
    return {routes.EMPLOYER_DOCUMENTS: badge}


EMPLOYER_SPACE = Space(
    "Espace Employeur",
    routes.EMPLOYER_HOME,
    EMPLOYER_MENU,
    _employer_badges,
    tools=structure_picker,
    condition=_employer_may,
    counter=(EmployerState.unread_documents, EmployerState.unread_label),
)
INTRODUCER_SPACE = Space("Espace Apporteurs d'affaires", routes.INTRODUCER_HOME, INTRODUCER_MENU)


def _staff_may(entry: MenuEntry) -> Any:
    return StaffState.menu_actions.contains(entry.needs) if entry.needs else None


STAFF_SPACE = Space("Espace OCSO", routes.STAFF_HOME, STAFF_MENU, condition=_staff_may)


def member_page(*, route: str, title: str, on_load: Any, menu_route: str | None = None):
    """A page of the Espace Santé Assuré (MES DOCUMENTS shows the unread count on every page);
    ``menu_route``: the menu entry it belongs to, if not its own."""
    return space_page(space=MEMBER_SPACE, route=route, title=title, on_load=on_load, menu_route=menu_route)


def employer_page(*, route: str, title: str, on_load: Any):
    """A page of the Espace Employeur."""
    return space_page(space=EMPLOYER_SPACE, route=route, title=title, on_load=on_load)


def introducer_page(*, route: str, title: str, on_load: Any):
    """A page of the Espace Apporteurs d'affaires."""
    return space_page(space=INTRODUCER_SPACE, route=route, title=title, on_load=on_load)


def staff_page(*, route: str, title: str, on_load: Any, menu_route: str | None = None):
    """A page of the Espace OCSO (staff); ``menu_route``: the menu entry it belongs to, if not its own."""
    return space_page(space=STAFF_SPACE, route=route, title=title, on_load=on_load, menu_route=menu_route)


__all__ = [
    "PAGES",
    "Page",
    "employer_page",
    "introducer_page",
    "member_page",
    "public_page",
    "space_page",
    "staff_page",
]
