"""What opens on a page passes axe-core's audit too (``tests.e2e.axe``), not only the page as it opens: the
member's décompte expanded (▼), a démarche's section opened and its form refused, Mes informations refused
with its fields in error, and on a phone the space's menu; the employer's « Détail santé », the radiation
dialog refused then showing its plan, the relance dialog, a dispense's refusal opened on the fiche and
refused (its reason missing); the Espace OCSO's confirmation (« Désactiver » in Comptes OCSO). The
member's at 1280 and 375 px, the others at 1280 px. A screenshot of each state as audited
(``open-<state>-<width>.png``), for a person to look at."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from ocso_app import routes
from ocso_app.components.reminder_dialog import BUTTON
from ocso_app.db import db_session
from ocso_app.models import AccountKind, AffiliationStatus
from ocso_app.services import contact_details, uploads
from ocso_app.services.formats import format_short_date, paris_today
from tests.builders import make_employee, make_employer, new_email
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import make_covered_employee, make_plans
from tests.e2e.axe import DESKTOP, PHONE, owner, violations
from tests.e2e.helpers import open_section, page_as, settled


class Audit:
    """The findings of one page's states, each state audited as it stands and shot for a person."""

    def __init__(self, page: Page, artifacts: Path) -> None:
        self.page, self.artifacts, self.found = page, artifacts, []

    def open(self, base_url: str, route: str) -> None:
        """Open ``route`` and wait until its data is there and its controls are live."""
        self.page.goto(base_url + route)
        expect(self.page.get_by_role("main")).to_have_attribute("aria-busy", "false")

    def __call__(self, state: str, *, shown: Locator | None = None, over_the_page: bool = False) -> None:
        """Audit the page once ``shown`` (what the state brought: a message, a row) is visible, brought into
        the screenshot; ``over_the_page``: a Radix dialog or menu is open over the page."""
        if shown is not None:
            expect(shown).to_be_visible()
            shown.scroll_into_view_if_needed()
        width = self.page.viewport_size["width"]
        self.page.screenshot(path=self.artifacts / f"open-{state}-{width}.png")
        self.found += violations(self.page, f"{state} at {width} px", over_the_page=over_the_page)

    def dialog(self, state: str, role: str = "dialog") -> None:
        """Audit the dialog just opened, once it has finished opening."""
        settled(self.page.get_by_role(role))
        self(state, over_the_page=True)

    def done(self) -> None:
        """Close the page; nothing was found in any of its states."""
        self.page.context.close()
        assert self.found == [], "\n".join(self.found)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_what_opens_in_the_members_space_passes_the_audit(
    browser: Browser, base_url: str, artifacts: Path, viewport: dict
):
    page = page_as(browser, base_url, owner(AccountKind.MEMBER), viewport=viewport, bypass_csp=True)
    audit = Audit(page, artifacts)

    audit.open(base_url, routes.MEMBER_REIMBURSEMENTS)
    page.get_by_role("button", name=re.compile("^Détail du décompte du ")).first.click()
    audit("decompte", shown=page.get_by_role("cell", name="Pharmacie remboursée à 65 %"))

    audit.open(base_url, routes.MEMBER_REQUESTS)
    form = open_section(page, "ENVOI DE DOCUMENTS")
    form.get_by_label("Type de document").select_option("Facture")
    form.get_by_label("Bénéficiaire").select_option(index=1)
    form.get_by_role("button", name="Envoyer").click()
    audit("demarche-refusee", shown=form.get_by_text(uploads.NO_FILE))

    audit.open(base_url, routes.MEMBER_INFORMATION)
    page.get_by_label("Code postal").fill("640")
    page.get_by_role("button", name="Modifier mon adresse postale").click()
    audit("adresse-refusee", shown=page.get_by_text(contact_details.BAD_POSTAL_CODE, exact=True))
    page.get_by_label("Nouvelle adresse e-mail").fill(new_email())
    page.get_by_label("Votre mot de passe, pour confirmer").fill("Mauvais-Passe-1")
    page.get_by_role("button", name="Modifier mon adresse e-mail").click()
    audit("email-refuse", shown=page.get_by_text(contact_details.WRONG_PASSWORD, exact=True))

    if viewport == PHONE:  # the menu is a drop-down on a phone only
        page.get_by_role("button", name=re.compile("^Menu : ")).click()
        audit.dialog("menu", role="menu")
    audit.done()


