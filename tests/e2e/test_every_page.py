"""Every page of every space, opened by its owner: no React error (a hydration mismatch breaks the styles)
nor any error in the browser's console (an attribute React or the browser refuses), and the space's menu
keeps its colours."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

import ocso_app.pages  # noqa: F401
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, StaffRole
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from ocso_app.services.spaces import SPACE_PREFIX
from ocso_app.templates import PAGES
from tests.builders import make_company, make_employer, make_member_account, make_staff
from tests.e2e.helpers import console_errors

PUBLIC_SUFFIXES = (
    "connexion",
    "inscription",
    "mot-de-passe",
    "oublie",
    "identifiant",
    "creer-un-compte",
    "verification",
    "confirmer-adresse-email",  # opened from the link e-mailed to a member's new address
)


def _account(kind: AccountKind) -> int:
    with db_session() as session:
        if kind == AccountKind.MEMBER:
            return make_member_account(session).id
        if kind == AccountKind.EMPLOYER:
            return make_employer(session, principal_of=(make_company(session),)).id
        return make_staff(session, role=StaffRole.ADMIN).id  # every staff page opens for an administrator


def _private_routes(kind: AccountKind) -> list[str]:
    prefix = SPACE_PREFIX[kind]
    return [
        p.route
        for p in PAGES
        if (p.route == prefix or p.route.startswith(prefix + "/")) and not p.route.endswith(PUBLIC_SUFFIXES)
    ]


@pytest.mark.parametrize("kind", [AccountKind.MEMBER, AccountKind.EMPLOYER, AccountKind.STAFF])
def test_every_private_page_renders_without_error(browser: Browser, base_url: str, kind: AccountKind):
    account_id = _account(kind)
    with db_session() as session:
        token = start_session(session, account=session.get(Account, account_id), second_factor_done=True)
    context = browser.new_context()
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base_url, "httpOnly": True}])
    page = context.new_page()
    errors = console_errors(page)
    routes = _private_routes(kind)
    assert routes
    for route in routes:
        page.goto(base_url + route)
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        menu_link = page.locator("nav").get_by_role("link").first
        expect(menu_link).to_have_css("color", "rgb(255, 255, 255)")
        assert route.rstrip("/") in page.url.rstrip("/"), f"{route} sent its owner to {page.url}"
    assert errors == []
    context.close()


def test_every_public_page_renders_without_error(page, base_url: str):
    errors = console_errors(page)
    for route in [
        p.route
        for p in PAGES
        if not any(p.route.startswith(x + "/") or p.route == x for x in SPACE_PREFIX.values())
        or p.route.endswith(PUBLIC_SUFFIXES)
    ]:
        page.goto(base_url + (route if route.startswith("/") else f"/{route}"))  # "404": any unknown one
        expect(page.locator("footer")).to_contain_text("MÉRIGNAC")
    assert errors == []
