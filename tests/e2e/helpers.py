"""Steps the browser tests share: commit a member in the portal's database (with ``tests.builders``), open a
session for a raw websocket, log in through the form, take the screenshots at both widths."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, FileChooser, Locator, Page, expect
from pypdf import PdfReader

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import PASSWORD, make_member, make_member_account
from tests.support.mailbox import Mailbox, body_text


def new_member_without_account(email: str | None = None, birth: date = date(1979, 4, 12)) -> tuple[str, date]:
    """Committed in the database the live portal reads; returns (numéro d'adhérent, birth date)."""
    with db_session() as session:
        member = make_member(session, email=email, birth_date=birth)
        return member.member_number, birth


def new_member_account(password: str = PASSWORD, email: str | None = None) -> tuple[str, str]:
    """A member with an account; returns (numéro d'adhérent, full name as displayed)."""
    with db_session() as session:
        account = make_member_account(session, password=password, email=email)
        return account.login, f"{account.first_name} {account.last_name}"


def cookie_for(account_id: int) -> str:
    """A ``Cookie`` header with a fresh session of ``account_id`` (second factor done), as the login route
    would set it."""
    with db_session() as session:
        account = session.get(Account, account_id)
        return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


def session_cookie(page: Page) -> str | None:
    """The session token the browser of ``page`` holds (an HttpOnly cookie: read from the context)."""
    return next((c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE), None)


def continue_after_activation(page: Page) -> None:
    """The last step of an authenticator app's activation at the verification page: the websocket event
    passed nothing; « Continuer » POSTs the hand-off and the session gets a new token."""
    password_step = session_cookie(page)
    expect(page.get_by_text("Votre application d'authentification est activée")).to_be_visible()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_have_count(0)
    assert session_cookie(page) not in (None, password_step)


def continue_after_new_password(page: Page) -> None:
    """The last step of the first real password in place of a temporary one: the websocket event saved it
    and passed nothing; « Continuer » POSTs the hand-off and the session gets a new token."""
    password_step = session_cookie(page)
    expect(page.get_by_text("Votre mot de passe est enregistré")).to_be_visible()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name="Personnalisez votre mot de passe")).to_have_count(0)
    assert session_cookie(page) not in (None, password_step)


def log_in(page: Page, base_url: str, number: str, password: str = PASSWORD, path: str = routes.MEMBER_LOGIN):
    page.goto(base_url + path)
    page.get_by_label("Numéro d'adhérent").fill(number)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def open_section(page: Page, title: str) -> Locator:
    """Open the section ``title`` of an accordion (a démarche, a help answer) and wait until it has finished
    opening: its height grows for 0.3 s, and a click meanwhile on what it holds can land beside (a CI run's
    « Envoyer » hit the form's first line and sent nothing). Returns the section's content."""
    page.get_by_role("button", name=title, exact=True).click()
    section = page.get_by_role("region", name=title, exact=True)
    expect(section).to_be_visible()
    return settled(section)


def settled(element: Locator) -> Locator:
    """``element`` once its animations and its children's have finished (a section or a dialog opening)."""
    element.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")
    return element


def expect_dialog_titled(dialog: Locator, title: str) -> None:
    """``dialog``'s title is ``title``, an ``h2`` under the page's ``h1`` (Radix draws an ``h1``)."""
    expect(dialog.get_by_role("heading", name=title, level=2, exact=True)).to_be_visible()
    expect(dialog.get_by_role("heading", level=1)).to_have_count(0)


def expect_logged_in_as(page: Page, name: str) -> None:
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()


def page_as(browser: Browser, base_url: str, account_id: int, **context_options) -> Page:
    """A new browser context already logged in as ``account_id`` (second factor done), through the session
    cookie the login route would set (HttpOnly)."""
    with db_session() as session:
        token = start_session(session, account=session.get(Account, account_id), second_factor_done=True)
    context = browser.new_context(**context_options)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base_url, "httpOnly": True}])
    return context.new_page()


def shoot(page: Page, artifacts: Path, name: str) -> None:
    """Full-page screenshots at 375 px (a phone) then 1280 px, ending at 1280 px: ``<name>-375.png`` and
    ``<name>-1280.png`` in ``artifacts``, for a person to look at."""
    for width, height in ((375, 812), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        _repainted(page)
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)


def choose_file_by_keyboard(
    page: Page, *, after: Locator, picker: str, name: str, hint: str, path: Path, key: str = "Enter"
) -> None:
    """A file picker (``#picker``) used from the keyboard: one Tab from ``after`` reaches it, a button named
    ``name`` in French and described by its ``hint``, the only control it shows a screen reader (the native
    input's « Choose File » is hidden from it); ``key`` (Enter or Space) opens the browser's chooser, which
    gives it ``path``; the next Tab leaves the picker."""
    zone = page.locator(f"#{picker}")
    button = page.get_by_role("button", name=name, exact=True)
    # Playwright turns the interception of choosers on without waiting when a first listener comes, and off
    # with the last: a chooser Enter opened before it was on stayed open, and each later one waited behind it
    page.on("filechooser", _intercepted)
    expect(page.get_by_role("main")).to_have_attribute("aria-busy", "false")  # the page's controls enabled
    after.focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    expect(button).to_have_accessible_description(re.compile(re.escape(hint)))
    expect(zone.get_by_role("button")).to_have_count(1)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press(key)
    chooser.value.set_files(str(path))
    expect(page.get_by_text(path.name, exact=False).first).to_be_visible()
    page.keyboard.press("Tab")
    assert not zone.evaluate("zone => zone.contains(document.activeElement)")


