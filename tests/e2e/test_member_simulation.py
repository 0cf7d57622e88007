"""Martin DUBOIS in Chromium (issue 15): his forfaits on Accueil, a décompte line whose explanation on the
screen is the one of its PDF (JULIE's optique forfait reached within the line), then a simulation refused
for a bad amount, estimated, kept, sent with the quote to Mes démarches, and found in Mes documents with the
same amounts in its PDF; at 1280 and 375 px, and Accueil at 320 px without scrolling sideways."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Document, Request
from tests.builders import CareMember, add_care_statement, make_care_member, make_pdf
from tests.e2e.helpers import download_pdf_text, expect_reflow, log_in, shoot


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture
def martin() -> CareMember:
    """Martin DUBOIS's family; JULIE used 110 € of her optique forfait in March 2025, then a monture in
    October used the 40 € left."""
    with db_session() as session:
        member = make_care_member(session)
        add_care_statement(
            session,
            member,
            date(2025, 3, 10),
            [("EA", "OPTI", "Verres unifocaux", "2025-03-01 130.00 0.10 60 0.06 110.00 19.94")],
        )
        add_care_statement(
            session,
            member,
            date(2025, 10, 3),
            [("EA", "OPTI", "Monture", "2025-09-28 180.00 0.05 60 0.03 40.00 139.97")],
        )
        return member


def _sent_files(member_id: int) -> list[str]:
    with db_session() as session:
        request = session.scalars(select(Request).where(Request.member_id == member_id)).one()
        return sorted(attachment.original_name for attachment in request.attachments)


def _documents(member_id: int) -> int:
    with db_session() as session:
        return session.scalar(select(func.count(Document.id)).where(Document.member_id == member_id)) or 0


def test_a_line_explained_matches_its_pdf_and_a_kept_simulation_is_found_in_mes_documents(
    page: Page, base_url: str, martin: CareMember, artifacts: Path, tmp_path: Path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base_url, martin.member_number)
    forfaits = page.locator("#forfaits")
    expect(forfaits.get_by_role("heading", name="Mes forfaits de l'année")).to_be_visible()
    expect(forfaits).to_contain_text("Médecines douces · Toute la famille")
    shoot(page, artifacts, "member-accueil-forfaits")
    expect_reflow(page)  # « reste 800,00 € / 800,00 € » went past the card at 320 px
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Voir tous mes remboursements").click()
    expect(page).to_have_url(re.compile(rf".*{routes.MEMBER_REIMBURSEMENTS}$"))
    page.get_by_role("button", name="Détail du décompte du 3 oct. 2025").click()
    explained = page.get_by_test_id("explications")
    expect(explained).to_contain_text("atteint sur cet acte")
    steps = [_flat(step) for step in explained.get_by_role("listitem").all_text_contents()]
    assert "Part OCSO : 40,00 €." in steps
    used = "110,00 € déjà utilisés cette année avant cet acte, il restait 40,00 €"
    assert any(used in step for step in steps)
    shoot(page, artifacts, "member-decompte-explique")
    statement = page.get_by_role("link", name="Télécharger le décompte du 3 oct. 2025")
    pdf = _flat(download_pdf_text(page, statement.click, artifacts, "decompte-explique.pdf"))
    assert "Le détail de chaque ligne" in pdf
    for step in steps:
        assert step in pdf, step

    page.get_by_role("link", name="Simuler un remboursement").first.click()
    expect(page.get_by_role("heading", name="Simulation de remboursement")).to_be_visible()
    expect(page.locator("#forfaits")).to_be_visible()
    expect(page.get_by_role("link", name="Simuler un remboursement")).to_have_count(0)  # already here
    page.get_by_label("Bénéficiaire").select_option(label="JULIE DUBOIS")
    page.get_by_label("Acte du devis").select_option(label="Optique – Monture")
    page.get_by_label("Montant du devis (€)").fill("cent quatre-vingts")
    page.get_by_label("Base de remboursement Sécurité sociale (€)").fill("0,05")
    page.get_by_role("button", name="Estimer mon remboursement").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez le montant du devis en euros")
    kept_before = _documents(martin.member_id)

    page.get_by_label("Montant du devis (€)").fill("180,00")
    page.get_by_role("button", name="Estimer mon remboursement").click()
    expect(page.locator("[data-total=complementary]")).to_have_text("150,00\u00a0€")
    expect(page.locator("[data-total=remaining]")).to_have_text("29,97\u00a0€")
    expect(page.locator("[data-total=social_security]")).to_have_text("0,03\u00a0€")
    assert _documents(martin.member_id) == kept_before  # an estimate writes nothing
    shoot(page, artifacts, "member-simulation")

    page.get_by_role("button", name="Garder dans Mes documents").click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée dans Mes documents")
    assert _documents(martin.member_id) == kept_before + 1

    quote = tmp_path / "devis-opticien.pdf"
    quote.write_bytes(make_pdf("Devis"))
    page.locator("#pieces-devis input[type=file]").set_input_files(str(quote))
    expect(page.get_by_text("devis-opticien.pdf")).to_be_visible()
    page.get_by_role("button", name="Envoyer à OCSO avec mon devis").click()
    expect(page.get_by_role("status")).to_contain_text("« Envoi d'un devis » est envoyée")
    assert _sent_files(martin.member_id) == ["devis-opticien.pdf", "simulation.pdf"]

    page.get_by_role("link", name="Mes documents", exact=True).click()
    expect(page.get_by_role("heading", name="VOS DEVIS ET SIMULATIONS DE REMBOURSEMENT")).to_be_visible()
    kept = page.get_by_role("link", name=re.compile("Simulation de remboursement – Monture"))
    text = _flat(download_pdf_text(page, kept.click, artifacts, "simulation.pdf"))
    for expected in ("JULIE DUBOIS", "Optique – Monture", "180,00 €", "0,03 €", "150,00 €", "29,97 €"):
        assert expected in text, expected