def _employer_with_everything_to_open() -> tuple[int, int]:
    """An employer (every profile) of a company whose Assurés open a « Détail santé » with beneficiaries,
    whose Accueil offers « Relancer tous » (one employee to remind by e-mail, one without an e-mail), and one
    of whose employees asks for a dispense: (the employer's account, that employee)."""
    invited = datetime.now(UTC) - timedelta(days=20)
    with db_session() as session:
        plans = make_plans(session, name="FROMAGERIES DES GAVES")
        make_covered_employee(session, plans=plans, last_name="LEFÈVRE", first_name="Hélène", family=True)
        pending = AffiliationStatus.PENDING
        for email in (new_email(), None):
            make_employee(session, company=plans.company, status=pending, invited_at=invited, email=email)
        asking = make_employee(session, company=plans.company, status=pending, invited_at=datetime.now(UTC))
        make_dispense_request(session, employee=asking)
        return make_employer(session, principal_of=(plans.company,)).id, asking.id


def test_the_employers_dialogs_pass_the_audit(browser: Browser, base_url: str, artifacts: Path):
    employer, asking = _employer_with_everything_to_open()
    page = page_as(browser, base_url, employer, viewport=DESKTOP, bypass_csp=True)
    audit = Audit(page, artifacts)

    audit.open(base_url, routes.EMPLOYER_EMPLOYEES)
    page.get_by_role("button", name="Détail santé de LEFÈVRE Hélène").click()
    audit.dialog("detail-sante")
    page.get_by_role("dialog").get_by_role("button", name="Fermer").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    page.get_by_role("checkbox", name="Sélectionner LEFÈVRE Hélène").click()
    page.get_by_role("button", name="Radier la sélection").click()
    dialog = page.get_by_role("dialog")
    left = dialog.get_by_label("Date de sortie (dernier jour travaillé)")
    left.fill("31/02/2025")
    dialog.get_by_label("Motif de départ").select_option(label="Démission")
    dialog.get_by_role("button", name="Vérifier").click()
    expect(left).to_have_attribute("aria-invalid", "true")
    audit.dialog("radiation-refusee")
    left.fill(format_short_date(paris_today() - timedelta(days=1)))
    dialog.get_by_role("button", name="Vérifier").click()
    expect(dialog.get_by_role("button", name="Confirmer la radiation")).to_be_visible()
    audit.dialog("radiation-a-confirmer")
    dialog.get_by_role("button", name="Fermer").click()

    audit.open(base_url, routes.EMPLOYER_HOME)
    page.get_by_role("button", name=BUTTON).click()
    expect(page.get_by_role("dialog").get_by_text("Envoyer 1 relance ?")).to_be_visible()
    audit.dialog("relance")
    page.get_by_role("dialog").get_by_role("button", name="Annuler").click()

    audit.open(base_url, f"{routes.EMPLOYER_STAFF_RECORD}?salarie={asking}")
    audit("dispense-demandee", shown=page.get_by_role("button", name=re.compile("^Accepter la demande")))
    page.get_by_role("button", name=re.compile("^Refuser la demande de dispense")).click()
    page.get_by_role("button", name="Confirmer le refus").click()
    reason = page.get_by_label("Motif du refus (envoyé au/à la salarié(e))")
    expect(reason).to_have_attribute("aria-invalid", "true")
    audit("dispense-refus-refuse", shown=reason)
    audit.done()


def test_a_confirmation_dialog_passes_the_audit(browser: Browser, base_url: str, artifacts: Path):
    page = page_as(browser, base_url, owner(AccountKind.STAFF), viewport=DESKTOP, bypass_csp=True)
    audit = Audit(page, artifacts)
    audit.open(base_url, routes.STAFF_ACCOUNTS)
    page.get_by_role("button", name=re.compile("^Désactiver le compte de ")).first.click()
    audit.dialog("confirmation", role="alertdialog")
    audit.done()
