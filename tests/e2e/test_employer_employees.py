"""Assurés in Chromium: an employer opens the list, searches without accents, opens a Détail santé, downloads
one attestation and a selection of them (read back with pypdf), switches to En portabilité; the page at
1280 and 375 px; another company's employee in a forged URL answers 404; an employee dispensed from the
santé plan is listed on the prévoyance contract alone, with no Détail santé."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus
from tests.builders import make_employer
from tests.builders.roster import HEALTH_OPTION, make_covered_employee, make_dispensed_employee, make_plans
from tests.e2e.helpers import expect_dialog_titled, page_as, settled

PHONE = {"viewport": {"width": 375, "height": 812}}


def _pdf_pages(page: Page, link, artifacts: Path, name: str) -> list[str]:
    with page.expect_download() as info:
        link.click()
    target = artifacts / name
    info.value.save_as(target)
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(target.read_bytes())).pages]


def _company(tag: str) -> dict[str, object]:
    with db_session() as session:
        plans = make_plans(session, name=f"ATELIERS {tag}")
        other = make_plans(session, name=f"CONCURRENT {tag}")
        helene = make_covered_employee(
            session, plans=plans, last_name=f"LEFÈVRE{tag}", first_name="Hélène", family=True
        )
        marc = make_covered_employee(session, plans=plans, last_name=f"MOREAU{tag}", first_name="Marc")
        make_covered_employee(
            session,
            plans=plans,
            last_name=f"NOUVEAU{tag}",
            first_name="Nina",
            status=AffiliationStatus.PENDING,
        )
        make_covered_employee(
            session,
            plans=plans,
            last_name=f"PARTI{tag}",
            first_name="Paul",
            status=AffiliationStatus.PORTABILITY,
            portability_end_on=date(2099, 3, 31),
        )
        stranger = make_covered_employee(session, plans=other, last_name=f"ETRANGER{tag}")
        boss = make_employer(session, principal_of=(plans.company,))
        return {"helene": helene.id, "marc": marc.id, "stranger": stranger.id, "boss": boss.id}


def test_employer_searches_reads_a_health_detail_and_downloads_attestations(
    browser: Browser, base_url: str, artifacts: Path
):
    tag = uuid.uuid4().hex[:5].upper()
    ids = _company(tag)
    page = page_as(
        browser, base_url, ids["boss"], viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page.goto(base_url + routes.EMPLOYER_EMPLOYEES)
    expect(page.get_by_role("heading", name="Assurés", exact=True)).to_be_visible()
    expect(page.get_by_text("3 assurés")).to_be_visible()  # affiliés and en cours; the portabilité apart
    expect(page.get_by_role("rowheader", name=f"NOUVEAU{tag}")).to_be_visible()
    expect(page.get_by_text(f"ETRANGER{tag}")).to_have_count(0)
    page.screenshot(path=artifacts / "employer-assures-1280.png", full_page=True)

    page.get_by_label("Rechercher un salarié (nom, prénom)").fill(f"helene lefevre{tag.lower()}")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("1 assuré", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader", name=f"MOREAU{tag}")).to_have_count(0)

    detail = page.get_by_role("button", name=f"Détail santé de LEFÈVRE{tag} Hélène")
    detail.focus()  # on the keyboard, Échap gives the focus back to the button (it was left on the body)
    page.keyboard.press("Enter")
    settled(page.get_by_role("dialog"))
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(detail).to_be_focused()
    detail.click()
    dialog = settled(page.get_by_role("dialog"))
    expect(dialog.get_by_text("1 ** ** ** *** 123 **")).to_be_visible()
    expect_dialog_titled(dialog, "Détail santé")
    expect(dialog.get_by_text(HEALTH_OPTION)).to_be_visible()
    expect(dialog.get_by_role("cell", name="Camille")).to_be_visible()
    page.screenshot(path=artifacts / "employer-assures-detail-1280.png", full_page=True)
    (attestation,) = _pdf_pages(
        page,
        dialog.get_by_role("link", name="Télécharger l'attestation d'adhésion"),
        artifacts,
        "attestation.pdf",
    )
    assert f"LEFÈVRE{tag}" in attestation and HEALTH_OPTION in attestation and "Camille" in attestation
    dialog.get_by_role("button", name="Fermer").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(detail).to_be_focused()

    page.get_by_label("Rechercher un salarié (nom, prénom)").fill("")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("3 assurés")).to_be_visible()
    page.get_by_role("checkbox", name=f"Sélectionner MOREAU{tag} Marc").click()
    page.get_by_role("checkbox", name=f"Sélectionner LEFÈVRE{tag} Hélène").click()
    expect(page.get_by_text("2 salarié(e)s sélectionné(e)s")).to_be_visible()
    pages = _pdf_pages(
        page, page.get_by_role("link", name="Télécharger les attestations"), artifacts, "attestations.pdf"
    )
    assert len(pages) == 2 and f"MOREAU{tag}" in pages[0] and f"LEFÈVRE{tag}" in pages[1]

    page.get_by_role("button", name="Statut", exact=True).click()
    expect(page.get_by_role("row").nth(1)).to_contain_text("Affilié(e)")
    page.get_by_role("tab", name="En portabilité").click()
    expect(page.get_by_role("rowheader", name=f"PARTI{tag}")).to_be_visible()
    expect(page.get_by_role("cell", name="31/03/2099")).to_be_visible()
    page.screenshot(path=artifacts / "employer-assures-portabilite-1280.png", full_page=True)

    forged = page.request.get(base_url + routes.API_EMPLOYER_ATTESTATION.url(employee_id=ids["stranger"]))
    assert forged.status == 404
    mixed = routes.API_EMPLOYER_ATTESTATIONS.url({"salaries": f"{ids['marc']},{ids['stranger']}"})
    assert page.request.get(base_url + mixed).status == 404
    own = page.request.get(base_url + routes.API_EMPLOYER_ATTESTATION.url(employee_id=ids["marc"]))
    assert own.status == 200 and own.body().startswith(b"%PDF")


def test_on_a_phone_the_list_is_cards_with_their_actions(browser: Browser, base_url: str, artifacts: Path):
    tag = uuid.uuid4().hex[:5].upper()
    ids = _company(tag)
    page = page_as(browser, base_url, ids["boss"], **PHONE)
    page.goto(base_url + routes.EMPLOYER_EMPLOYEES)
    expect(page.get_by_text(f"LEFÈVRE{tag} Hélène")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)  # the table is hidden below 768 px
    expect(page.get_by_role("button", name=f"Détail santé de MOREAU{tag} Marc")).to_be_visible()
    expect(page.get_by_role("link", name=f"Attestation d'adhésion de MOREAU{tag} Marc")).to_be_visible()
    page.screenshot(path=artifacts / "employer-assures-375.png", full_page=True)
    page.get_by_role("button", name=f"Détail santé de LEFÈVRE{tag} Hélène").click()
    expect(page.get_by_role("dialog").get_by_text("1 ** ** ** *** 123 **")).to_be_visible()
    box = settled(page.get_by_role("dialog")).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375  # within the phone's width
    page.screenshot(path=artifacts / "employer-assures-detail-375.png", full_page=True)


def test_a_dispensed_employee_is_listed_on_the_provident_contract_without_a_health_detail(
    browser: Browser, base_url: str, artifacts: Path
):
    """The dispense withdrew the santé registration the pré-affiliation opened (``dispense_cover``): the
    list said « Santé, Prévoyance » and offered a Détail santé of someone with no santé cover."""
    tag = uuid.uuid4().hex[:5].upper()
    with db_session() as session:
        plans = make_plans(session, name=f"DISPENSES {tag}")
        make_dispensed_employee(session, plans=plans, last_name=f"DISPENSE{tag}", first_name="Inès")
        boss = make_employer(session, principal_of=(plans.company,)).id
    page = page_as(browser, base_url, boss, viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_EMPLOYEES)
    expect(page.get_by_role("rowheader", name=f"DISPENSE{tag}")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=f"DISPENSE{tag}")
    expect(row.get_by_role("cell", name="Prévoyance", exact=True)).to_be_visible()
    expect(row).to_contain_text("Dispensé(e)")
    expect(page.get_by_role("button", name=f"Détail santé de DISPENSE{tag} Inès")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Attestation d'adhésion de DISPENSE{tag} Inès")).to_have_count(1)
    page.screenshot(path=artifacts / "employer-assures-dispense-1280.png", full_page=True)
