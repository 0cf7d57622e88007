"""The carte de tiers payant: its PDF (read with pypdf), its DataMatrix content, sending it by e-mail."""

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from ocso_app.models import AuditEvent
from ocso_app.services import pdf_drawing, tiers_payant
from ocso_app.services.errors import OcsoError
from ocso_app.services.pdf_drawing import FONT, FONT_BOLD
from tests.builders import make_care_member
from tests.support.mailbox import body_text

TODAY = date(2025, 10, 1)


@pytest.fixture
def family(db):
    return make_care_member(db)


def test_card_pdf_follows_the_harmonised_layout(db, family):
    content = tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY)
    (page,) = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    for expected in (
        "Période de validité : du 01/01/2025 au 31/12/2025",
        "N° AMC",
        tiers_payant.AMC_NUMBERS["Mutuelle des Deux Rives"],
        "N° adhérent",
        family.member_number,
        "VIAMEDIS",
        "DUBOIS JULIE",
        "EA",
        "27/10/2014",
        "DUBOIS JULIEN",
        "05/05/2018",
        "PHAR",
        "MEDG",
        "LABO",
        "RADL",
        "HOSP",
        "OPTI",
        "DENT",
        "AUDI",
        "forfait 150 €/an",
        "200 % BR",
    ):
        assert expected in page, expected


def test_datamatrix_holds_the_amc_format(db, family):
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert card.datamatrix_value == (
        f"AMC#1#{card.amc_number}#VIA01#{family.member_number}#TP#20250101#20251231"
    )


def test_card_is_sent_to_a_professional_with_the_pdf_and_audited(db, family, mailbox):
    address = tiers_payant.send_card(
        db,
        member_id=family.member_id,
        account_id=family.account_id,
        recipient=" Dr.Martin@Cabinet.FR ",
        today=TODAY,
    )
    assert address == "Dr.Martin@cabinet.fr"
    message = mailbox.wait_for("dr.martin@cabinet.fr")[-1]
    assert "Martin DUBOIS" in body_text(message)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert family.member_number in text
    event = db.scalar(select(AuditEvent).where(AuditEvent.member_id == family.member_id))
    assert event.event_type == tiers_payant.SEND_EVENT and "Dr.Martin@cabinet.fr" in event.action


@pytest.mark.parametrize(
    "address", ["", "pas-une-adresse", "a@b", "x@y.fr\nBcc: z@evil.fr", "a@b.fr, c@d.fr"]
)
def test_a_bad_address_is_refused_and_nothing_is_sent(db, family, address):
    with pytest.raises(tiers_payant.InvalidRecipient) as error:
        tiers_payant.send_card(
            db, member_id=family.member_id, account_id=family.account_id, recipient=address, today=TODAY
        )
    assert error.value.message == tiers_payant.INVALID_EMAIL
    assert db.scalar(select(AuditEvent).where(AuditEvent.member_id == family.member_id)) is None


def test_sending_is_limited_per_hour(db, family, monkeypatch):
    monkeypatch.setattr(tiers_payant, "MAX_SENDS_PER_HOUR", 0)
    with pytest.raises(OcsoError) as error:
        tiers_payant.send_card(
            db, member_id=family.member_id, account_id=family.account_id, recipient="a@b.fr", today=TODAY
        )
    assert error.value.message == tiers_payant.TOO_MANY_SENDS


def test_a_member_whose_rights_open_next_year_gets_a_card_of_that_year(db, family):
    """An employee hired on 4 January, affiliated in December: the card ran « du 04/01/2026 au 31/12/2025 »
    (its start cut to the rights, its end to this year), a period that ends before it starts, in its
    DataMatrix too. It is the card of the year the rights open."""
    from ocso_app.models import Member

    db.get(Member, family.member_id).adhesion_date = date(2026, 1, 4)
    db.flush()
    card = tiers_payant.card_for(db, member_id=family.member_id, today=date(2025, 12, 15))
    assert (card.valid_from, card.valid_to) == (date(2026, 1, 4), date(2026, 12, 31))
    assert card.datamatrix_value.endswith("#TP#20260104#20261231")


