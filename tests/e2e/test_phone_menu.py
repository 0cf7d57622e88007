"""A space's header on a phone. Its menu: the drop-down « Menu : <page> », whose entries are menu items that
are the links themselves (``components.navigation.menu_link``), the page shown marked as current, followed by
a tap anywhere on the row and by Enter from the keyboard. The employer's header on the narrowest phone
(320 px): the logout button beside the logo, the structure choice on its own line, nothing sideways."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Locator, expect

from ocso_app import routes
from ocso_app.db import db_session
from tests.builders import make_care_member, make_company, make_employer
from tests.builders.contracts import make_company_document
from tests.e2e.helpers import expect_reflow, page_as, settled

PHONE = {"viewport": {"width": 375, "height": 812}}


def test_a_phone_menu_entry_opens_its_page_from_its_whole_row_and_from_the_keyboard(
    browser: Browser, base_url: str, artifacts
):
    with db_session() as session:
        account_id = make_care_member(session).account_id
    page = page_as(browser, base_url, account_id, **PHONE)
    page.goto(base_url + routes.MEMBER_HOME)
    page.get_by_role("button", name="Menu : ACCUEIL").click()
    expect(page.get_by_role("menuitem", name="ACCUEIL")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("menuitem").locator("a, button")).to_have_count(0)  # one control per entry
    settled(page.get_by_role("menu")).screenshot(path=artifacts / "phone-menu-375.png")

    entry = page.get_by_role("menuitem", name="MES DOCUMENTS")
    expect(entry).to_have_attribute("href", routes.MEMBER_DOCUMENTS)
    box = entry.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)  # beside the words
    expect(page.get_by_role("heading", name="Mes documents", level=1)).to_be_visible()

    page.get_by_role("button", name="Menu : MES DOCUMENTS").press("Enter")
    expect(page.get_by_role("menuitem", name="MES DOCUMENTS")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("menuitem", name="ACCUEIL")).to_be_focused()  # opened by the keyboard
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menuitem", name="MES REMBOURSEMENTS")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mes remboursements", level=1)).to_be_visible()
    page.context.close()


def _on_the_line_of(element: Locator, other: Locator) -> bool:
    """``element``'s middle is within ``other``'s height: the two stand on one line."""
    box, line = element.bounding_box(), other.bounding_box()
    assert box is not None and line is not None
    return line["y"] <= box["y"] + box["height"] / 2 <= line["y"] + line["height"]


def test_the_employer_header_fits_the_narrowest_phone(browser: Browser, base_url: str, artifacts):
    """At 320 px the structure choice read « Toutes mes st… » beside the logo and pushed the logout button
    to a line of its own: the button (its icon, named « Se déconnecter ») now stays on the logo's line and
    the choice takes the next line whole, its label uncut. At 375 px the header is one line, as before."""
    with db_session() as session:
        account_id = make_employer(session, principal_of=(make_company(session), make_company(session))).id
    page = page_as(browser, base_url, account_id, viewport={"width": 375, "height": 812})
    page.goto(base_url + routes.EMPLOYER_HOME)
    logo = page.get_by_role("link", name=re.compile("retour à l'accueil$"))
    logout = page.get_by_role("button", name="Se déconnecter", exact=True)
    picker = page.get_by_role("combobox", name="Structure")
    expect(picker).to_have_text("Toutes mes structures")
    header = page.locator("header")
    header.screenshot(path=artifacts / "employer-header-375.png")
    assert _on_the_line_of(picker, logo) and _on_the_line_of(logout, logo)

    expect_reflow(page, 320)
    header.screenshot(path=artifacts / "employer-header-320.png")
    assert _on_the_line_of(logout, logo) and not _on_the_line_of(picker, logo)
    assert picker.locator(".rt-SelectTriggerInner").evaluate("e => e.scrollWidth <= e.clientWidth")
    page.context.close()


def test_a_new_document_shows_on_the_phone_menu_button_without_opening_it(
    browser: Browser, base_url: str, artifacts
):
    """On a phone the menu is one button: its red counter was inside the closed menu, so a new document went
    unseen. The button now shows it, and says it in its name (the words it shows within: WCAG 2.5.3)."""
    with db_session() as session:
        company = make_company(session)
        make_company_document(session, company=company)
        hr_id = make_employer(session, principal_of=(company,)).id
    page = page_as(browser, base_url, hr_id, **PHONE)
    page.goto(base_url + routes.EMPLOYER_HOME)
    button = page.get_by_role("button", name="Menu : Accueil 1 nouveau document", exact=True)
    expect(button).to_be_visible()
    expect(button).to_contain_text("1")
    settled(button).screenshot(path=artifacts / "phone-menu-new-document-375.png")
    button.click()
    page.get_by_role("menuitem", name=re.compile("^Documents")).click()
    expect(page.get_by_role("heading", name="Documents", level=1)).to_be_visible()
    page.get_by_role("link", name="Courrier de renouvellement").click()  # opened: no longer new
    expect(page.get_by_role("button", name="Menu : Documents", exact=True)).to_be_visible()
    page.context.close()
