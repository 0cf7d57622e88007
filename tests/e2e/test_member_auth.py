"""Members in Chromium: registration by e-mail, first login, forced change, logout, the session cookie,
and the attacks the security model must stop."""

import re
import time

from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.services import passwords_flow
from tests.builders import PASSWORD
from tests.builders.members import NIR
from tests.e2e.helpers import (
    continue_after_new_password,
    expect_logged_in_as,
    log_in,
    new_member_account,
    new_member_without_account,
)
from tests.support.mailbox import body_text

LOGIN_PAGE = re.compile(r".*/assure/connexion.*")


def _session_cookie(page: Page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "ocso_session"), None)


def test_member_registers_changes_the_temporary_password_and_logs_in_again(
    page: Page, base_url: str, mailbox, artifacts
):
    email = "julie.registration@example.fr"
    number, birth = new_member_without_account()
    page.goto(base_url + routes.MEMBER_REGISTER)
    page.get_by_label("Numéro d'adhérent").fill(number)
    page.get_by_label("Date de naissance").fill(birth.isoformat())
    page.get_by_label("Numéro de sécurité sociale").fill("1 80 03 75 000 123 41")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_text("vous allez recevoir par e-mail")).to_be_visible()

    temporary = re.search(r"\n\n(\S{12})\n\n", body_text(mailbox.wait_for(email)[-1])).group(1)
    assert temporary not in page.content()

    log_in(page, base_url, number, temporary)
    expect(page.get_by_role("heading", name="Personnalisez votre mot de passe")).to_be_visible()
    page.get_by_label("Nouveau mot de passe").fill("faible")
    page.get_by_label("Confirmation").fill("faible")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("8 caractères minimum")
    expect(page.get_by_label("Nouveau mot de passe")).to_have_value("")  # refused: emptied with its copy
    expect(page.get_by_label("Confirmation")).to_have_value("")
    page.get_by_label("Nouveau mot de passe").fill("Mon-Vrai-Passe-31")
    page.get_by_label("Confirmation").fill("Mon-Vrai-Passe-13")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("alert")).to_have_text(passwords_flow.PASSWORDS_DIFFER)
    expect(page.get_by_label("Confirmation")).to_have_value("")  # only the copy is typed again
    expect(page.get_by_label("Nouveau mot de passe")).to_have_value("Mon-Vrai-Passe-31")
    page.get_by_label("Confirmation").fill("Mon-Vrai-Passe-31")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(page)  # « Continuer »: the session gets a new token
    expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()
    page.screenshot(path=artifacts / "member-home-1280.png", full_page=True)

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(LOGIN_PAGE)
    log_in(page, base_url, number, temporary)  # the temporary password served once
    expect(page.get_by_text("Identifiant ou mot de passe incorrect")).to_be_visible()
    expect(page.get_by_label("Numéro d'adhérent")).to_have_value(number)  # put back, to correct the password
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    page.reload()  # read once: a later visit starts empty
    expect(page.get_by_label("Numéro d'adhérent")).to_have_value("")
    log_in(page, base_url, number, "Mon-Vrai-Passe-31")
    expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()


def test_numero_and_birth_date_are_not_enough_to_register_and_guesses_are_bounded(
    page: Page, base_url: str, mailbox
):
    """Issue 10, finding 1: knowing a member's numéro and birth date, try birth dates and NIRs."""
    intruder = "intrus.inscription@example.fr"
    number, birth = new_member_without_account()
    page.goto(base_url + routes.MEMBER_REGISTER)
    for day in range(1, 6):
        page.get_by_label("Numéro d'adhérent").fill(number)
        page.get_by_label("Date de naissance").fill(birth.replace(day=day).isoformat())
        page.get_by_label("Numéro de sécurité sociale").fill("279086905400145")
        page.get_by_label("Adresse e-mail").fill(intruder)
        page.get_by_role("button", name="S'inscrire").click()
        expect(page.get_by_text("vous allez recevoir par e-mail")).to_be_visible()
    page.get_by_label("Numéro d'adhérent").fill(number)
    page.get_by_label("Date de naissance").fill(birth.isoformat())
    page.get_by_label("Numéro de sécurité sociale").fill(NIR)
    page.get_by_label("Adresse e-mail").fill(intruder)
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_role("alert")).to_contain_text("Trop de tentatives d'inscription")
    time.sleep(0.5)
    assert mailbox.to(intruder) == []


