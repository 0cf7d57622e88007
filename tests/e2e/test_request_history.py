"""« Mes dernières démarches » goes back as far as the member wants: the 8 newest first, then « Afficher les
démarches plus anciennes » lists the older ones, an old démarche's answer included, until none is left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Member, RequestMessage
from ocso_app.services.requests import MEMBER_HISTORY
from tests.builders import make_member_account, make_request
from tests.e2e.helpers import page_as, shoot

OLD_ANSWER = "Votre remboursement de janvier a été régularisé."


def test_the_member_reads_an_old_demarches_answer_after_showing_older_ones(
    browser: Browser, base_url: str, artifacts: Path
):
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with db_session() as session:
        account = make_member_account(session)
        member = session.get(Member, account.member_id)
        for day in range(MEMBER_HISTORY + 3):
            sent = make_request(
                session, member=member, subject=f"Question {day:02d}", sent_at=start + timedelta(days=day)
            )
            if day == 0:
                session.add(RequestMessage(request_id=sent.id, from_ocso=True, body=OLD_ANSWER))
        account_id = account.id

    page = page_as(browser, base_url, account_id)
    page.goto(base_url + routes.MEMBER_REQUESTS)
    history = page.locator("#dernieres-demarches")
    expect(history).to_contain_text(f"Question {MEMBER_HISTORY + 2:02d}")
    expect(history).not_to_contain_text("Question 00")
    older = history.get_by_role("button", name="Afficher les démarches plus anciennes")
    older.click()
    expect(history).to_contain_text("Question 00")
    expect(history).to_contain_text(OLD_ANSWER)
    expect(older).to_have_count(0)
    shoot(page, artifacts, "member-requests-older")
    page.context.close()
