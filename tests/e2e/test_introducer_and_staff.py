"""Business introducers and OCSO staff in Chromium: login, identifier by e-mail, portfolio, staff TOTP."""

import uuid

import pyotp
from playwright.sync_api import Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import StaffRole
from tests.builders import make_company, make_introducer, make_staff
from tests.e2e.helpers import open_section
from tests.support.mailbox import body_text

PASSWORD = "Apporteur-2026!"


def _introducer_with_company(tag: str) -> tuple[str, str, str]:
    """An introducer whose address is ap.<tag>@example.fr, with one client company and not the other."""
    with db_session() as session:
        mine, other = make_company(session, name=f"CLIENT {tag}"), make_company(session, name=f"AUTRE {tag}")
        introducer = make_introducer(
            session, companies=(mine,), email=f"ap.{tag}@example.fr", password=PASSWORD
        )
        return introducer.identifier, mine.name, other.name


def test_introducer_gets_the_identifier_by_mail_and_sees_only_the_portfolio(
    page: Page, base_url: str, mailbox, artifacts
):
    tag = uuid.uuid4().hex[:6].upper()
    identifier, mine, other = _introducer_with_company(tag)
    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_role("link", name="Obtenir votre identifiant").click()
    page.get_by_label("Adresse e-mail").fill(f"ap.{tag}@example.fr")
    page.get_by_role("button", name="Recevoir mon identifiant").click()
    expect(page.get_by_text("votre identifiant vient de vous être envoyé")).to_be_visible()
    assert identifier in body_text(mailbox.wait_for(f"ap.{tag.lower()}@example.fr")[-1])

    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_label("Identifiant").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(mine)).to_be_visible()
    expect(page.get_by_text(other)).to_have_count(0)
    page.screenshot(path=artifacts / "introducer-portfolio-1280.png", full_page=True)

    # OCSO's answers for introducers, searched as one types (the members' and employers' never show).
    expect(page.get_by_role("button", name="Que montre le détail d'une entreprise ?")).to_be_visible()
    expect(page.get_by_role("button", name="Comment donner accès à un collègue ?")).to_have_count(0)
    page.get_by_label("Rechercher dans l'aide").fill("détail effectifs")
    expect(page.get_by_role("button", name="Quelles entreprises vois-je dans mon espace ?")).to_have_count(0)
    answer = open_section(page, "Que montre le détail d'une entreprise ?")
    expect(answer).to_contain_text("jamais les remboursements")


def test_staff_logs_in_with_password_and_authenticator_app_only(page: Page, base_url: str):
    secret = pyotp.random_base32()
    with db_session() as session:
        email = make_staff(session, role=StaffRole.PRESTATIONS, password=PASSWORD, totp_secret=secret).login
    page.goto(base_url + routes.STAFF_LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()
    expect(page.get_by_role("button", name="Application d'authentification")).to_be_visible()
    expect(page.get_by_role("button", name="Recevoir un code par e-mail")).to_have_count(0)
    page.goto(base_url + routes.STAFF_HOME)  # the second factor cannot be skipped
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()
    page.get_by_role("button", name="Application d'authentification").click()
    page.get_by_label("Code de vérification").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Prestations", exact=True)).to_be_visible()