def _contract_ends(db, family, day: date) -> None:
    from ocso_app.models import Contract, ContractOption, Member

    option = db.get(ContractOption, db.get(Member, family.member_id).contract_option_id)
    db.get(Contract, option.contract_id).end_date = day
    db.flush()


def test_a_contract_ending_later_this_year_ends_the_card_that_day(db, family):
    _contract_ends(db, family, date(2025, 11, 30))
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert (card.valid_from, card.valid_to) == (date(2025, 1, 1), date(2025, 11, 30))
    assert card.datamatrix_value.endswith("#TP#20250101#20251130")


@pytest.mark.parametrize("ended", [date(2023, 12, 31), date(2025, 6, 30)])
def test_no_card_once_the_contract_has_ended(db, family, ended):
    """A contract ended in a past year gave « du 01/01/2025 au 31/12/2023 », a period that ends before it
    starts, in the DataMatrix a professional reads too; one ended earlier this year, a card of days no
    longer covered. Like a radiation, it is refused in French."""
    _contract_ends(db, family, ended)
    with pytest.raises(tiers_payant.RightsEnded) as refused:
        tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert refused.value.message == tiers_payant.CONTRACT_ENDED.format(day=ended.strftime("%d/%m/%Y"))
    with pytest.raises(tiers_payant.RightsEnded):
        tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY)


def test_a_contract_ending_before_rights_open_gives_no_card(db, family):
    """Rights opening on 4 January next year under a contract ending on 31 December: no day is covered."""
    from ocso_app.models import Member

    db.get(Member, family.member_id).adhesion_date = date(2026, 1, 4)
    _contract_ends(db, family, date(2025, 12, 31))
    with pytest.raises(tiers_payant.RightsEnded) as refused:
        tiers_payant.card_for(db, member_id=family.member_id, today=date(2025, 12, 15))
    assert refused.value.message == tiers_payant.NO_COVERED_DAY


# --- the longest realistic values, printed whole

LONG_FIRST, LONG_LAST = "Marie-Bernadette", "DE LA ROCHEFOUCAULD-MONTMORENCY"
LONG_INSURER = "Union Mutualiste de Prévoyance et de Santé des Professions Libérales d'Aquitaine"  # 80
LONG_RULES = {
    "MEDS": "300 % BR (OPTAM) / 200 % BR hors OPTAM",
    "HOSP": "300 % BR + chambre particulière 80 €/jour",
    "DENT": "125 % BR + forfait implantologie 500 €/an",
    "AUDI": "forfait 400 € par oreille tous les 4 ans",
}


@dataclasses.dataclass(frozen=True)
class Placed:
    text: str
    x: float
    y: float
    right: float


def _placed(pdf: bytes) -> list[Placed]:
    """Each string drawn on the card's page, where it starts (x, baseline y) and ends, in points."""
    drawn: list[Placed] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            name = FONT_BOLD if str(font["/BaseFont"]).endswith("Bold") else FONT
            x, y = cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5]
            drawn.append(
                Placed(text.strip(), x, y, x + stringWidth(text.strip(), name, size * tm[0] * cm[0]))
            )

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return drawn


def _column(drawn: list[Placed], left: float, right: float) -> str:
    """The strings starting between ``left`` and ``right``, top to bottom, spaces left out (a line may end
    on a hyphen or between words)."""
    column = sorted((p for p in drawn if left <= p.x < right), key=lambda p: -p.y)
    return "".join("".join(p.text.split()) for p in column)


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def long_family(db):
    from ocso_app.models import Contract, ContractOption, Guarantee, Member

    family = make_care_member(db, first_name=LONG_FIRST, last_name=LONG_LAST)
    option = db.get(ContractOption, db.get(Member, family.member_id).contract_option_id)
    db.get(Contract, option.contract_id).insurer = LONG_INSURER
    for guarantee in db.scalars(select(Guarantee).where(Guarantee.option_id == option.id)):
        guarantee.rule = LONG_RULES.get(guarantee.care_category, guarantee.rule)
    db.flush()
    return family


