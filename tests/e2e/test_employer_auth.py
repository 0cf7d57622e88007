"""Employers in Chromium: company account creation, 2FA by e-mail code then by TOTP on another browser,
and an invited user whose profile limits what they see."""

import re
import uuid

import pyotp
from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind
from tests.builders import SECURITY_CODE, make_company
from tests.e2e.helpers import (
    continue_after_activation,
    employer_login_form,
    first_employer_login,
    register_employer,
    temporary_password,
)
from tests.support.mailbox import body_text

NEW_PASSWORD = "Employeur-2026!"


def _last_mail(mailbox, email: str, count: int) -> str:
    return body_text(mailbox.wait_for(email, count=count)[count - 1])


def test_employer_account_2fa_by_email_then_totp_then_a_restricted_invited_user(
    browser: Browser, base_url: str, mailbox, artifacts
):
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"ATELIERS {tag}")
        branch = make_company(session, parent=head, name=f"ATELIERS {tag} BAYONNE")
        client_number, siren = head.client_number, head.siren
    email = f"rh.{tag.lower()}@example.fr"

    page = browser.new_context().new_page()
    register_employer(
        page,
        base_url,
        mailbox,
        client_number=client_number,
        siren=siren,
        security_code=SECURITY_CODE,
        email=email,
        new_password=NEW_PASSWORD,
    )
    expect(page.get_by_text(branch.name).first).to_be_visible()
    page.screenshot(path=artifacts / "employer-home-1280.png", full_page=True)

    other_browser = browser.new_context().new_page()  # a new device: the app is enrolled from here
    employer_login_form(other_browser, base_url, email, NEW_PASSWORD)
    other_browser.get_by_role("button", name="Application d'authentification").click()
    expect(
        other_browser.get_by_role("img", name="QR code à scanner avec votre application d'authentification")
    ).to_be_visible()
    secret = other_browser.locator("#cle-application").inner_text().replace(" ", "")
    activation = re.search(r"\b(\d{6})\b", _last_mail(mailbox, email, 3)).group(1)
    other_browser.get_by_label("Code affiché par l'application").fill(pyotp.TOTP(secret).now())
    other_browser.get_by_label("Code reçu par e-mail").fill(activation)
    other_browser.get_by_role("button", name="Activer l'application").click()
    continue_after_activation(other_browser)  # « Continuer »: the session gets a new token
    expect(other_browser.get_by_role("heading", name="Mes structures")).to_be_visible()
    with db_session() as session:
        stored = (
            session.query(Account).filter_by(kind=AccountKind.EMPLOYER, login=email).one().totp_secret_enc
        )
        assert stored and secret not in stored

    reader = f"lecture.{tag.lower()}@example.fr"
    page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    page.get_by_label("Adresse e-mail").fill(reader)
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Téléphone").fill("0698765432")
    page.get_by_label("Fonction").fill("Comptable")
    page.get_by_label(branch.name).select_option("consultation")
    page.get_by_role("button", name="Inviter").click()

    restricted = browser.new_context().new_page()
    first_employer_login(
        restricted,
        base_url,
        mailbox,
        email=reader,
        temporary=temporary_password(mailbox, reader),
        new_password="Lecture-2026!",
    )
    expect(restricted.get_by_text(branch.name).first).to_be_visible()
    expect(restricted.get_by_text(head.name, exact=True)).to_have_count(0)
    restricted.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(restricted.get_by_role("button", name="Inviter")).to_have_count(0)
    expect(restricted.get_by_text(email)).to_be_visible()  # the principal to ask, not the list of users
    expect(restricted.get_by_role("heading", name="Les utilisateurs de vos structures")).to_have_count(0)
