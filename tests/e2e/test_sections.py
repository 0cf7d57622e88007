"""The démarches' accordion in Chromium: a section slides open, or opens at once for whoever's system asks
for less motion (``prefers-reduced-motion: reduce``, which Reflex's accordion ignores on its own)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from tests.builders import make_member_account
from tests.e2e.helpers import page_as

# The section's animation as the browser computed it: kept after it has run, so no race with its 0.3 s.
ANIMATION = "el => getComputedStyle(el).animationName"


@pytest.mark.parametrize(("motion", "sliding"), [("no-preference", True), ("reduce", False)])
def test_a_section_slides_open_unless_less_motion_is_asked(
    browser: Browser, base_url: str, motion: str, sliding: bool
):
    with db_session() as session:
        account_id = make_member_account(session).id
    page = page_as(browser, base_url, account_id, reduced_motion=motion)
    page.goto(base_url + routes.MEMBER_REQUESTS)
    page.get_by_role("button", name="ENVOI DE DOCUMENTS", exact=True).click()
    section = page.get_by_role("region", name="ENVOI DE DOCUMENTS", exact=True)
    expect(section).to_be_visible()
    assert (section.evaluate(ANIMATION) != "none") is sliding
    page.context.close()
