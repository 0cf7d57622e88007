"""A member locked out of the Espace Santé Assuré gets back in by post, in Chromium: the Prestations agent
reads on the member's file that the account is locked, asks for the letter with a temporary password (a
dialog says the current password will stop working: « Annuler » changes nothing; confirmed, its PDF is read
back), the member logs in with it, chooses their own password and reaches Accueil; the file then
says so, and the member's Mon historique tells them OCSO sent it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services.login import lock_account
from tests.builders import make_member_account, make_staff
from tests.e2e.helpers import continue_after_new_password, download_after_confirming, log_in, page_as


def test_an_agent_posts_a_temporary_password_that_opens_the_locked_account(
    browser: Browser, page: Page, base_url: str, artifacts: Path
):
    with db_session() as session:
        account = make_member_account(session)
        lock_account(session, account, now=utcnow())
        account_id, member_id, login = account.id, account.member_id, account.login
        agent_id = make_staff(session, role=StaffRole.PRESTATIONS).id
    agent = page_as(browser, base_url, agent_id, viewport={"width": 1280, "height": 900})
    agent.goto(f"{base_url}{routes.STAFF_MEMBER_FILE}?n={member_id}")
    access = agent.get_by_role("heading", name="Accès à l'Espace Santé Assuré").locator("..")
    expect(access.get_by_text(re.compile(r"Verrouillé depuis le"))).to_be_visible()
    expect(access.get_by_text(login, exact=True)).to_be_visible()
    agent.screenshot(path=artifacts / "staff-member-access-1280.png", full_page=True)

    def password_hash() -> str:
        with db_session() as session:
            return session.get(Account, account_id).password_hash

    text = download_after_confirming(
        agent,
        access,
        "Courrier avec un mot de passe provisoire",
        says="remplacera le mot de passe actuel de l'adhérent",
        confirm="Remplacer et télécharger le courrier",
        unchanged=password_hash,
        artifacts=artifacts,
        name="courrier-mot-de-passe.pdf",
    )
    password = re.search(r"Mot de passe provisoire\s+(\S{4}-\S{4}-\S{4})", text).group(1)
    assert login in text

    log_in(page, base_url, login, password)
    expect(page.get_by_role("heading", name="Personnalisez votre mot de passe")).to_be_visible()
    page.get_by_label("Nouveau mot de passe").fill("Retour-Par-Courrier-7")
    page.get_by_label("Confirmation").fill("Retour-Par-Courrier-7")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(page)  # « Continuer »: the session gets a new token
    expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()
    page.goto(base_url + routes.MEMBER_HISTORY)
    expect(page.get_by_text("Mot de passe provisoire envoyé par courrier par OCSO")).to_be_visible()

    agent.reload()
    expect(access.get_by_text("Actif", exact=True)).to_be_visible()
    with db_session() as session:
        assert not session.get(Account, account_id).password_is_temporary
    agent.context.close()
