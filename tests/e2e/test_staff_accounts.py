"""Comptes OCSO in Chromium, in one journey: the demo administrateur creates a Prestations collaborator's
account (the temporary password arrives by e-mail on the test SMTP server; the list shows the account, no
authenticator yet); the new collaborator's first login enrols the authenticator app (QR code + e-mailed code)
then replaces the temporary password; a prestations agent sees no « Comptes OCSO » in the menu and is sent
away from the page. « Désactiver » asks first, and the keyboard stays on the colleague's row. Screenshot at
1280 px in the artifacts."""

from __future__ import annotations

import re
import uuid

import pyotp
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, StaffRole
from ocso_app.seed.data.personas import STAFF_EMAIL
from tests.builders import make_staff
from tests.e2e.helpers import (
    continue_after_activation,
    continue_after_new_password,
    expect_dialog_titled,
    page_as,
    settled,
)
from tests.support.mailbox import body_text


def test_the_administrator_creates_a_staff_account_and_an_agent_cannot_open_the_page(
    browser: Browser, base_url: str, mailbox, artifacts
):
    email = f"agent-{uuid.uuid4().hex[:8]}@ocso.fr"
    with db_session() as session:
        admin_id = session.scalar(
            select(Account.id).where(Account.kind == AccountKind.STAFF, Account.login == STAFF_EMAIL)
        )
        agent_id = make_staff(session, role=StaffRole.PRESTATIONS).id
    admin = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})

    admin.goto(base_url + routes.STAFF_HOME)
    admin.get_by_role("link", name="Comptes OCSO").click()
    expect(admin.get_by_role("heading", name="Comptes OCSO", exact=True)).to_be_visible()
    admin.get_by_label("Prénom").fill("Inès")
    admin.get_by_label("Nom", exact=True).fill("Morel")
    admin.get_by_label("Adresse e-mail").fill(email)
    admin.get_by_label("Rôle", exact=True).select_option(label="Prestations")
    admin.get_by_role("button", name="Créer le compte").click()
    expect(admin.get_by_role("status")).to_contain_text("Le compte d'Inès MOREL est créé")
    row = admin.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text("À la première connexion")
    expect(row.get_by_label("Rôle d'Inès MOREL", exact=True)).to_have_value("prestations")
    text = body_text(mailbox.wait_for(email)[-1])
    assert re.search(r"mot de passe temporaire \(valable 24 heures\) :\n\n\S{8,}\n", text)
    assert f"Votre identifiant : {email}" in text and "application d'authentification" in text
    admin.screenshot(path=artifacts / "staff-accounts-1280.png", full_page=True)
    temporary = re.search(r"\(valable 24 heures\) :\n\n(\S+)\n", text).group(1)

    # the new collaborator's first login: the authenticator app is enrolled, then the password replaced
    newcomer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    newcomer.goto(base_url + routes.STAFF_LOGIN)
    newcomer.get_by_label("Adresse e-mail").fill(email)
    newcomer.get_by_label("Mot de passe", exact=True).fill(temporary)
    newcomer.get_by_role("button", name="Se connecter").click()
    expect(newcomer.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()
    newcomer.get_by_role("button", name="Application d'authentification").click()
    secret = newcomer.locator("#cle-application").inner_text().replace(" ", "")
    activation = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email, count=2)[1])).group(1)
    newcomer.get_by_label("Code affiché par l'application").fill(pyotp.TOTP(secret).now())
    newcomer.get_by_label("Code reçu par e-mail").fill(activation)
    newcomer.get_by_role("button", name="Activer l'application").click()
    continue_after_activation(newcomer)  # « Continuer »: the session gets a new token
    newcomer.get_by_label("Nouveau mot de passe").fill("Prestations-2026!")
    newcomer.get_by_label("Confirmation").fill("Prestations-2026!")
    newcomer.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(newcomer)  # « Continuer »: the session gets a new token
    expect(newcomer.get_by_text("Prestations", exact=True)).to_be_visible()
    admin.reload()
    expect(admin.get_by_role("row").filter(has_text=email)).to_contain_text("Enregistrée")

    agent = page_as(browser, base_url, agent_id, viewport={"width": 1280, "height": 900})
    agent.goto(base_url + routes.STAFF_HOME)
    expect(agent.get_by_role("link", name="Démarches", exact=True)).to_be_visible()
    expect(agent.get_by_role("link", name="Comptes OCSO")).to_have_count(0)
    agent.goto(base_url + routes.STAFF_ACCOUNTS)
    expect(agent).to_have_url(re.compile(re.escape(base_url + routes.STAFF_HOME) + r"/?$"))
    expect(agent.get_by_text(email)).to_have_count(0)


def _staff_named(session, last_name: str) -> Account:
    account = make_staff(session, role=StaffRole.PRESTATIONS)
    account.first_name, account.last_name = "Focus", last_name
    return account


def _active(account_id: int) -> bool:
    with db_session() as session:
        return bool(session.get(Account, account_id).is_active)


def test_deactivating_a_colleague_asks_first_and_the_keyboard_stays_on_their_row(
    browser: Browser, base_url: str
):
    """« Désactiver » on the keyboard: Enter opens a confirmation (« Annuler » leaves the account active
    and the focus on the same button); confirmed, that one account only is deactivated and the focus is on
    its « Réactiver », not on the next row's « Désactiver » (a second Enter deactivated a second colleague);
    « Réactiver » and « Changer » keep the focus on their row too."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        admin_id = session.scalar(
            select(Account.id).where(Account.kind == AccountKind.STAFF, Account.login == STAFF_EMAIL)
        )
        first, second = _staff_named(session, f"FOCUSA{tag}"), _staff_named(session, f"FOCUSB{tag}")
        first_id, second_id = first.id, second.id
        first_name = f"Focus FOCUSA{tag}"
    admin = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})
    admin.goto(base_url + routes.STAFF_ACCOUNTS)
    deactivate = admin.get_by_role("button", name=f"Désactiver le compte de {first_name}")
    reactivate = admin.get_by_role("button", name=f"Réactiver le compte de {first_name}")

    deactivate.focus()
    admin.keyboard.press("Enter")
    dialog = settled(admin.get_by_role("alertdialog"))
    expect(dialog).to_contain_text("ses sessions ouvertes prendront fin immédiatement")
    expect_dialog_titled(dialog, f"Désactiver le compte de {first_name}")
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    admin.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(deactivate).to_be_focused()
    assert _active(first_id)

    admin.keyboard.press("Enter")
    dialog = settled(admin.get_by_role("alertdialog"))
    dialog.get_by_role("button", name="Désactiver le compte").focus()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("status")).to_contain_text("désactivé")
    expect(reactivate).to_be_focused()
    assert not _active(first_id) and _active(second_id)

    admin.keyboard.press("Enter")  # on « Réactiver »: the same colleague back, the focus on their row
    expect(deactivate).to_be_focused()
    assert _active(first_id) and _active(second_id)

    admin.get_by_label(f"Rôle de {first_name}", exact=True).select_option("entreprises")
    admin.get_by_role("button", name=f"Changer le rôle de {first_name}").focus()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("status")).to_contain_text("a maintenant le rôle Entreprises")
    expect(admin.get_by_label(f"Rôle de {first_name}", exact=True)).to_have_value("entreprises")
    expect(admin.get_by_role("button", name=f"Changer le rôle de {first_name}")).to_be_focused()
    admin.context.close()
