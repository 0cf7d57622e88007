"""Martin DUBOIS in Chromium: Accueil, Mes remboursements (filters, both pies, a décompte expanded and
downloaded), the carte de tiers payant downloaded and e-mailed to a professional; at 1280 and 375 px."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.pages.member.reimbursements import SELECTION_NOTE
from tests.builders import CareMember, make_care_member
from tests.e2e.helpers import console_errors, download_pdf_text, log_in, shoot
from tests.support.mailbox import Mailbox


@pytest.fixture
def martin() -> CareMember:
    """Martin DUBOIS with JULIE and JULIEN and three known décomptes, in the live portal's database."""
    with db_session() as session:
        return make_care_member(session)


def _goto(page: Page, url: str) -> None:
    """Open ``url``; other test runs rebuild the shared ``.web`` folder, so a page may briefly be missing."""
    for _ in range(30):
        response = page.goto(url)
        if response is not None and response.status != 404:
            return
        page.wait_for_timeout(2000)
    raise AssertionError(f"{url} stayed missing")


def _legend(page: Page, chart_id: str) -> list[str]:
    return sorted(page.locator(f"#{chart_id} .legende-libelle").all_text_contents())


def _expect_legend(page: Page, chart_id: str, labels: list[str]) -> None:
    expect(page.locator(f"#{chart_id} .legende-libelle")).to_have_count(len(labels))
    assert _legend(page, chart_id) == sorted(labels)


def test_martin_follows_his_reimbursements_and_shares_his_card(
    page: Page, base_url: str, martin: CareMember, mailbox: Mailbox, artifacts: Path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    errors = console_errors(page)  # e.g. an attribute the pies' SVG refuses
    log_in(page, base_url, martin.member_number)
    expect(page.get_by_role("heading", name="Mes Remboursements")).to_be_visible()
    expect(page.get_by_text("16,18 €")).to_be_visible()
    expect(page.get_by_text("16 SEPT.", exact=True)).to_be_visible()
    shoot(page, artifacts, "member-accueil")

    card = page.get_by_role("link", name="Télécharger carte de tiers payant")
    card_text = download_pdf_text(page, card.click, artifacts, "carte.pdf")
    assert martin.member_number in card_text and "VIAMEDIS" in card_text and "DUBOIS JULIE" in card_text

    page.get_by_role("link", name="Voir tous mes remboursements").click()
    expect(page).to_have_url(re.compile(rf".*{routes.MEMBER_REIMBURSEMENTS}$"))
    expect(page.get_by_role("heading", name="Répartition par bénéficiaire (%)")).to_be_visible()
    _expect_legend(page, "pie-beneficiaires", ["JULIE DUBOIS", "JULIEN DUBOIS", "MARTIN DUBOIS"])
    expect(page.locator("[data-total=spent]")).to_have_text("101,66 €")
    shoot(page, artifacts, "member-remboursements-tout")

    # The dates are those of the care, which the totals count; the list's are those of the payments, each
    # the whole décompte: the page says so, as the selection's PDF does.
    expect(page.get_by_label("Soins du")).to_be_visible()
    expect(page.get_by_text(SELECTION_NOTE)).to_be_visible()
    page.get_by_label("Bénéficiaire", exact=True).select_option(label="JULIE DUBOIS")
    page.get_by_role("button", name="Rechercher").click()
    _expect_legend(page, "pie-beneficiaires", ["JULIE DUBOIS"])
    _expect_legend(page, "pie-types", ["Analyses et laboratoire", "Pharmacie"])
    expect(page.locator("[data-total=spent]")).to_have_text("34,48 €")

    page.get_by_label("Nature de l'acte").select_option(label="Pharmacie")
    page.get_by_role("button", name="Rechercher").click()
    _expect_legend(page, "pie-types", ["Pharmacie"])
    expect(page.locator("[data-total=complementary]")).to_have_text("8,49 €")

    page.get_by_role("button", name="Détail du décompte du 16 sept. 2025").click()
    expect(page.get_by_role("cell", name="Pharmacie remboursée à 65 %")).to_be_visible()
    expect(page.get_by_role("cell", name="15,77 €")).to_be_visible()
    shoot(page, artifacts, "member-remboursements")

    statement = page.get_by_role("link", name="Télécharger le décompte du 16 sept. 2025")
    statement_text = download_pdf_text(page, statement.click, artifacts, "decompte.pdf")
    assert "Décompte de prestations" in statement_text and "8,49 €" in statement_text
    assert "JULIE DUBOIS" in statement_text and "16 sept. 2025" in statement_text

    selection = page.get_by_role("link", name="Télécharger les décomptes de la sélection")
    selection_text = download_pdf_text(page, selection.click, artifacts, "selection.pdf")
    assert "34,48 €" not in selection_text and "24,26 €" in selection_text and "8,49 €" in selection_text
    # a selection without care: nothing to download
    page.get_by_label("Soins du").fill("01/01/2020")
    page.get_by_label("Au", exact=True).fill("31/12/2020")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Aucun remboursement pour cette sélection.")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger les décomptes de la sélection")).to_have_count(0)

    _goto(page, base_url + routes.MEMBER_CARD)
    # The page's load event runs after hydration: wait for it, or it would clear the answer to a fast click.
    expect(page.get_by_text(martin.member_number).first).to_be_visible()
    professional = "dr.dupont@cabinet-test.fr"
    page.get_by_label("Adresse e-mail du professionnel de santé").fill(
        "dr.dupont@cabinet"
    )  # the browser accepts it, the server does not
    page.get_by_role("button", name="Envoyer ma carte").click()
    expect(page.get_by_role("alert")).to_contain_text("n'est pas valide")
    page.get_by_label("Adresse e-mail du professionnel de santé").fill(professional)
    page.get_by_role("button", name="Envoyer ma carte").click()
    expect(page.get_by_text(f"envoyée à {professional}")).to_be_visible()
    message = mailbox.wait_for(professional)[-1]
    (attachment,) = list(message.iter_attachments())
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert martin.member_number in text
    shoot(page, artifacts, "member-carte")

    _goto(page, base_url + routes.MEMBER_INFORMATION)
    expect(page.get_by_text("FRXX XXXX XXXX XXXX XXXX 4151 617")).to_be_visible()
    expect(page.get_by_role("cell", name="JULIEN", exact=True)).to_be_visible()
    shoot(page, artifacts, "member-informations")
    assert errors == []


