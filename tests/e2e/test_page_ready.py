"""A page's form cannot be sent before the page's load has run: the load would reset the form afterwards and
throw the typing away (the affiliation wizard lost its first step this way when the server was slow). The
server's answers are held back here, as on a slow link, to look at the page between its drawing and load."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, WebSocketRoute, expect

from ocso_app import routes
from tests.e2e.affiliation_steps import hr_account, step
from tests.e2e.helpers import page_as


class SlowServer:
    """Forwards what the browser sends at once, and holds what the server answers until ``release``."""

    def __init__(self) -> None:
        self.holding = True
        self.held: list[str | bytes] = []
        self.browser_side: WebSocketRoute | None = None

    def route(self, socket: WebSocketRoute) -> None:
        self.browser_side = socket
        server = socket.connect_to_server()
        server.on_message(self._answer)

    def _answer(self, message: str | bytes) -> None:
        if self.holding:
            self.held.append(message)
        else:
            self.browser_side.send(message)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.browser_side.send(message)
        self.held.clear()


def test_a_form_waits_for_its_page_load_before_it_can_be_sent(
    browser: Browser, base_url: str, artifacts: Path, live_app
):
    page = page_as(browser, base_url, hr_account(), viewport={"width": 1280, "height": 900})
    slow = SlowServer()
    page.route_web_socket(re.compile(r".*/_event.*"), slow.route)
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    step(page, "Identité", "1")  # drawn before any answer of the server
    name, forward = page.get_by_label("Nom", exact=True), page.get_by_role("button", name="Suivant")
    page.wait_for_timeout(800)  # the server has answered the page's opening by now; nothing reached the page
    assert slow.held, "the page's opening was sent and answered"
    assert name.is_disabled() and forward.is_disabled()
    expect(page.get_by_role("main")).to_have_attribute("aria-busy", "true")
    page.screenshot(path=artifacts / "page-before-its-load-1280.png", full_page=True)

    slow.release()
    expect(name).to_be_enabled()
    expect(page.get_by_role("main")).to_have_attribute("aria-busy", "false")
    page.get_by_label("Civilité").select_option("Mme")
    name.fill("LENOIR")
    page.get_by_label("Prénom").fill("Anna")
    page.get_by_label("Date de naissance").fill("02/04/1985")
    page.get_by_label("N° de sécurité sociale").fill("285047501234567")
    forward.click()
    # The form reached the server after the load: its check answers (the key is wrong), nothing was reset.
    expect(page.get_by_label("Nom", exact=True)).to_have_value("LENOIR")
    expect(page.get_by_role("alert").first).to_be_visible()
    page.context.close()
