"""Every page of every space, opened by its owner: no React error (a hydration mismatch breaks the styles)
nor any error in the browser's console (an attribute React or the browser refuses), and the space's menu
keeps its colours."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from ocso_app.db import db_session
from ocso_app.models import AccountKind, StaffRole
from tests.builders import make_company, make_employer, make_member_account, make_staff
from tests.e2e.helpers import console_errors, page_as
from tests.e2e.pages import private_routes, public_routes


def _account(kind: AccountKind) -> int:
    with db_session() as session:
        if kind == AccountKind.MEMBER:
            return make_member_account(session).id
        if kind == AccountKind.EMPLOYER:
            return make_employer(session, principal_of=(make_company(session),)).id
        return make_staff(session, role=StaffRole.ADMIN).id  # every staff page opens for an administrator


@pytest.mark.parametrize("kind", [AccountKind.MEMBER, AccountKind.EMPLOYER, AccountKind.STAFF])
def test_every_private_page_renders_without_error(browser: Browser, base_url: str, kind: AccountKind):
    page = page_as(browser, base_url, _account(kind))
    errors = console_errors(page)
    routes = private_routes(kind)
    assert routes
    for route in routes:
        page.goto(base_url + route)
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        menu_link = page.locator("nav").get_by_role("link").first
        expect(menu_link).to_have_css("color", "rgb(255, 255, 255)")
        assert route.rstrip("/") in page.url.rstrip("/"), f"{route} sent its owner to {page.url}"
    assert errors == []
    page.context.close()


def test_every_public_page_renders_without_error(page, base_url: str):
    errors = console_errors(page)
    for route in public_routes():
        page.goto(base_url + route)  # "404": any unknown one
        expect(page.locator("footer")).to_contain_text("MÉRIGNAC")
    assert errors == []