def _intercepted(_chooser: FileChooser) -> None:
    """Keeps Playwright's interception of the page's file choosers on."""


def expect_reflow(page: Page, width: int = 320) -> None:
    """At ``width`` px (WCAG 1.4.10 reflow: 320 CSS px), nothing scrolls the page sideways; the viewport is
    left at that width."""
    page.set_viewport_size({"width": width, "height": 800})
    _repainted(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def _repainted(page: Page) -> None:
    """Wait until the page has been laid out and painted at its new size: a screenshot taken at once after a
    resize showed the tables of scrolling boxes (a décompte's lines) as blank space."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def employer_login_form(page: Page, base_url: str, email: str, password: str) -> None:
    """The employer login form sent, up to the second factor's page."""
    page.goto(base_url + routes.EMPLOYER_LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()


def log_in_employer(
    page: Page, base_url: str, email: str, mailbox: Mailbox, password: str = PASSWORD
) -> None:
    """Through the employer login form and the second factor by e-mailed code (the latest code sent)."""
    employer_login_form(page, base_url, email, password)
    page.get_by_role("button", name="Recevoir un code par e-mail").click()
    code = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email)[-1])).group(1)
    page.get_by_label("Code de vérification").fill(code)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def first_employer_login(
    page: Page, base_url: str, mailbox: Mailbox, *, email: str, temporary: str, new_password: str
) -> None:
    """An employer account's first login: its temporary password, the code e-mailed (the account's second
    e-mail, after the temporary password's), then ``new_password`` chosen, up to Mes structures."""
    employer_login_form(page, base_url, email, temporary)
    page.get_by_role("button", name="Recevoir un code par e-mail").click()
    code = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email, count=2)[1])).group(1)
    page.get_by_label("Code de vérification").fill(code)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Personnalisez votre mot de passe")).to_be_visible()
    page.get_by_label("Nouveau mot de passe").fill(new_password)
    page.get_by_label("Confirmation").fill(new_password)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(page)  # « Continuer »: the session gets a new token
    expect(page.get_by_role("heading", name="Mes structures")).to_be_visible()


def temporary_password(mailbox: Mailbox, email: str) -> str:
    """The temporary password of a new employer account, in its first e-mail."""
    return re.search(r"\n\n(\S{12})\n\n", body_text(mailbox.wait_for(email)[0])).group(1)


def register_employer(
    page: Page,
    base_url: str,
    mailbox: Mailbox,
    *,
    client_number: str,
    siren: str,
    security_code: str,
    email: str,
    new_password: str,
) -> None:
    """A company's HR (Claire Martin, Responsable RH) creates its Espace Employeur account with its numéro
    client, SIREN and code de sécurité, then logs in for the first time (``first_employer_login``)."""
    page.goto(base_url + routes.EMPLOYER_REGISTER)
    page.get_by_label("Numéro client OCSO").fill(client_number)
    page.get_by_label("Numéro SIREN").fill(siren)
    page.get_by_label("Code de sécurité").fill(security_code)
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Téléphone").fill("0612345678")
    page.get_by_label("Fonction").fill("Responsable RH")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Créer mon compte").click()
    temporary = temporary_password(mailbox, email)
    first_employer_login(page, base_url, mailbox, email=email, temporary=temporary, new_password=new_password)


def publish_button(page: Page, title_field: str) -> Locator:
    """« Publier » of the form of Publier un document (Espace OCSO) that holds the field ``#title_field``."""
    form = page.locator("form").filter(has=page.locator(f"#{title_field}"))
    return form.get_by_role("button", name="Publier", exact=True)


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, no-break spaces as spaces."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")


def download_pdf_text(page: Page, click: Callable[[], None], artifacts: Path, name: str) -> str:
    """Run ``click``, keep the file it downloads as ``artifacts/name`` and return its text."""
    with page.expect_download() as info:
        click()
    target = artifacts / name
    info.value.save_as(target)
    return pdf_text(target)


def download_after_confirming(
    page: Page,
    scope: Page | Locator,
    button: str,
    *,
    says: str,
    confirm: str,
    unchanged: Callable[[], object],
    artifacts: Path,
    name: str,
) -> str:
    """A letter whose download changes an account (``components.confirm.confirmed_post``): the button
    ``button`` of ``scope`` opens a dialog that ``says`` what will change; « Annuler » closes it and
    ``unchanged()`` reads the same after as before; opened again, ``confirm`` downloads the PDF (kept as
    ``artifacts/name``), whose text is returned."""
    before = unchanged()
    scope.get_by_role("button", name=button).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(says)
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert unchanged() == before, "cancelled, yet something changed"
    scope.get_by_role("button", name=button).click()
    text = download_pdf_text(page, dialog.get_by_role("button", name=confirm).click, artifacts, name)
    expect(dialog).to_be_hidden()
    return text


def console_errors(page: Page) -> list[str]:
    """The page's uncaught errors and console errors from now on, as they come (a 404 page's own status
    excepted): a test asserts the list stays empty."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: _note_error(message.type, message.text, page.url, errors))
    return errors


def _note_error(kind: str, text: str, url: str, errors: list[str]) -> None:
    not_found = url.rstrip("/").endswith("/404") and "status of 404" in text  # the page saying so
    if kind == "error" and not not_found:
        errors.append(f"{url}: {text}")
