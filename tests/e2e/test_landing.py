"""The public landing page in a real browser: the three spaces, the menu, the footer, phone and desktop."""

import pytest
from playwright.sync_api import Page, expect

from ocso_app import routes
from ocso_app.components import notices
from ocso_app.state.public.base import PublicFormState


@pytest.mark.parametrize("width", [1280, 375])
def test_landing_page_leads_to_each_space_and_shows_the_footer(page: Page, base_url: str, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)

    expect(page.get_by_role("heading", name="Vos espaces clients OCSO")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    for space in ("OCSO santé assuré", "OCSO employeur", "Apporteurs d'affaires"):
        expect(page.get_by_role("heading", name=space)).to_be_visible()
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Mentions légales")).to_be_visible()
    expect(footer.get_by_role("link", name="Protection des données personnelles")).to_be_visible()
    expect(footer).to_contain_text("MÉRIGNAC")
    expect(footer).to_contain_text("BAYONNE")
    expect(footer).to_contain_text("05 59 52 11 12")
    # each « Se connecter » / « Créer un compte » is one link drawn as a button, not a button in a link
    expect(page.get_by_role("link", name="Se connecter")).to_have_count(3)
    expect(page.get_by_role("link", name="Créer un compte")).to_have_count(2)
    expect(page.locator("main a button, main button a")).to_have_count(0)
    page.screenshot(path=artifacts / f"landing-{width}.png", full_page=True)

    page.get_by_role("button", name="Espaces clients").click()
    expect(page.get_by_role("menuitem", name="OCSO employeur")).to_be_visible()
    hrefs = page.get_by_role("menuitem").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [routes.MEMBER_LOGIN, routes.EMPLOYER_LOGIN, routes.INTRODUCER_LOGIN]


def test_no_horizontal_scroll_on_a_phone(page: Page, base_url: str):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url)
    expect(page.get_by_role("heading", name="Vos espaces clients OCSO")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_legal_pages_are_reachable_from_the_footer(page: Page, base_url: str):
    page.goto(base_url)
    page.locator("footer").get_by_role("link", name="Protection des données personnelles").click()
    expect(page.get_by_role("heading", name="Protection des données personnelles")).to_be_visible()
    expect(page.get_by_text("infocnil@ocso.fr")).to_be_visible()


def test_security_headers_are_sent(page: Page, base_url: str):
    response = page.goto(base_url)
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    # a page is revalidated each time: offline, the browser's copy never hides the kept card (sw.js)
    assert headers["cache-control"] == "no-cache"
    assert headers["referrer-policy"] == "same-origin"


def test_cors_allows_only_the_portals_own_origin(page: Page, base_url: str):
    foreign = page.request.get(base_url + "/api/health", headers={"Origin": "https://evil.example"})
    assert foreign.headers.get("access-control-allow-origin") != "https://evil.example"
    assert foreign.headers.get("access-control-allow-origin") != "*"
    own = page.request.get(base_url + "/api/health", headers={"Origin": base_url})
    assert own.headers.get("access-control-allow-origin") == base_url


def test_a_lost_connection_is_told_in_french_and_goes_when_it_is_back(page: Page, base_url: str, artifacts):
    """Reflex's own toast says « Cannot connect to server »: ours is French (``components.notices``). The
    server is played by the test: it opens the socket, then refuses the connection, until it is back."""
    refused = {"on": False}

    def socket(ws):
        if not refused["on"]:
            ws.connect_to_server()
            return
        ws.send(
            '0{"sid":"refus","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'
        )
        ws.on_message(
            lambda message: ws.send('44/_event,{"message":"refus"}') if message.startswith("40") else None
        )

    page.route_web_socket("**/_event/**", socket)
    page.goto(base_url + routes.LEGAL_NOTICE)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    refused["on"] = True
    page.reload()  # its connection is refused, then its retries
    toast = page.get_by_text(notices.CONNECTION_LOST)
    expect(toast).to_be_visible()
    expect(page.get_by_role("region", name="Notifications", exact=True)).to_have_count(1)  # no « alt+T »
    expect(page.get_by_text(notices.CONNECTION_HINT)).to_be_visible()
    expect(page.get_by_text("Cannot connect")).to_have_count(0)
    page.screenshot(path=artifacts / "connection-lost.png")
    refused["on"] = False  # the next retry gets through: the toast goes, the page shows
    expect(toast).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_page_that_fails_to_draw_says_so_in_french(page: Page, base_url: str, artifacts):
    """A bug that breaks a page's drawing (here, played by the test: the server's answer sets the login
    form's message to an object, which React cannot draw) shows the portal's French page, not Reflex's
    English one with its stack trace."""
    form = PublicFormState.get_full_name()
    broken = (
        '42/_event,["event",{"delta":{"' + form + '":{"error_rx_state_":{"x":1}}},"events":[],"final":true}]'
    )

    def socket(ws):
        server = ws.connect_to_server()

        def relay(message):
            ws.send(message)
            if "is_hydrated" in str(message):
                ws.send(broken)

        server.on_message(relay)

    page.route_web_socket("**/_event/**", socket)
    page.goto(base_url + routes.MEMBER_LOGIN)
    expect(page.get_by_role("alert").get_by_text(notices.PAGE_FAILED)).to_be_visible()
    expect(page.get_by_text(notices.PAGE_FAILED_HINT)).to_be_visible()
    expect(page.get_by_role("link", name="Revenir à l'accueil")).to_have_attribute("href", routes.HOME)
    expect(page.get_by_text("An error occurred")).to_have_count(0)
    page.screenshot(path=artifacts / "page-failed.png")
