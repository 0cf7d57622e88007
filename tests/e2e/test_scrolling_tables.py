"""A table wider than a phone (Mes informations' beneficiaries, Mon historique at 375 px) scrolls sideways in
its box: that box is then a region named after the table, which Tab reaches and the arrow keys scroll
(axe's scrollable-region-focusable: Safari does not make a scroller focusable by itself, and these tables
hold nothing else to focus), and its edge fades on the side where more of it is hidden, so that a phone shows
the table goes on; at 1280 px the table fits: no tab stop, no fading."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Beneficiary, BeneficiaryQuality
from ocso_app.services import audit
from tests.builders import make_member_account
from tests.e2e.helpers import page_as, shoot

PHONE = {"width": 375, "height": 812}


def _member_with_a_spouse_and_history() -> int:
    with db_session() as session:
        account = make_member_account(session)
        session.add(
            Beneficiary(
                member_id=account.member_id,
                rank="CJ",
                quality=BeneficiaryQuality.SPOUSE,
                first_name="MARIE-CHRISTINE",
                last_name="DE LA FONTAINE-MONTGOLFIER",
                birth_date=date(1982, 6, 5),
                adhesion_date=date(2021, 1, 23),
            )
        )
        audit.record(
            session,
            event_type="Mes informations",
            action="Modification de l'adresse postale de correspondance",
            account_id=account.id,
            member_id=account.member_id,
        )
        return account.id


def _expect_scrolled_by_keyboard(page: Page, region: Locator, before: Locator) -> None:
    """Tab from ``before`` reaches ``region`` (tabindex 0 of its own, not only Chromium's), whose right arrow
    scrolls the table sideways."""
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    before.focus()
    page.keyboard.press("Tab")
    expect(region).to_be_focused()
    assert region.evaluate("e => e.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    page.wait_for_function("viewport => viewport.scrollLeft > 0", arg=region.element_handle())


def _scrolled_to(page: Page, region: Locator, left: str, more: str) -> None:
    """``region`` scrolled to ``left`` (a JavaScript expression of ``e``, the viewport) until its
    ``data-more`` says ``more``: scrolled again at each try, so that a smooth scroll still running from the
    arrow keys cannot carry it elsewhere."""
    page.wait_for_function(
        f"""([e, more]) => {{
            e.scrollTo({{left: {left}, behavior: "instant"}});
            return e.getAttribute("data-more") === more;
        }}""",
        arg=[region.element_handle(), more],
    )


def _expect_faded_where_more_is_hidden(page: Page, region: Locator) -> None:
    """The edge of the table fades on the side where more of it is hidden (``data-more``, ocso.css): the
    right one at first, both in the middle, the left one at the end."""
    _scrolled_to(page, region, "0", "right")
    assert "linear-gradient" in region.evaluate("e => getComputedStyle(e).maskImage")
    _scrolled_to(page, region, "20", "left right")
    _scrolled_to(page, region, "e.scrollWidth", "left")


def test_a_table_wider_than_the_phone_is_a_named_region_the_keyboard_scrolls(
    browser: Browser, base_url: str, artifacts: Path
):
    page = page_as(browser, base_url, _member_with_a_spouse_and_history(), viewport=PHONE)
    page.goto(base_url + routes.MEMBER_INFORMATION)
    expect(page.get_by_role("cell", name="MARIE-CHRISTINE")).to_be_visible()
    beneficiaries = page.get_by_role("region", name="Mes bénéficiaires", exact=True)
    heading = page.get_by_role("heading", name="Mes bénéficiaires")
    heading.evaluate("h => h.setAttribute('tabindex', '-1')")  # where Tab starts: just before the table
    _expect_scrolled_by_keyboard(page, beneficiaries, heading)
    _expect_faded_where_more_is_hidden(page, beneficiaries)
    _scrolled_to(page, beneficiaries, "0", "right")
    page.screenshot(path=artifacts / "member-information-table-faded-375.png", full_page=True)
    shoot(page, artifacts, "member-information-table-focused")

    page.set_viewport_size({"width": 1280, "height": 900})  # it fits: no region, no tab stop, once left
    expect(beneficiaries).to_be_focused()
    heading.focus()
    expect(beneficiaries).to_have_count(0)
    table = page.locator("[data-table-label='Mes bénéficiaires'] .rt-ScrollAreaViewport")
    expect(table).not_to_have_attribute("tabindex", "0")
    expect(table).not_to_have_attribute("data-more", re.compile(".*"))  # it fits: no fading either
    page.set_viewport_size(PHONE)
    expect(beneficiaries).to_be_visible()  # back on a phone, a region again

    page.goto(base_url + routes.MEMBER_HISTORY)
    history = page.get_by_role("region", name="Historique", exact=True)
    expect(page.get_by_text("Modification de l'adresse postale de correspondance")).to_be_visible()
    _expect_scrolled_by_keyboard(page, history, page.get_by_role("button", name="Rechercher"))
    page.context.close()
