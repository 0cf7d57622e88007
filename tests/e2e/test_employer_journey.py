"""An HR manager's visit to the Espace Employeur of the demo's 3,000-employee company, in Chromium: log in
with the e-mailed code, switch structure, open every page from the menu, download an attestation, an IJ
décompte and a BIA, send a démarche with a file and find it in the history; screenshots at 1280 and 375 px
of every page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Company, EmployerProfile
from ocso_app.seed.data.personas import COMPANIES
from ocso_app.services.formats import format_count
from tests.builders import make_employer, make_pdf
from tests.e2e.helpers import download_pdf_text, log_in_employer, open_section, settled, shoot

PAGES = (
    ("Entreprise", "entreprise"),
    ("Assurés", "assures"),
    ("Indemnités journalières", "indemnites"),
    ("Documents", "documents"),
    ("Démarches", "demarches"),
    ("Administration des structures", "administration"),
)


def _counter(page: Page, label: str) -> int:
    text = page.get_by_role("link").filter(has_text=label).first.inner_text()
    return int(re.sub(r"\D", "", text.split("\n")[0]))


def _open(page: Page, label: str) -> None:
    """The menu entry ``label`` (Documents may carry its counter of new documents)."""
    page.get_by_role("navigation").get_by_role(
        "link", name=re.compile(rf"^{re.escape(label)}( |$)")
    ).first.click()
    expect(page.get_by_role("heading", name=label, level=1)).to_be_visible()


def test_an_hr_manager_goes_through_every_page_of_the_demo_company(
    page: Page, base_url: str, mailbox, artifacts: Path, tmp_path: Path
):
    head, branch = (c for c in COMPANIES if c.key in ("littoral", "bayonne"))
    with db_session() as session:
        structures = {
            c.client_number: c
            for c in session.scalars(
                select(Company).where(Company.client_number.in_((head.client_number, branch.client_number)))
            )
        }
        hr = make_employer(
            session,
            grants={
                structures[head.client_number]: EmployerProfile.ADMIN,
                structures[branch.client_number]: EmployerProfile.ADMIN,
            },
        )
        email = hr.email

    log_in_employer(page, base_url, email, mailbox)
    everywhere = _counter(page, "Assurés actifs")
    assert everywhere > 1000  # the demo company's staff
    shoot(page, artifacts, "journey-accueil")
    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name=branch.name).click()
    active = page.get_by_role("link").filter(has_text="Assurés actifs").first
    expect(active).not_to_contain_text(format_count(everywhere))
    assert 0 < _counter(page, "Assurés actifs") < everywhere
    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name="Toutes mes structures").click()

    # the demo's latest bordereau letter and courriers are new: counted on the Documents entry
    expect(
        page.get_by_role("navigation").get_by_label(re.compile(r"^\d+ nouveaux? documents?$"))
    ).to_be_visible()
    for label, slug in PAGES:
        _open(page, label)
        shoot(page, artifacts, f"journey-{slug}")

    _open(page, "Assurés")
    page.get_by_role("button", name=re.compile("^Détail santé d(e |')")).first.click()
    dialog = settled(page.get_by_role("dialog"))
    attestation = dialog.get_by_role("link", name="Télécharger l'attestation d'adhésion")
    text = download_pdf_text(page, attestation.click, artifacts, "journey-attestation.pdf")
    assert head.name in text or branch.name in text
    dialog.get_by_role("button", name="Fermer").click()

    _open(page, "Indemnités journalières")
    decompte = page.get_by_role("link", name=re.compile("^Télécharger le décompte n° ")).first
    text = download_pdf_text(page, decompte.click, artifacts, "journey-ij.pdf")
    assert "€" in text and ("BOULANGERIES DU LITTORAL" in text)

    _open(page, "Documents")
    main = page.locator("main")
    main.get_by_label("Contrat", exact=True).select_option(index=1)
    # the contract's options then appear above the payroll question: a click on « Oui » sent before they did
    # landed where the options were drawn (« Clicking the checkbox did not change its state », once in CI)
    expect(main.get_by_text("Options à proposer")).to_be_visible()
    main.get_by_label("Oui, précompte employeur").check()
    headcount = main.get_by_label("Nombre de salariés inscrits sur le contrat")
    if headcount.count():
        headcount.fill("40")
    submit = main.get_by_role("button", name="Composer et télécharger le BIA")
    text = download_pdf_text(page, submit.click, artifacts, "journey-bia.pdf")
    assert "BULLETIN INDIVIDUEL D'ADHÉSION" in text.upper() and head.client_number in text

    _open(page, "Démarches")
    open_section(page, "POSER UNE QUESTION")
    form = page.locator("form").filter(has=page.get_by_label("Votre question"))
    structure = form.get_by_label("Structure concernée")
    if structure.count():
        structure.select_option(index=1)
    form.get_by_label("Sujet").select_option(index=1)
    form.get_by_label("Votre question").fill("Quand recevrons-nous l'appel de cotisations du trimestre ?")
    attached = tmp_path / "question-jointe.pdf"
    attached.write_bytes(make_pdf("Pièce jointe"))
    form.locator("input[type=file]").set_input_files(str(attached))
    expect(page.get_by_text("question-jointe.pdf").first).to_be_visible()
    form.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("est envoyée").first).to_be_visible(timeout=15_000)  # the files step
    expect(page.get_by_role("link", name="question-jointe.pdf").first).to_be_visible()
    shoot(page, artifacts, "journey-demarche-envoyee")
