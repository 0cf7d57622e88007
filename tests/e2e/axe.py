"""axe-core's audit in the browser tests (WCAG 2.2 A and AA and its best practices), shared by the audit of
the pages as they open and of what opens on them; and the owners whose pages have something to show.

axe-core comes from the npm registry with the README's commands (``make setup``: ``.tools``). It is put in
the page by Playwright, which the portal's Content-Security-Policy would otherwise refuse: a context that
bypasses it (``bypass_csp=True``), for the audit only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, StaffRole
from tests.builders import make_employer, make_introducer, make_staff
from tests.builders.care import make_care_member
from tests.builders.employers import make_company_with_activity
from tests.support.paths import ROOT

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AUDIT = """async ([tags, off]) => {
    const rules = Object.fromEntries(off.map(id => [id, {enabled: false}]));
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules});
    return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 3).map(
        n => `    ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\\n", " ")}`).join("\\n"));
}"""
# While a Radix modal dialog or menu is open, Radix hides the page behind it from assistive technologies
# (aria-hidden on its siblings, its portal outside <main>): what axe says then of the page it hides is by
# design.
OVER_THE_PAGE = ("aria-hidden-focus", "landmark-one-main", "page-has-heading-one", "region")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}  # the spaces members and employees open on a phone, audited there too


def owner(kind: AccountKind) -> int:
    """An account of ``kind`` whose pages show rows, badges and tables, not only their empty states: a member
    with décomptes and children; an employer (every profile) or an introducer of a company with contracts,
    employees (one à relancer) and démarches; an administrator of the Espace OCSO."""
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


def violations(page: Page, where: str, *, over_the_page: bool = False) -> list[str]:
    """What axe finds on ``page`` as it stands, each line prefixed with ``where``; ``over_the_page``: a Radix
    modal or menu is open, so the rules about the page it hides (:data:`OVER_THE_PAGE`) are left out."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run `make setup`")
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document
        page.add_script_tag(path=AXE)
    off = list(OVER_THE_PAGE) if over_the_page else []
    return [f"{where}: {violation}" for violation in page.evaluate(AUDIT, [RULES, off])]
