"""Every page of every space passes axe-core's checks of WCAG 2.2 A and AA and its best practices (contrast,
names of links, buttons and fields, headings in order, touch targets, ARIA), opened by an owner whose pages
have something to show: a member with décomptes and children, an employer with contracts, employees and
démarches, an introducer with that company, an administrator of the Espace OCSO; and every public page. At
1280 px, and the member's and the employer's spaces at 375 px too, as members and HR open them on a phone (the
menu as a button, tables scrolling in their box, cards instead of rows).

axe-core comes from the npm registry with the README's commands (``make setup``: ``.tools``). It is put in
the page by Playwright, which the portal's Content-Security-Policy would otherwise refuse (a context that
bypasses it, for this audit only)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, StaffRole
from tests.builders import make_employer, make_introducer, make_staff
from tests.builders.care import make_care_member
from tests.builders.employers import make_company_with_activity
from tests.e2e.helpers import page_as
from tests.e2e.pages import private_routes, public_routes
from tests.support.paths import ROOT

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AUDIT = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 3).map(
        n => `    ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\\n", " ")}`).join("\\n"));
}"""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}  # the spaces members and employees open on a phone, audited there too


def _owner(kind: AccountKind) -> int:
    """An account of ``kind`` whose pages show rows, badges and tables, not only their empty states."""
    with db_session() as session:
        if kind == AccountKind.MEMBER:
            return make_care_member(session).account_id
        company = make_company_with_activity(session, name="FROMAGERIES DES GAVES")
        if kind == AccountKind.EMPLOYER:
            return make_employer(session, principal_of=(company,)).id
        if kind == AccountKind.INTRODUCER:
            introducer = make_introducer(session, companies=(company,))
            return session.scalar(select(Account.id).where(Account.introducer_id == introducer.id))
        return make_staff(session, role=StaffRole.ADMIN).id  # every staff page opens for an administrator


def _violations(page: Page, route: str) -> list[str]:
    page.add_script_tag(path=AXE)
    return [f"{route}: {violation}" for violation in page.evaluate(AUDIT, RULES)]


@pytest.fixture(scope="module", autouse=True)
def _axe_installed() -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run `make setup`")


@pytest.mark.parametrize(
    ("kind", "viewport"),
    [
        pytest.param(AccountKind.MEMBER, DESKTOP, id="member"),
        pytest.param(AccountKind.MEMBER, PHONE, id="member-375"),
        pytest.param(AccountKind.EMPLOYER, DESKTOP, id="employer"),
        pytest.param(AccountKind.EMPLOYER, PHONE, id="employer-375"),
        pytest.param(AccountKind.INTRODUCER, DESKTOP, id="introducer"),
        pytest.param(AccountKind.STAFF, DESKTOP, id="staff"),
    ],
)
def test_every_private_page_passes_the_accessibility_audit(browser: Browser, base_url: str, kind, viewport):
    page = page_as(browser, base_url, _owner(kind), viewport=viewport, bypass_csp=True)
    found: list[str] = []
    routes = private_routes(kind)
    assert routes
    for route in routes:
        page.goto(base_url + route)
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        page.wait_for_timeout(300)  # the page's data, sent just after its frame
        found += _violations(page, route)
    page.context.close()
    assert found == [], "\n".join(found)


def test_every_public_page_passes_the_accessibility_audit(browser: Browser, base_url: str):
    page = browser.new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    found: list[str] = []
    for route in public_routes():
        page.goto(base_url + route)
        expect(page.locator("footer")).to_contain_text("MÉRIGNAC")
        found += _violations(page, route)
    page.context.close()
    assert found == [], "\n".join(found)