def test_private_page_sends_to_login_and_back_after_login(page: Page, base_url: str):
    number, name = new_member_account()
    page.goto(base_url + routes.MEMBER_INFORMATION)
    expect(page).to_have_url(LOGIN_PAGE)
    assert "suite=/assure/informations" in page.url
    page.get_by_label("Numéro d'adhérent").fill(number)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Modifier mon mot de passe")).to_be_visible()
    assert page.url.rstrip("/").endswith(routes.MEMBER_INFORMATION)
    expect_logged_in_as(page, name)


def test_session_cookie_is_httponly_rotates_and_dies_at_logout(browser: Browser, base_url: str):
    number, name = new_member_account()
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base_url, number)
    expect_logged_in_as(page, name)
    first = _session_cookie(page)
    assert first["httpOnly"] and first["sameSite"] == "Lax"
    assert "ocso_session" not in page.evaluate("document.cookie")

    log_in(page, base_url, number)  # logging in again rotates the cookie
    expect_logged_in_as(page, name)
    second = _session_cookie(page)
    assert second["value"] != first["value"]

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(LOGIN_PAGE)
    assert _session_cookie(page) is None

    for stale in (first, second):  # replaying an old cookie opens nothing
        replay = browser.new_context()
        replay.add_cookies([{**stale, "expires": -1}])
        attacker = replay.new_page()
        attacker.goto(base_url + routes.MEMBER_HOME)
        expect(attacker).to_have_url(LOGIN_PAGE)
        assert name not in attacker.content()
        replay.close()
    context.close()


def test_another_tabs_client_token_without_its_cookie_gets_no_private_data(browser: Browser, base_url: str):
    number, name = new_member_account()
    victim = browser.new_context().new_page()
    log_in(victim, base_url, number)
    expect_logged_in_as(victim, name)
    token = victim.evaluate("window.sessionStorage.getItem('token')")
    assert token
    victim.close()  # a closed tab's token is the one Reflex would hand back with its state
    time.sleep(1)

    attacker_context = browser.new_context()
    attacker_context.add_init_script(f"window.sessionStorage.setItem('token', {token!r})")
    attacker = attacker_context.new_page()
    frames: list[str] = []
    attacker.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(str(frame))))
    attacker.goto(base_url + routes.HOME)
    attacker.wait_for_timeout(1500)
    attacker.goto(base_url + routes.MEMBER_INFORMATION)
    expect(attacker).to_have_url(LOGIN_PAGE)
    attacker.wait_for_timeout(1000)
    assert attacker.evaluate("window.sessionStorage.getItem('token')") == token
    assert frames, "the attacker's page talked to the server"
    assert all(name.split()[-1] not in frame for frame in frames)
    assert all(number not in frame for frame in frames)


def test_changing_the_password_ends_the_other_sessions(browser: Browser, base_url: str):
    number, name = new_member_account()
    laptop = browser.new_context().new_page()
    phone = browser.new_context().new_page()
    for page in (laptop, phone):
        log_in(page, base_url, number)
        expect_logged_in_as(page, name)
    laptop.goto(base_url + routes.MEMBER_INFORMATION)
    laptop.get_by_label("Mot de passe actuel").fill(PASSWORD)
    laptop.get_by_label("Nouveau mot de passe").fill("Autre-Passe-2027")
    laptop.get_by_label("Confirmation").fill("Autre-Passe-2027")
    laptop.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(laptop.get_by_text("Vos autres sessions ont été fermées")).to_be_visible()
    phone.goto(base_url + routes.MEMBER_INFORMATION)
    expect(phone).to_have_url(LOGIN_PAGE)
    laptop.goto(base_url + routes.MEMBER_INFORMATION)
    expect_logged_in_as(laptop, name)
