"""A long e-mail address breaks inside what shows it rather than pushing the page sideways on a phone (375
and 320 px, WCAG 1.4.10): the member's Mes informations, the Espace OCSO's Comptes OCSO and Apporteurs
(Administration des structures: tests/e2e/test_employer_administration.py)."""

from __future__ import annotations

import uuid
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import StaffRole
from tests.builders import make_company, make_introducer, make_member_account, make_staff
from tests.e2e.helpers import expect_reflow, page_as


def _long_email(who: str) -> str:
    """Without a hyphen, where a line may break anyway."""
    return f"{who}.{uuid.uuid4().hex[:6]}.servicerelationsadherents@mutuellesanteprevoyancelittoral.fr"


def _expect_no_sideways_scroll(page: Page, email: str, artifacts: Path, name: str) -> None:
    expect(page.get_by_text(email).first).to_be_visible()
    for width in (375, 320):
        expect_reflow(page, width)
    page.screenshot(path=artifacts / f"{name}-320.png", full_page=True)


def test_long_email_addresses_break_on_a_phone(browser: Browser, base_url: str, artifacts: Path):
    member_email, staff_email, introducer_email = (
        _long_email("assure"),
        _long_email("agent"),
        _long_email("ap"),
    )
    with db_session() as session:
        member_id = make_member_account(session, email=member_email).id
        admin = make_staff(session, role=StaffRole.ADMIN)
        admin.email = admin.login = staff_email
        make_introducer(session, companies=(make_company(session),), email=introducer_email)
        admin_id = admin.id

    member = page_as(browser, base_url, member_id)
    member.goto(base_url + routes.MEMBER_INFORMATION)
    _expect_no_sideways_scroll(member, member_email, artifacts, "member-information-long-email")
    member.context.close()

    staff = page_as(browser, base_url, admin_id)
    staff.goto(base_url + routes.STAFF_ACCOUNTS)
    _expect_no_sideways_scroll(staff, staff_email, artifacts, "staff-accounts-long-email")
    staff.goto(base_url + routes.STAFF_INTRODUCERS)
    _expect_no_sideways_scroll(staff, introducer_email, artifacts, "staff-introducers-long-email")
    staff.context.close()