def test_the_longest_names_insurer_and_coverages_print_whole_within_the_card(db, long_family):
    """« DE LA ROCHEFOUCAULD-MONTMORE… » three times: the pharmacist could not tell the children apart, nor
    read the insurer, nor « forfait 400 € par oreille tous le… ». Such a value wraps onto a second line."""
    pdf = tiers_payant.render_member_card_pdf(db, member_id=long_family.member_id, today=TODAY)
    drawn = _placed(pdf)
    assert not [p.text for p in drawn if "…" in p.text]
    card_left = tiers_payant.CARD_LEFT
    left = _column(drawn, card_left, card_left + 6 * mm + 1)
    assert _squeezed(f"Assuré principal : {LONG_FIRST} {LONG_LAST}") in left
    assert _squeezed(f"Organisme complémentaire : {LONG_INSURER}") in left
    names = _column(drawn, card_left + 6 * mm - 1, card_left + 6 * mm + 1)
    for first in ("MARIE-BERNADETTE", "JULIE", "JULIEN"):
        assert _squeezed(f"{LONG_LAST} {first}") in names, first
    coverage = _column(drawn, card_left + 118 * mm + 12 * mm - 1, card_left + tiers_payant.CARD_WIDTH)
    for rule in LONG_RULES.values():
        assert _squeezed(rule) in coverage, rule
    card_bottom = A4[1] - 20 * mm - tiers_payant.CARD_HEIGHT
    inside = [p for p in drawn if p.y > card_bottom]
    rank_column = card_left + 6 * mm + 62 * mm
    header = next(p for p in drawn if p.text == "Bénéficiaire")
    assert max(p.right for p in inside if p.x < rank_column and p.y < header.y) < rank_column
    card_right = card_left + tiers_payant.CARD_WIDTH
    assert max(p.right for p in drawn) <= card_right - 2 * mm
    assert min(p.y for p in inside if p.text != "DataMatrix AMC") > card_bottom + 3 * mm


def test_a_crowded_card_is_drawn_smaller_rather_than_past_its_frame_or_over_the_datamatrix(db, long_family):
    """Seven beneficiaries with long names and every domain with a long coverage need more lines than the
    card has at its size: those blocks are drawn smaller, whole, inside the card."""
    card = tiers_payant.card_for(db, member_id=long_family.member_id, today=TODAY)
    people = [
        tiers_payant.CardBeneficiary(f"{LONG_LAST} {first}", "EA", "05/05/2015")
        for first in ("ANNE-SOPHIE", "PIERRE-ALEXANDRE", "CHARLES-HENRI", "MARIE-AMÉLIE")
    ]
    coverage = "300 % BR + forfait 150 €/an par bénéficiaire"
    crowded = dataclasses.replace(
        card,
        beneficiaries=[*card.beneficiaries, *people],
        domains=[dataclasses.replace(d, coverage=coverage) for d in card.domains * 2][:10],
    )
    drawn = _placed(tiers_payant.card_pdf(crowded))
    assert not [p.text for p in drawn if "…" in p.text]
    card_left = tiers_payant.CARD_LEFT
    names = _column(drawn, card_left + 6 * mm - 1, card_left + 6 * mm + 1)
    for person in crowded.beneficiaries:
        assert _squeezed(person.name) in names, person.name
    domains_x = card_left + 118 * mm
    assert (
        _column(drawn, domains_x + 12 * mm - 1, card_left + tiers_payant.CARD_WIDTH).count(
            _squeezed(coverage)
        )
        == 10
    )
    card_bottom = A4[1] - 20 * mm - tiers_payant.CARD_HEIGHT
    code = ECC200DataMatrix(crowded.datamatrix_value, barWidth=0.62 * mm)
    code_top = card_bottom + 5 * mm + code.wrap(500, 500)[1]
    assert min(p.y for p in drawn if p.x >= domains_x and p.y > code_top - 10 * mm) > code_top
    assert min(p.y for p in drawn if p.y > card_bottom and p.x < domains_x) > card_bottom + 3 * mm


