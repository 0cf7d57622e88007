"""Page decorators: each wraps a page body in its frame (public site or a client space) and registers it.

The registry is plain data (``PAGES``) so the route table is testable without starting the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.navigation import EMPLOYER_MENU, MEMBER_MENU, MenuEntry, space_menu
from ocso_app.components.site import footer, logo, public_header
from ocso_app.components.user_area import user_area

PageBody = Callable[[], rx.Component]


@dataclass(frozen=True)
class Page:
    """One registered page."""

    route: str
    title: str
    build: PageBody
    on_load: Any = None


PAGES: list[Page] = []


def _main(body: rx.Component) -> rx.Component:
    return rx.el.main(
        body,
        id="contenu",
        width="100%",
        max_width=styles.PAGE_MAX_WIDTH,
        margin="0 auto",
        padding=["1em 0.75em", "1.5em 1em", "2em 1.5em"],
        flex="1",
    )


def _frame(*parts: rx.Component) -> rx.Component:
    return rx.flex(*parts, direction="column", min_height="100vh", width="100%")


def _register(route: str, title: str, on_load: Any, wrap: Callable[[rx.Component], rx.Component]):
    def decorator(body: PageBody) -> PageBody:
        PAGES.append(Page(route=route, title=f"{title} | OCSO", build=lambda: wrap(body()), on_load=on_load))
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
):
    """The header of a client space: logo, space name, the connected user's area, then the menu."""
    return rx.el.header(
        rx.hstack(
            logo(home_route),
            rx.text(space_name, color="#c9d6ea", font_size="0.9em", display=["none", "none", "block"]),
            rx.spacer(),
            *([user_area] if user_area is not None else []),
            align="center",
            max_width=styles.PAGE_MAX_WIDTH,
            margin="0 auto",
            padding="0.6em 1em",
        ),
        space_menu(menu, active_route, badges),
        background=styles.NAVY,
        width="100%",
    )


def space_page(
    *,
    route: str,
    title: str,
    home_route: str,
    space_name: str,
    menu: list[MenuEntry],
    on_load: Any = None,
    user_area: Callable[[], rx.Component] | None = None,
    badges: Callable[[], dict[str, rx.Component]] | None = None,
):
    """A page inside a client space, with that space's menu (the current entry highlighted)."""

    def wrap(body: rx.Component) -> rx.Component:
        header = space_header(
            home_route,
            space_name,
            menu,
            route,
            user_area() if user_area else None,
            badges() if badges else None,
        )
        return _frame(header, _main(body), footer())

    return _register(route, title, on_load, wrap)


def member_page(*, route: str, title: str, on_load: Any = None):
    """A page of the Espace Santé Assuré, with its menu."""
    return space_page(
        route=route,
        title=title,
        home_route=routes.MEMBER_HOME,
        space_name="Espace Santé Assuré",
        menu=MEMBER_MENU,
        on_load=on_load,
        user_area=user_area,
    )


def employer_page(*, route: str, title: str, on_load: Any = None):
    """A page of the Espace Employeur, with its menu."""
    return space_page(
        route=route,
        title=title,
        home_route=routes.EMPLOYER_HOME,
        space_name="Espace Employeur",
        menu=EMPLOYER_MENU,
        on_load=on_load,
        user_area=user_area,
    )


__all__ = ["PAGES", "Page", "employer_page", "member_page", "public_page", "space_page"]
