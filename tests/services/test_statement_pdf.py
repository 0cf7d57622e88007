"""Décomptes as PDF: opened with pypdf, their text carries names, dates and the same sums as the screen."""

import io

import pytest
from pypdf import PdfReader

from ocso_app.services import reimbursements, statement_pdf
from ocso_app.services.reimbursements import Filters
from tests.builders import make_care_member


def _text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


@pytest.fixture
def family(db):
    return make_care_member(db)


def test_statement_pdf_shows_every_column_and_its_totals(db, family):
    content = statement_pdf.render_statement_pdf(
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
        statement_pdf.render_statement_pdf(
            db, member_id=family.member_id, statement_id=other.statement_ids[0]
        )
        is None
    )


def test_selection_pdf_merges_a_summary_and_each_decompte(db, family):
    julie = reimbursements.parse_filters(
        db, member_id=family.member_id, beneficiary=str(family.beneficiary_ids["EA"])
    )
    content = statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=julie)
    pages = _text(content)
    assert len(pages) == 3  # summary + the two décomptes where JULIE appears
    summary = pages[0]
    assert "JULIE DUBOIS" in summary
    # JULIE's lines: pharmacy 24,26 (SS 15,77, OCSO 8,49, rest 0) and laboratory 10,22 (4,13, 4,09, 2,00)
    for amount in ("34,48 €", "19,90 €", "12,58 €", "2,00 €"):
        assert amount in summary, amount
    assert "16 sept. 2025" in pages[1] and "22 juin 2025" in pages[2]


def test_the_selection_says_its_dates_of_care_as_one_phrase(db, family):
    """« du 01/01/2020, au 31/12/2020 » read as two things; the dates are those of the care."""
    both = reimbursements.parse_filters(db, member_id=family.member_id, start="01/01/2025", end="31/12/2025")
    since = reimbursements.parse_filters(db, member_id=family.member_id, start="01/01/2025")
    until = reimbursements.parse_filters(db, member_id=family.member_id, end="31/12/2025")
    said = [
        reimbursements.describe_filters(db, member_id=family.member_id, filters=f)
        for f in (both, since, until)
    ]
    assert said == [
        "soins du 01/01/2025 au 31/12/2025",
        "soins depuis le 01/01/2025",
        "soins jusqu'au 31/12/2025",
    ]


def test_the_summary_of_everything_shows_the_sums_of_every_line(db, family):
    summary = _text(statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=Filters()))[0]
    for amount in ("101,66 €", "57,90 €", "37,76 €", "6,00 €"):  # spent, SS, OCSO, remaining of the 4 lines
        assert amount in summary, amount


def test_a_selection_embeds_each_font_once_however_many_decomptes_it_holds(db, family):
    """Drawn apart and merged, each décompte carried its own copy of the embedded fonts (≈ 37 KB)."""
    reader = PdfReader(
        io.BytesIO(statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=Filters()))
    )
    assert len(reader.pages) == 4  # the summary and the three décomptes
    font_files = {
        font.get_object()["/FontDescriptor"].get_object().raw_get("/FontFile2").idnum
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert len(font_files) == 2  # DejaVu Sans and DejaVu Sans Bold


def test_too_large_a_selection_is_refused(db, family, monkeypatch):
    monkeypatch.setattr(statement_pdf, "MAX_MERGED_STATEMENTS", 2)
    with pytest.raises(statement_pdf.SelectionTooLarge):
        statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=Filters())


def test_names_and_addresses_are_printed_as_typed_not_read_as_markup(db, family):
    """The practitioner paid comes from the import file and the address from Mes informations: « & » and
    « < » are text. reportlab read them as markup: « A&B » printed « A&B; », « <SUD> » vanished, and an
    address « Bât. A<B » made the whole décompte fail."""
    from ocso_app.models import Member, Statement

    statement = db.get(Statement, family.statement_ids[2])
    statement.payee_name = "CENTRE DENTAIRE A&B <SUD>"
    db.get(Member, family.member_id).address_line = "Bât. A<B & C, 3 rue des Lilas"
    db.flush()
    content = statement_pdf.render_statement_pdf(
        db, member_id=family.member_id, statement_id=family.statement_ids[2]
    )
    assert content is not None
    (page,) = _text(content)
    assert "CENTRE DENTAIRE A&B <SUD>" in page
    assert "Bât. A<B & C, 3 rue des Lilas" in page
    merged = " ".join(
        _text(statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=Filters()))
    )
    assert "CENTRE DENTAIRE A&B <SUD>" in merged
