"""A space's menu on a phone: the drop-down « Menu : <page> », whose entries are menu items that are the
links themselves (``components.navigation.menu_link``), the page shown marked as current, followed by a tap
anywhere on the row and by Enter from the keyboard."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from tests.builders import make_care_member
from tests.e2e.helpers import page_as, settled

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
