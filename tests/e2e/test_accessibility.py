"""Every page of every space passes axe-core's checks of WCAG 2.2 A and AA and its best practices (contrast,
names of links, buttons and fields, headings in order, touch targets, ARIA), opened by an owner whose pages
have something to show: a member with décomptes and children, an employer with contracts, employees and
démarches, an introducer with that company, an administrator of the Espace OCSO; and every public page. At
1280 px, and the member's and the employer's spaces at 375 px too, as members and HR open them on a phone (the
menu as a button, tables scrolling in their box, cards instead of rows). The audit itself is
``tests.e2e.axe``; what opens on a page (dialogs, sections, refused forms, the phone menu) is audited by
``test_accessibility_open``."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from ocso_app.models import AccountKind
from tests.e2e.axe import DESKTOP, PHONE, owner, violations
from tests.e2e.helpers import page_as
from tests.e2e.pages import private_routes, public_routes


@pytest.mark.parametrize(
    ("kind", "viewport"),
    [
        pytest.param(AccountKind.MEMBER, DESKTOP, id="member"),
        pytest.param(AccountKind.MEMBER, PHONE, id="member-375"),
        pytest.param(AccountKind.EMPLOYER, DESKTOP, id="employer"),
        pytest.param(AccountKind.EMPLOYER, PHONE, id="employer-375"),
        pytest.param(AccountKind.INTRODUCER, DESKTOP, id="introducer"),
        pytest.param(AccountKind.STAFF, DESKTOP, id="staff"),
    ],
)
def test_every_private_page_passes_the_accessibility_audit(browser: Browser, base_url: str, kind, viewport):
    page = page_as(browser, base_url, owner(kind), viewport=viewport, bypass_csp=True)
    found: list[str] = []
    routes = private_routes(kind)
    assert routes
    for route in routes:
        page.goto(base_url + route)
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        page.wait_for_timeout(300)  # the page's data, sent just after its frame
        found += violations(page, route)
    page.context.close()
    assert found == [], "\n".join(found)


def test_every_public_page_passes_the_accessibility_audit(browser: Browser, base_url: str):
    page = browser.new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    found: list[str] = []
    for route in public_routes():
        page.goto(base_url + route)
        expect(page.locator("footer")).to_contain_text("MÉRIGNAC")
        found += violations(page, route)
    page.context.close()
    assert found == [], "\n".join(found)
