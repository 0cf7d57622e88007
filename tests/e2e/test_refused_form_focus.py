"""A form the server refuses moves the keyboard focus to its first field in error (aria-invalid), else to its
message (RGAA 11.10): the focus stayed on the submit button, and a keyboard or screen-reader user had to look
for what to fix. Mes informations of a member (twice the same refusal too), the radiation dialog, the
pré-affiliation wizard, and the employee's own affiliation page (a message without a field, a dispense)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, EmployeeContract, EmployerProfile, InvitationChannel
from ocso_app.services import (
    affiliation_invitations,
    affiliation_page,
    contact_details,
    dispense_requests,
    radiation,
)
from tests.builders import make_company, make_employee, make_employer, make_member_account, new_email
from tests.builders.contracts import make_contract
from tests.e2e.affiliation_steps import fill_identity, hr_account
from tests.e2e.helpers import page_as, settled

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _focused(page: Page, field: Locator) -> None:
    """``field`` is ``document.activeElement``, marked invalid."""
    expect(field).to_be_focused()
    assert page.evaluate(ACTIVE_ID) == field.get_attribute("id")
    expect(field).to_have_attribute("aria-invalid", "true")


def test_mes_informations_refused_puts_the_focus_on_the_field_in_error(browser: Browser, base_url: str):
    with db_session() as session:
        account_id = make_member_account(session, email=new_email()).id
    page = page_as(browser, base_url, account_id)
    page.goto(base_url + routes.MEMBER_INFORMATION)
    postal = page.get_by_label("Code postal")
    send = page.get_by_role("button", name="Modifier mon adresse postale")
    page.get_by_label("Numéro et rue").fill("12 rue des Lilas")
    postal.fill("3370")
    page.get_by_label("Commune").fill("Ouchamps")
    send.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(contact_details.BAD_POSTAL_CODE, exact=True)).to_be_visible()
    _focused(page, postal)
    send.focus()  # the same refusal again: the focus goes back to the field
    page.keyboard.press("Enter")
    _focused(page, postal)

    password = page.get_by_label("Votre mot de passe, pour confirmer que c'est vous")
    page.get_by_label("Nouvelle adresse e-mail").fill(new_email())
    password.fill("PasLeBon123")
    page.get_by_role("button", name="Modifier mon adresse e-mail").click()
    expect(page.get_by_text(contact_details.WRONG_PASSWORD, exact=True)).to_be_visible()
    _focused(page, password)
    expect(postal).to_have_attribute("aria-invalid", "false")
    page.context.close()


def test_the_radiation_dialog_refused_puts_the_focus_on_the_date(browser: Browser, base_url: str):
    with db_session() as session:
        company = make_company(session)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        employee = make_employee(session, company=company, last_name="REFUSEE")
        hr_id, employee_id = hr.id, employee.id
    page = page_as(browser, base_url, hr_id)
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    page.get_by_role("button", name="Radier", exact=True).click()
    dialog = settled(page.get_by_role("dialog"))
    left = dialog.get_by_label("Date de sortie (dernier jour travaillé)")
    left.fill("31/02/2025")
    dialog.get_by_label("Motif de départ").select_option(index=1)
    dialog.get_by_role("button", name="Vérifier").focus()
    page.keyboard.press("Enter")
    expect(left).to_have_accessible_description(radiation.BAD_DATE)
    _focused(page, left)
    page.context.close()


def test_the_pre_affiliation_wizard_refused_puts_the_focus_on_its_first_field_in_error(
    browser: Browser, base_url: str
):
    page = page_as(browser, base_url, hr_account())
    page.goto(base_url + routes.EMPLOYER_AFFILIATE)
    fill_identity(page, civility="", last="FOCUSWIZARD", first="Anne", nir="285047505612300")
    expect(page.get_by_text("sa clé doit être juste")).to_be_visible()
    _focused(page, page.get_by_label("Civilité"))  # before the NIR, also refused
    expect(page.get_by_label("N° de sécurité sociale")).to_have_attribute("aria-invalid", "true")
    page.context.close()


def _invited_employee() -> tuple[str, str]:
    """A pending employee of a company with a santé contract: (the personal link's path, birth date)."""
    with db_session() as session:
        company = make_company(session)
        contract = make_contract(session, company=company)
        employee = make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            email=new_email(),
            hired_on=date(2026, 1, 5),
        )
        session.add(
            EmployeeContract(
                employee_id=employee.id,
                contract_id=contract.id,
                option_id=contract.options[0].id,
                start_date=date(2026, 1, 5),
            )
        )
        token = affiliation_invitations.issue(session, employee, InvitationChannel.EMAIL)
        return f"{routes.AFFILIATION}?jeton={token}", employee.birth_date.strftime("%d/%m/%Y")


def test_the_employees_affiliation_page_refused_puts_the_focus_on_the_message_or_the_field(
    browser: Browser, base_url: str, artifacts: Path
):
    link, birth = _invited_employee()
    page = browser.new_page()
    page.goto(base_url + link)
    page.get_by_label("Votre date de naissance").fill("01/01/1950")
    page.get_by_role("button", name="Accéder à mon affiliation").click()
    message = page.get_by_role("alert").filter(has_text=affiliation_page.NOT_RECOGNISED)
    expect(message).to_be_focused()  # no field is marked: the form's message takes the focus
    expect(message).to_have_attribute("tabindex", "-1")

    page.get_by_label("Votre date de naissance").fill(birth)
    page.get_by_role("button", name="Accéder à mon affiliation").click()
    page.get_by_role("button", name=re.compile("Demander une dispense")).click()
    page.get_by_label("Votre cas de dispense").select_option("cdd_moins_12_mois")
    sign = page.get_by_role("button", name="Signer et envoyer ma demande")
    sign.click()  # neither the end date nor the sworn statement
    _focused(page, page.locator("#ends_on"))
    page.locator("#ends_on").fill("31/12/2099")
    sign.click()
    expect(page.get_by_text(dispense_requests.NOT_SWORN)).to_be_visible()
    _focused(page, page.locator("#sworn"))
    page.screenshot(path=artifacts / "affiliation-dispense-refused-focus.png", full_page=True)
    page.context.close()
