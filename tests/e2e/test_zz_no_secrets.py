"""Secrets never leave the server: not in the websocket frames a member's browser receives, not in the
portal's log, not in an error page. (Named to run after the other browser tests, so the log holds them.)"""

from playwright.sync_api import Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from tests.builders import PASSWORD, make_member_account
from tests.builders.members import NIR  # what every built member stores, encrypted
from tests.e2e.helpers import cookie_for, expect_logged_in_as, log_in, new_member_account
from tests.support.raw_socket import RawReflexSocket


def test_frames_carry_neither_password_nor_nir_nor_session_token(page: Page, base_url: str):
    number, name = new_member_account()
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(str(frame))))
    log_in(page, base_url, number)
    expect_logged_in_as(page, name)
    page.goto(base_url + routes.MEMBER_INFORMATION)
    expect(page.get_by_role("heading", name="Modifier mon mot de passe")).to_be_visible()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "ocso_session")
    received = " ".join(frames)
    assert number in received  # the page did receive the member's data…
    for secret in (PASSWORD, NIR, token):  # …but none of the secrets
        assert secret not in received


def test_error_page_shows_no_internals(page: Page, base_url: str):
    response = page.goto(base_url + "/api/assure/decomptes/not-a-number.pdf")
    assert response.status in (401, 403, 404)
    assert "Traceback" not in page.content()


def test_portal_log_holds_no_secret(live_app):
    log = live_app.log_text()
    assert log, "the portal wrote a log"
    for secret in (PASSWORD, NIR, "Mon-Vrai-Passe-31", "Employeur-2026!", "ocso_session="):
        assert secret not in log


def test_an_event_reflex_cannot_run_leaves_no_cookie_in_the_log(live_app):
    """Reflex logs a whole event it cannot run, headers included: the session cookie must not follow."""
    with db_session() as session:
        account_id = make_member_account(session).id
    cookie = cookie_for(account_id)
    socket = RawReflexSocket(live_app.url, cookie=cookie)
    try:
        socket.call("reflex___state____state.aucun_etat.aucun_gestionnaire", {"x": 1}, path="/assure")
    finally:
        socket.close()
    log = live_app.log_text()
    assert "aucun_gestionnaire" in log  # Reflex did report it…
    assert cookie.split("=", 1)[1] not in log  # …without the session's token