def test_a_name_too_long_for_two_lines_even_small_is_cut_where_it_shows(db, long_family):
    """The last resort: a name of 161 letters (80 + 80, the columns' lengths) does not fit two lines of its
    column in the smallest type. It is cut with a « … » a reader sees; the rest of the card is whole."""
    card = tiers_payant.card_for(db, member_id=long_family.member_id, today=TODAY)
    huge = f"{'W' * 80} {'M' * 80}"
    drawn = _placed(
        tiers_payant.card_pdf(
            dataclasses.replace(card, beneficiaries=[tiers_payant.CardBeneficiary(huge, "AS", "14/06/1983")])
        )
    )
    names = [p for p in drawn if p.text.startswith(("WWW", "MMM"))]
    assert len(names) == 2 and names[-1].text.endswith("…")
    assert max(p.right for p in names) < tiers_payant.CARD_LEFT + 6 * mm + 62 * mm
    text = "".join(p.text for p in drawn)
    assert long_family.member_number in text and "14/06/1983" in text


def test_wrapped_lines_keep_every_letter_and_fit_their_width():
    text = f"Organisme complémentaire : {LONG_INSURER} n° 0123456789012345678901234567890123456789"
    width = 40 * mm
    lines = pdf_drawing.wrapped_lines(text, font=FONT, size=8.5, width=width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(stringWidth(line, FONT, 8.5) <= width for line in lines)
    assert pdf_drawing.fitted_lines("court", font=FONT, size=8.5, width=width) == (["court"], 8.5)


def test_a_line_never_ends_inside_an_amount_nor_before_its_unit():
    """« forfait 1 000 € par oreille, 2 000 €/an » printed « … 2 000 » then « €/an » on the next line, and a
    narrower box could end a line between « 2 » and « 000 »: the no-break space of a thousands separator was
    taken for a space, and a unit left alone."""
    text = "forfait 1\u00a0000 € par oreille, 2\u00a0000 €/an, 100 % BR"
    for width in range(18, 80, 2):
        lines = pdf_drawing.wrapped_lines(text, font=FONT, size=8.5, width=width * mm)
        for line in lines:
            assert not line.endswith(("1", "2", "000", "100")), (width, lines)
            assert not line.startswith(("000", "€", "%")), (width, lines)
        assert " ".join(lines).replace("\u00a0", " ") == text.replace("\u00a0", " ")


def test_a_blank_value_draws_an_empty_place_not_an_error(db, family):
    """A blank operator (or coverage) is drawn as nothing, as before values wrapped: wrapping it gave no line
    at all, and the card failed with « Une erreur inattendue »."""
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    blank = dataclasses.replace(
        card, operator="", domains=[dataclasses.replace(d, coverage=" ") for d in card.domains]
    )
    text = PdfReader(io.BytesIO(tiers_payant.card_pdf(blank))).pages[0].extract_text()
    assert "Opérateur de tiers payant" in text and family.member_number in text
    assert pdf_drawing.wrapped_lines("  ", font=FONT, size=8, width=40 * mm) == [""]


# --- the rights note the card page shows (« … jusqu'au … »), printed under the card


def _leaves(db, family, left_on: date, reason: str) -> None:
    """``family``'s member, employed by a company, leaves it on ``left_on`` (``reason``: a radiation
    motif)."""
    from ocso_app.models import Member
    from ocso_app.services import audit
    from ocso_app.services.employee_status import StatusAuthor
    from ocso_app.services.radiation import radiate
    from tests.builders import make_company, make_employee

    company = make_company(db)
    member = db.get(Member, family.member_id)
    employee = make_employee(db, company=company, member_id=member.id, hired_on=date(2024, 1, 8))
    radiate(
        db,
        employee,
        left_on=left_on,
        reason=reason,
        by=StatusAuthor(None, "Claire RH (RH)"),
        actor=audit.Actor(account_id=None, company_id=company.id),
        today=TODAY,
    )
    db.flush()


def _page_text(pdf: bytes) -> str:
    (page,) = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    return page


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        # a licenciement opens a portabilité: the card runs to its end, past the year's
        (
            "licenciement",
            "Votre contrat de travail a pris fin le 30/09/2025 : vos garanties sont maintenues au titre de "
            "la portabilité jusqu'au 30/09/2026.",
        ),
        # a démission gives none: the rights end on the last day worked
        (
            "demission",
            "Vos droits prennent fin le 31/10/2025 : votre carte n'est valable que jusqu'à cette date.",
        ),
    ],
)
def test_the_pdf_prints_the_rights_note_the_card_page_shows(db, family, mailbox, reason, expected):
    """A pharmacist reading the PDF of a former employee in portabilité could not see until when, nor why,
    the rights run: the card page said it (``Card.rights_note``, in its banner), the PDF did not. The PDF
    prints that same note, whole, under the card."""
    _leaves(db, family, date(2025, 9, 30) if reason == "licenciement" else date(2025, 10, 31), reason)
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert card.rights_note == expected  # what CardState.load hands the page's banner
    text = _page_text(tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY))
    assert _squeezed(expected) in _squeezed(text)
    drawn = _placed(tiers_payant.card_pdf(card))
    assert not [p.text for p in drawn if "…" in p.text]
    card_bottom = A4[1] - 20 * mm - tiers_payant.CARD_HEIGHT
    note = [p for p in drawn if p.y < card_bottom and _squeezed(p.text) in _squeezed(expected)]
    assert _squeezed("".join(p.text for p in note)) == _squeezed(expected)
    assert max(p.right for p in note) <= tiers_payant.CARD_LEFT + tiers_payant.CARD_WIDTH
    footer = next(p for p in drawn if p.text.startswith("Présentez cette carte"))
    assert min(p.y for p in note) > footer.y  # the note first, then what to do with the card


