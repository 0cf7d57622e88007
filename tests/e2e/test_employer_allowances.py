"""An employer in Chromium on Indemnités journalières: logs in with the e-mailed code, sees the arrêts de
travail of both structures with their payments and sums, filters them (payment date, a refused period, the
header's structure), downloads a décompte whose amounts are the page's; another company's décompte is 404.
Screenshots at 1280 and 375 px; nothing scrolls sideways at 320 px."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services.periods import INVALID_PERIOD
from tests.builders import make_company, make_employee, make_employer
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave
from tests.e2e.helpers import expect_reflow, log_in_employer, page_as, shoot
from tests.support.mailbox import Mailbox

NBSP = "\u00a0"


@pytest.fixture
def littoral() -> dict[str, str]:
    """A company and its structure with one arrêt each (two payments each), their administrator, and
    another company's payment; committed in the live portal's database."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"LITTORAL {tag}")
        branch = make_company(session, parent=head, name=f"LITTORAL {tag} ATLANTIQUE")
        employer = make_employer(session, principal_of=(head, branch))
        contract = make_provident_contract(session, company=head)
        for company, first, last, start, end, daily, periods in (
            (
                head,
                "Sophie",
                f"Lambert{tag}",
                date(2025, 1, 6),
                None,
                "48.62",
                [(date(2025, 1, 9), date(2025, 2, 7)), (date(2025, 2, 8), date(2025, 3, 9))],
            ),
            (
                branch,
                "Karim",
                f"Benali{tag}",
                date(2024, 3, 1),
                date(2024, 4, 14),
                "61.35",
                [(date(2024, 3, 4), date(2024, 4, 2)), (date(2024, 4, 3), date(2024, 4, 14))],
            ),
        ):
            make_sick_leave(
                session,
                employee=make_employee(session, company=company, first_name=first, last_name=last),
                contract=contract,
                start=start,
                end=end,
                daily=Decimal(daily),
                periods=periods,
            )
        other = make_company(session)
        _, (foreign,) = make_sick_leave(
            session,
            employee=make_employee(session, company=other),
            contract=make_provident_contract(session, company=other),
            start=date(2025, 1, 6),
            end=None,
            daily=Decimal("99.99"),
            periods=[(date(2025, 1, 9), date(2025, 2, 7))],
        )
        return {
            "email": employer.email,
            "lambert": f"LAMBERT{tag} Sophie",
            "benali": f"BENALI{tag} Karim",
            "branch": branch.name,
            "foreign_pdf": routes.API_EMPLOYER_ALLOWANCE_PDF.url(allowance_id=foreign.id),
        }


def _total(page: Page, key: str):
    return page.locator(f"[data-total='{key}']")


def test_employer_filters_allowances_and_downloads_a_decompte_with_the_pages_amounts(
    browser: Browser, base_url: str, littoral: dict[str, str], mailbox: Mailbox, artifacts: Path
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    log_in_employer(page, base_url, littoral["email"], mailbox)
    page.get_by_role("navigation").get_by_role("link", name="Indemnités journalières").click()
    expect(page.get_by_role("heading", name="Indemnités journalières", level=1)).to_be_visible()

    expect(page.get_by_role("heading", name=littoral["lambert"])).to_be_visible()
    expect(page.get_by_role("heading", name=littoral["benali"])).to_be_visible()
    benali = page.locator("[data-leave]").filter(has=page.get_by_role("heading", name=littoral["benali"]))
    expect(benali.get_by_text(littoral["branch"], exact=True)).to_be_visible()  # several structures
    expect(_total(page, "gross")).to_have_text(f"5{NBSP}493,90 €")
    expect(_total(page, "charges")).to_have_text("368,10 €")
    expect(_total(page, "net")).to_have_text(f"5{NBSP}125,80 €")
    expect(_total(page, "days")).to_have_text("102 jours")
    shoot(page, artifacts, "employer-allowances")
    expect_reflow(page)  # each payment's « Décompte » link went past its card at 320 px
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Payées du").fill("2025-09-01")
    page.get_by_label("Au", exact=True).fill("2025-01-01")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("alert")).to_have_text(INVALID_PERIOD)

    page.get_by_label("Au", exact=True).fill("2025-12-31")
    page.get_by_label("Payées du").fill("2025-01-01")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("heading", name=littoral["benali"])).to_have_count(0)
    expect(_total(page, "gross")).to_have_text(f"2{NBSP}917,20 €")
    expect(_total(page, "net")).to_have_text(f"2{NBSP}721,74 €")

    leave = page.locator("[data-leave]").filter(has=page.get_by_role("heading", name=littoral["lambert"]))
    row = leave.get_by_role("row").nth(1)  # the first payment, under the header row
    cells = [text.replace(NBSP, " ") for text in row.get_by_role("cell").all_inner_texts()]
    number = row.get_by_role("rowheader").inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name=f"Télécharger le décompte n° {number}").click()
    target = artifacts / "decompte-ij.pdf"
    download.value.save_as(target)
    (pdf_page,) = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = pdf_page.extract_text().replace(NBSP, " ")
    assert number in text and littoral["lambert"] in text
    period, days, daily, gross, charges, net, paid_on = cells[:7]
    assert (period, days, daily, gross, charges, net, paid_on) == (
        "du 09/01/2025 au 07/02/2025",
        "30 jours",
        "48,62 €",
        "1 458,60 €",
        "97,73 €",
        "1 360,87 €",
        "12/02/2025",
    )
    for value in cells[:7]:
        assert value in text, value

    foreign = page.request.get(base_url + littoral["foreign_pdf"])
    assert foreign.status == 404 and b"%PDF" not in foreign.body()

    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name=littoral["branch"]).click()
    expect(page.get_by_role("heading", name=littoral["benali"])).to_be_visible()
    expect(page.get_by_role("heading", name=littoral["lambert"])).to_have_count(0)
    expect(_total(page, "gross")).to_have_text(f"2{NBSP}576,70 €")
    shoot(page, artifacts, "employer-allowances-structure")
    context.close()


def test_large_amounts_stay_in_their_card_at_320_px(browser: Browser, base_url: str, artifacts: Path):
    """« 188 862,60 € » in the sums and each payment's « Décompte » link: within the card, nothing scrolling
    sideways, at 320 px (WCAG reflow); 375 and 1280 px look as before."""
    with db_session() as session:
        company = make_company(session)
        employer = make_employer(session, principal_of=(company,))
        make_sick_leave(
            session,
            employee=make_employee(session, company=company),
            contract=make_provident_contract(session, company=company),
            start=date(2025, 1, 6),
            end=None,
            daily=Decimal("6295.42"),
            periods=[(date(2025, 1, 9), date(2025, 2, 7))],
        )
        account_id = employer.id
    page = page_as(browser, base_url, account_id, viewport={"width": 320, "height": 800})
    page.goto(base_url + routes.EMPLOYER_ALLOWANCES)
    expect(_total(page, "gross")).to_have_text(f"188{NBSP}862,60 €")
    expect_reflow(page)
    inside = "el => el.getBoundingClientRect().right <= el.closest('.rt-Grid').getBoundingClientRect().right"
    for key in ("days", "gross", "charges", "net"):  # each amount within the sums, not past the card
        assert _total(page, key).evaluate(inside), key
    page.screenshot(path=artifacts / "employer-allowances-320.png", full_page=True)
    shoot(page, artifacts, "employer-allowances-large")
