"""An e-mail the relay refused 8 times reaches its recipient once an administrator sends it again from the
Espace OCSO's Accueil: the card counts the e-mails given up (never their content), « Renvoyer les e-mails »
asks first, cancelling changes nothing, confirming sends (audited); an agent of another role sees no card."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, OutboxMessage, StaffRole
from ocso_app.models.base import utcnow
from ocso_app.services import outbox
from tests.builders import make_staff, new_email
from tests.e2e.helpers import page_as, shoot
from tests.support.mailbox import body_text

TEXT = "Votre mot de passe provisoire vous attend."


def _given_up(address: str) -> int:
    with db_session() as session:
        row, _ = outbox.enqueue(session, outbox.Outgoing(address, "Accès à votre espace", TEXT), now=utcnow())
        row.claimed_by = row.claimed_until = None
        row.attempts, row.failed_at = outbox.MAX_ATTEMPTS, utcnow()
        session.flush()
        return row.id


def test_an_administrator_sends_the_given_up_emails_again(
    browser: Browser, base_url: str, mailbox, artifacts: Path
):
    address = new_email()
    row_id = _given_up(address)
    with db_session() as session:
        admin_id = make_staff(session, role=StaffRole.ADMIN).id
        agent_id = make_staff(session, role=StaffRole.PRESTATIONS).id

    agent = page_as(browser, base_url, agent_id)
    agent.goto(base_url + routes.STAFF_HOME)
    expect(agent.get_by_role("heading", name="Démarches de vos services")).to_be_visible()
    expect(agent.get_by_role("heading", name="E-mails non distribués")).to_have_count(0)
    agent.context.close()

    page = page_as(browser, base_url, admin_id)
    page.goto(base_url + routes.STAFF_HOME)
    card = page.locator("#emails-non-distribues")
    expect(card).to_contain_text("refusé(s) 8 fois par le relais de messagerie")
    assert address not in card.inner_text() and TEXT not in card.inner_text()
    shoot(page, artifacts, "staff-home-undelivered-mail")

    card.get_by_role("button", name="Renvoyer les e-mails").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Vérifiez d'abord que le relais fonctionne.")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    with db_session() as session:
        assert session.get(OutboxMessage, row_id).failed_at is not None  # cancelled: nothing changed

    card.get_by_role("button", name="Renvoyer les e-mails").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Renvoyer").click()
    expect(card.get_by_role("status")).to_contain_text("remis en envoi : ils partent dans la minute.")
    expect(card).to_contain_text("Tous les e-mails sont partis.")
    [mail] = mailbox.wait_for(address)
    assert mail["Subject"] == "Accès à votre espace" and TEXT in body_text(mail)
    with db_session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.account_id == admin_id)).all()
    assert any(action.endswith("remis en envoi") for action in actions)
    page.context.close()
