"""Radiation in Chromium (issue 13): HR radiates one employee for licenciement (portabilité: the e-mail on
the test SMTP server, the member's card valid to the portabilité's end) and one for démission (no
portabilité: the card is refused after the date); the daily job, run twice after the end date, records the
first one radié(e) exactly once; an impossible date is refused under its field. A radiation recorded by
mistake is cancelled from the fiche, after a confirmation: the status, the registration and the cover come
back, and the employee is told."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from ocso_app import cli, routes
from ocso_app.db import db_session
from ocso_app.models import (
    AffiliationStatus,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerProfile,
)
from ocso_app.services import radiation
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.portability import add_months
from tests.builders import (
    make_company,
    make_employee,
    make_employer,
    make_member,
    make_member_account,
    new_email,
)
from tests.builders.contracts import make_contract
from tests.e2e.helpers import download_pdf_text, expect_dialog_titled, page_as, settled, shoot
from tests.support.mailbox import body_text


def _employee_with_card(session, company, contract, last_name: str, hired_on: date) -> tuple[int, int, str]:
    """An affiliated employee, a member with an account and an e-mail: (employee id, account id, e-mail)."""
    email = new_email()
    option = contract.options[0]
    member = make_member(session, email=email, last_name=last_name, contract_option_id=option.id)
    account = make_member_account(session, member=member)
    employee = make_employee(
        session, company=company, member_id=member.id, email=email, last_name=last_name, hired_on=hired_on
    )
    session.add(
        EmployeeContract(
            employee_id=employee.id, contract_id=contract.id, option_id=option.id, start_date=hired_on
        )
    )
    return employee.id, account.id, email


def _in_dialog(page: Page, left_on: date, motif: str) -> str:
    """Fill, check and confirm the open radiation dialog; the certificat de travail wording it shows."""
    dialog = settled(page.get_by_role("dialog"))
    left = dialog.get_by_label("Date de sortie (dernier jour travaillé)")
    left.fill("31/02/2025")  # refused under the field, which says so to a screen reader
    dialog.get_by_label("Motif de départ").select_option(label=motif)
    dialog.get_by_role("button", name="Vérifier").click()
    expect(left).to_have_attribute("aria-invalid", "true")
    expect(left).to_have_accessible_description(radiation.BAD_DATE)
    left.fill(format_short_date(left_on))
    dialog.get_by_role("button", name="Vérifier").click()
    expect(dialog.get_by_role("button", name="Confirmer la radiation")).to_be_visible()
    expect(left).to_have_attribute("aria-invalid", "false")
    # the plan says how the employee learns it (each of these has an address)
    expect(dialog.get_by_text(re.compile(r"^Informé\(e\) par e-mail")).first).to_be_visible()
    dialog.get_by_role("button", name="Confirmer la radiation").click()
    expect(dialog.get_by_text("Radiation enregistrée.")).to_be_visible()
    wording = dialog.get_by_text(re.compile("article L911-8")).inner_text()
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()
    return wording


def test_hr_radiates_with_and_without_portability_and_the_daily_job_ends_it_once(
    browser: Browser, base_url: str, mailbox, artifacts: Path
):
    today = paris_today()
    left_on = today - timedelta(days=1)
    hired_on = add_months(left_on, -3) - timedelta(days=9)  # 3 months and 10 days of contract: 4 months
    with db_session() as session:
        company = make_company(session)
        contract = make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        laid_off = _employee_with_card(session, company, contract, "LICENCIEA", hired_on)
        resigned = _employee_with_card(session, company, contract, "DEMISSIONB", hired_on)
        hr_id, contract_number = hr.id, contract.number

    page = page_as(browser, base_url, hr_id)
    page.goto(base_url + routes.EMPLOYER_EMPLOYEES)
    expect(page.get_by_role("heading", name="Assurés", level=1)).to_be_visible()

    # From Assurés: search, tick, « Radier la sélection »
    page.get_by_label("Rechercher un salarié (nom, prénom)").fill("LICENCIEA")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label(re.compile("^Sélectionner LICENCIEA")).first.click()
    page.get_by_role("button", name="Radier la sélection").click()
    shoot(page, artifacts, "employer-radiation-dialog")
    wording = _in_dialog(page, left_on, "Licenciement")
    end = add_months(left_on + timedelta(days=1), 4) - timedelta(days=1)
    assert f"au {format_short_date(end)} (4 mois)" in wording
    mail = body_text(mailbox.wait_for(laid_off[2])[-1])
    assert "portabilité" in mail and format_short_date(end) in mail and "France Travail" in mail

    # From the fiche salarié(e): « Radier », then the mention stays on the fiche
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={resigned[0]}")
    page.get_by_role("button", name="Radier", exact=True).click()
    assert "ne bénéficie pas du maintien" in _in_dialog(page, left_on, "Démission")
    expect(page.get_by_text("Mention pour le certificat de travail")).to_be_visible()
    expect(page.get_by_role("button", name="Radier", exact=True)).to_have_count(0)
    # the courrier de radiation says what the e-mail said, for an employee HR tells on paper
    letter = page.get_by_role("link", name="Télécharger le courrier de radiation")
    text = " ".join(download_pdf_text(page, letter.click, artifacts, "courrier-radiation.pdf").split())
    assert "ne permet pas la portabilité" in text and format_short_date(left_on) in text
    # the contract the radiation ended stays on the fiche, with its last day
    expect(page.get_by_text("Aucun contrat enregistré.")).to_have_count(0)
    expect(page.locator("tr").filter(has_text=contract_number)).to_contain_text(format_short_date(left_on))
    shoot(page, artifacts, "employer-staff-record-radiated")
    assert "ne permet pas la portabilité" in body_text(mailbox.wait_for(resigned[2])[-1])
    page.get_by_role("navigation").get_by_role("link", name="Accueil", exact=True).click()
    follow = page.get_by_text("Portabilités en cours (1)").locator("..")
    expect(follow.get_by_text(re.compile("^LICENCIEA"))).to_be_visible()
    expect(follow.get_by_text(f"Fin le {format_short_date(end)}", exact=False)).to_be_visible()
    expect(follow.get_by_text("Aucun justificatif reçu")).to_be_visible()
    shoot(page, artifacts, "employer-home-follow-up")
    page.context.close()

    member = page_as(browser, base_url, laid_off[1])
    member.goto(base_url + routes.MEMBER_HOME)
    expect(member.get_by_text(re.compile("maintenues au titre de la portabilité jusqu'au"))).to_be_visible()
    shoot(member, artifacts, "member-home-portability")
    member.goto(base_url + routes.MEMBER_CARD)
    expect(
        member.get_by_text(f"au titre de la portabilité jusqu'au {format_short_date(end)}")
    ).to_be_visible()
    expect(member.get_by_text(re.compile(f"^du .* au {format_short_date(end)}$"))).to_be_visible()
    card = download_pdf_text(
        member,
        member.get_by_role("link", name=re.compile("Télécharger ma carte")).click,
        artifacts,
        "card.pdf",
    )
    assert f"au {format_short_date(end)}" in card and "Période de validité" in card
    shoot(member, artifacts, "member-card-portability")
    member.context.close()

    gone = page_as(browser, base_url, resigned[1])
    gone.goto(base_url + routes.MEMBER_CARD)
    expect(gone.get_by_text(f"Vos droits ont pris fin le {format_short_date(left_on)}")).to_be_visible()
    expect(gone.get_by_role("link", name=re.compile("Télécharger ma carte"))).to_have_count(0)
    refused = gone.request.get(base_url + routes.API_MEMBER_CARD_PDF.url())
    assert refused.status == 403 and "pris fin" in refused.text()
    gone.context.close()

    after_end = (end + timedelta(days=1)).isoformat()
    assert cli.main(["daily", "--today", after_end]) == 0
    assert cli.main(["daily", "--today", after_end]) == 0
    with db_session() as session:
        assert session.get(Employee, laid_off[0]).status == AffiliationStatus.RADIATED
        radiated = select(func.count(EmployeeStatusChange.id)).where(
            EmployeeStatusChange.employee_id == laid_off[0],
            EmployeeStatusChange.status == AffiliationStatus.RADIATED,
        )
        assert session.scalar(radiated) == 1


def test_hr_cancels_a_radiation_recorded_by_mistake_from_the_fiche(
    browser: Browser, base_url: str, mailbox, artifacts: Path
):
    """The wrong employee radiated for licenciement: « Annuler la radiation », confirmed, gives back
    « Affilié(e) », the history keeps both rows, the portabilité is gone and the employee is told."""
    today = paris_today()
    with db_session() as session:
        company = make_company(session)
        contract = make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        employee_id, _account_id, email = _employee_with_card(
            session, company, contract, "ERREURC", add_months(today, -8)
        )
        hr_id, author = hr.id, f"{hr.first_name} {hr.last_name} (RH)"

    page = page_as(browser, base_url, hr_id)
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    page.get_by_role("button", name="Radier", exact=True).click()
    _in_dialog(page, today - timedelta(days=1), "Licenciement")
    mailbox.wait_for(email)

    cancel = page.get_by_role("button", name="Annuler la radiation")
    expect(cancel).to_be_visible()
    shoot(page, artifacts, "employer-staff-record-cancel-radiation")
    cancel.click()
    dialog = settled(page.get_by_role("alertdialog"))
    expect(dialog.get_by_text("la portabilité éventuelle sera supprimée")).to_be_visible()
    dialog.get_by_role("button", name="Garder la radiation").click()  # changed their mind: nothing done
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("En portabilité", exact=True).first).to_be_visible()
    cancel.click()
    dialog = settled(page.get_by_role("alertdialog"))
    shoot(page, artifacts, "employer-staff-record-cancel-radiation-dialog")
    dialog.get_by_role("button", name="Confirmer l'annulation").click()

    expect(page.get_by_text(re.compile("^La radiation du .* est annulée"))).to_be_visible()
    expect(page.get_by_role("button", name="Radier", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Annuler la radiation")).to_have_count(0)
    expect(page.get_by_text("Mention pour le certificat de travail")).to_have_count(0)
    history = page.get_by_role("table").filter(has_text="Annulation de la radiation")
    expect(history.get_by_text(re.compile("^Licenciement ; portabilité"))).to_be_visible()
    expect(history.get_by_text(author, exact=True)).to_have_count(2)  # both rows name HR the same way
    shoot(page, artifacts, "employer-staff-record-radiation-cancelled")
    told = [body_text(mail) for mail in mailbox.wait_for(email, count=2)]  # in either order
    assert any("votre radiation est annulée, vos garanties continuent" in text for text in told)
    page.context.close()
    with db_session() as session:
        employee = session.get(Employee, employee_id)
        assert (employee.status, employee.radiated_on, employee.portability_end_on) == (
            AffiliationStatus.AFFILIATED,
            None,
            None,
        )
        ends = session.scalars(
            select(EmployeeContract.end_date).where(EmployeeContract.employee_id == employee_id)
        )
        assert list(ends) == [None]


def test_reloading_the_fiche_after_a_radiation_does_not_bring_its_dialog_back(
    browser: Browser, base_url: str
):
    """The dialog's « Radiation enregistrée » left open, the page reloaded: the fiche shows the radiation,
    without the old dialog over it (it would hide « Annuler la radiation »)."""
    left_on = paris_today() - timedelta(days=1)
    with db_session() as session:
        company = make_company(session)
        contract = make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        leaving = _employee_with_card(session, company, contract, "RECHARGEC", add_months(left_on, -24))
        hr_id = hr.id
    page = page_as(browser, base_url, hr_id)
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={leaving[0]}")
    page.get_by_role("button", name="Radier", exact=True).click()
    dialog = settled(page.get_by_role("dialog"))
    dialog.get_by_label("Date de sortie (dernier jour travaillé)").fill(format_short_date(left_on))
    dialog.get_by_label("Motif de départ").select_option(label="Démission")
    dialog.get_by_role("button", name="Vérifier").click()
    dialog.get_by_role("button", name="Confirmer la radiation").click()
    expect(dialog.get_by_text("Radiation enregistrée.")).to_be_visible()
    # the fiche behind the dialog already shows it (not only once the dialog is closed)
    expect(page.locator("button:has-text('Annuler la radiation')")).to_have_count(1)
    page.reload()
    expect(page.get_by_role("button", name="Annuler la radiation")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.context.close()


def test_on_the_fiche_the_keyboard_focus_comes_back_to_radier_and_to_modifier(
    browser: Browser, base_url: str
):
    """The dialog is opened by the server, without a Radix trigger: Échap and « Fermer » left the focus on
    the page's body (a keyboard user started again from the header). It comes back to « Radier »; once the
    radiation is recorded, « Radier » is gone and the focus goes to the fiche's title. « Modifier », which
    the server replaces by its form, put the focus on the body too: it goes into the form's first field,
    and « Annuler » gives it back to « Modifier »."""
    left_on = paris_today() - timedelta(days=1)
    with db_session() as session:
        company = make_company(session)
        contract = make_contract(session, company=company)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        leaving = _employee_with_card(session, company, contract, "FOCALE", add_months(left_on, -24))
        hr_id = hr.id
    page = page_as(browser, base_url, hr_id)
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={leaving[0]}")
    radier = page.get_by_role("button", name="Radier", exact=True)

    modifier = page.get_by_role("button", name="Modifier", exact=True)
    modifier.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Civilité")).to_be_focused()
    page.get_by_role("button", name="Annuler", exact=True).focus()
    page.keyboard.press("Enter")
    expect(modifier).to_be_focused()

    radier.focus()
    page.keyboard.press("Enter")
    dialog = settled(page.get_by_role("dialog"))
    expect(dialog.get_by_label("Date de sortie (dernier jour travaillé)")).to_be_focused()
    expect_dialog_titled(dialog, "Radier")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(radier).to_be_focused()

    page.keyboard.press("Enter")
    dialog = settled(page.get_by_role("dialog"))
    dialog.get_by_role("button", name="Fermer").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(radier).to_be_focused()

    radier.click()
    _in_dialog(page, left_on, "Démission")
    expect(radier).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.context.close()
