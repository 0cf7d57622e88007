"""Décomptes as PDF: opened with pypdf, their text carries names, dates and the same sums as the screen."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from ocso_app.services import reimbursements, statement_pdf
from ocso_app.services.reimbursements import Filters
from tests.support.care import make_care_member


def _text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


@pytest.fixture
def family(db):
    return make_care_member(db)


def test_statement_pdf_shows_every_column_and_its_totals(db, family):
    content = statement_pdf.statement_pdf(
        db, member_id=family.member_id, statement_id=family.statement_ids[2]
    )
    assert content.startswith(b"%PDF")
    (page,) = _text(content)
    for expected in (
        "Décompte de prestations",
        "Martin DUBOIS",
        family.member_number,
        "22 juin 2025",
        "DUBOIS Martin",
        "JULIEN DUBOIS",
        "JULIE DUBOIS",
        "16/06/2025",
        "Consultation médecin généraliste",
        "Analyses de biologie médicale",
        "30,00 €",
        "19,00 €",
        "9,00 €",
        "4,09 €",
        "13,09 €",  # OCSO total of the statement = amount paid
        "40,22 €",  # total spent
        "23,13 €",  # total Sécurité sociale
        "Reste à charge",
    ):
        assert expected in page, expected


def test_another_members_statement_gives_no_pdf(db, family):
    other = make_care_member(db, first_name="Michael", last_name="DEMAREST")
    assert (
        statement_pdf.statement_pdf(db, member_id=family.member_id, statement_id=other.statement_ids[0])
        is None
    )


def test_selection_pdf_merges_a_summary_and_each_decompte(db, family):
    julie = reimbursements.parse_filters(
        db, member_id=family.member_id, beneficiary=str(family.beneficiary_ids["EA"])
    )
    content = statement_pdf.selection_pdf(db, member_id=family.member_id, filters=julie)
    pages = _text(content)
    assert len(pages) == 3  # summary + the two décomptes where JULIE appears
    sums = reimbursements.totals(db, member_id=family.member_id, filters=julie).formatted()
    summary = pages[0]
    assert "JULIE DUBOIS" in summary
    for key in ("spent", "social_security", "complementary", "remaining"):
        assert sums[key].replace("\u00a0", " ") in summary
    assert "34,48 €" in summary and "12,58 €" in summary
    assert "16 sept. 2025" in pages[1] and "22 juin 2025" in pages[2]


def test_sums_on_screen_equal_sums_in_pdf_equal_sql(db, family):
    view = reimbursements.reimbursements_view(db, member_id=family.member_id, filters=Filters())
    summary = _text(statement_pdf.selection_pdf(db, member_id=family.member_id, filters=Filters()))[0]
    on_screen = view.totals.formatted()
    assert view.totals.spent == Decimal("101.66")
    for value in on_screen.values():
        assert value.replace("\u00a0", " ") in summary


def test_too_large_a_selection_is_refused(db, family, monkeypatch):
    monkeypatch.setattr(statement_pdf, "MAX_MERGED_STATEMENTS", 2)
    with pytest.raises(statement_pdf.SelectionTooLarge):
        statement_pdf.selection_pdf(db, member_id=family.member_id, filters=Filters())