def test_another_members_statement_url_is_refused_in_the_browser(
    page: Page, base_url: str, martin: CareMember
):
    with db_session() as session:
        other = make_care_member(session, first_name="Michael", last_name="DEMAREST")
    log_in(page, base_url, martin.member_number)
    expect(page.get_by_role("heading", name="Mes Remboursements")).to_be_visible()
    response = page.request.get(f"{base_url}/api/assure/decomptes/{other.statement_ids[0]}.pdf")
    assert response.status == 404
    own = page.request.get(f"{base_url}/api/assure/decomptes/{martin.statement_ids[0]}.pdf")
    assert own.status == 200 and own.body().startswith(b"%PDF")


def test_after_reloading_accueil_mes_remboursements_opens_with_his_data(
    page: Page, base_url: str, martin: CareMember, artifacts: Path
):
    """A reload of Accueil leaves Mes remboursements out (``page_view``); the click that opens it again
    brings its table, pies and totals, not the empty page the browser held."""
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base_url, martin.member_number)
    _goto(page, base_url + routes.MEMBER_REIMBURSEMENTS)
    expect(page.locator("[data-total=spent]")).to_have_text("101,66 €")
    page.reload()
    _goto(page, base_url + routes.MEMBER_HOME)
    expect(page.get_by_text("16,18 €")).to_be_visible()
    page.get_by_role("link", name="Voir tous mes remboursements").click()
    expect(page).to_have_url(re.compile(rf".*{routes.MEMBER_REIMBURSEMENTS}$"))
    expect(page.locator("[data-total=spent]")).to_have_text("101,66 €")
    _expect_legend(page, "pie-beneficiaires", ["JULIE DUBOIS", "JULIEN DUBOIS", "MARTIN DUBOIS"])
    expect(page.get_by_role("button", name="Détail du décompte du 16 sept. 2025")).to_be_visible()
    shoot(page, artifacts, "member-remboursements-apres-rechargement")
