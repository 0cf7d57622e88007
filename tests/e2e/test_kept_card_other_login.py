"""The carte de tiers payant kept on a shared device, in Chromium: Martin keeps his card and leaves without
logging out (his session expires); when Michael logs in on that device, the card kept offline and the
service worker are gone (the login's Clear-Site-Data, ``services/kept_card.py``), so the device no longer
shows Martin's card to whoever holds it; Martin's own next login would have kept it."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services.kept_card import KEPT_CARD_COOKIE
from ocso_app.services.sessions import SESSION_COOKIE
from tests.builders import make_company, make_member, make_member_account
from tests.builders.contracts import make_contract
from tests.e2e.helpers import log_in, page_as

KEPT = "caches.keys().then(k => k.join(','))"
WORKERS = "navigator.serviceWorker.getRegistrations().then(r => r.length)"


def _covered_member() -> tuple[int, str]:
    """A member covered by a signed contract (so the card exists): (account id, numéro)."""
    with db_session() as session:
        contract = make_contract(session, company=make_company(session))
        member = make_member(session, contract_option_id=contract.options[0].id)
        account = make_member_account(session, member=member)
        return account.id, account.login


def test_another_members_login_removes_the_card_kept_on_the_device(browser: Browser, base_url: str):
    martin, (_, michael_number) = _covered_member(), _covered_member()
    page = page_as(browser, base_url, martin[0], viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.MEMBER_CARD)
    expect(page.get_by_text("N° adhérent")).to_be_visible()
    page.get_by_role("button", name="Garder ma carte sur cet appareil").click()
    expect(page.get_by_role("status").filter(has_text="gardée sur cet appareil")).to_be_visible()
    assert page.evaluate(KEPT) == "ocso-carte" and page.evaluate(WORKERS) == 1
    assert [c["name"] for c in page.context.cookies() if c["name"] == KEPT_CARD_COOKIE] == [KEPT_CARD_COOKIE]

    page.context.clear_cookies(name=SESSION_COOKIE)  # Martin's session ended without a logout
    log_in(page, base_url, michael_number)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    deadline = time.monotonic() + 10
    while page.evaluate(KEPT) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert page.evaluate(KEPT) == "" and page.evaluate(WORKERS) == 0
    assert KEPT_CARD_COOKIE not in {c["name"] for c in page.context.cookies()}
    page.context.close()