def test_a_card_without_a_note_prints_none_and_is_drawn_as_before(db, family):
    """No radiation, no note on the page: none on the PDF, and every string where it was; a note only adds
    its lines under the card and moves the two footer lines down, the card itself untouched."""
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert card.rights_note == ""
    plain = _placed(tiers_payant.card_pdf(card))
    text = _page_text(tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY))
    assert "droits" not in text and "portabilité" not in text
    top = A4[1] - 20 * mm
    footer = [(p.text, round(p.x, 2), round(p.y, 2)) for p in plain if p.y < top - tiers_payant.CARD_HEIGHT]
    assert footer == [
        (
            "Présentez cette carte avec votre carte Vitale : vous n'avancez pas la part prise en charge par "
            "votre contrat.",
            round(tiers_payant.CARD_LEFT, 2),
            round(top - tiers_payant.CARD_HEIGHT - 8 * mm, 2),
        ),
        (
            "OCSO – support@ocso.fr – 05 56 34 36 66",
            round(tiers_payant.CARD_LEFT, 2),
            round(top - tiers_payant.CARD_HEIGHT - 13 * mm, 2),
        ),
    ]
    noted = _placed(tiers_payant.card_pdf(dataclasses.replace(card, rights_note="Vos droits prennent fin.")))
    inside = [p for p in plain if p.y > top - tiers_payant.CARD_HEIGHT]
    assert [p for p in noted if p.y > top - tiers_payant.CARD_HEIGHT] == inside
    assert [p.text for p in noted if p.y < top - tiers_payant.CARD_HEIGHT] == [
        "Vos droits prennent fin.",
        *(text for text, _, _ in footer),
    ]
