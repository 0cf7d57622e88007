"""Every PDF that prints a person's or a company's name prints it as typed, whatever its alphabet's
accents: « Nguyễn Thị Hương » and « Łukasz Wiśniewski » read back with pypdf letter for letter, and every
font of every page is the embedded DejaVu Sans (reportlab's built-in Helvetica, Windows-1252 only, printed
black squares or wrong letters for « ễ », « ị », « ư », « Ł », « ś »)."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ocso_app.models import AffiliationStatus
from ocso_app.seed.writers.documents import PdfTable, draw_pdf
from ocso_app.services import (
    allowance_pdf,
    attestation_pdf,
    audit,
    dispense_requests,
    dispenses,
    letters,
    member_access,
    membership_form,
    security_codes,
    sepa_mandate,
    simulation,
    statement_pdf,
    tiers_payant,
    uploads,
)
from ocso_app.services.affiliation_letter import affiliation_letter
from ocso_app.services.care_catalog import CARE_ACTS
from ocso_app.services.pdf_drawing import FONT, FONT_BOLD
from tests.builders import make_care_member, make_company, make_employee, make_member, make_member_account
from tests.builders.contracts import make_contract
from tests.builders.roster import make_covered_employee, make_plans
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave

VIETNAMESE = "Nguyễn Thị Hương"
POLISH = "Łukasz Wiśniewski"
NOW = datetime(2026, 3, 2, 9, 30)
TODAY = date(2026, 3, 2)
ACTOR = audit.Actor(account_id=None)

Drawn = tuple[bytes, list[str]]


def _statement(db) -> Drawn:
    family = make_care_member(db, first_name="Łukasz", last_name="WIŚNIEWSKI")
    pdf = statement_pdf.render_statement_pdf(
        db, member_id=family.member_id, statement_id=family.statement_ids[0]
    )
    assert pdf is not None
    return pdf, ["Łukasz WIŚNIEWSKI"]


def _selection(db) -> Drawn:
    family = make_care_member(db, first_name="Łukasz", last_name="WIŚNIEWSKI")
    pdf = statement_pdf.render_selection_pdf(db, member_id=family.member_id, filters=statement_pdf.Filters())
    return pdf, ["Łukasz WIŚNIEWSKI"]


def _tiers_payant_card(db) -> Drawn:
    family = make_care_member(db, first_name="Thị Hương", last_name="NGUYỄN")
    pdf = tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=date(2025, 10, 1))
    return pdf, ["NGUYỄN THỊ HƯƠNG"]


def _simulation(db) -> Drawn:
    family = make_care_member(db, first_name="Łukasz", last_name="WIŚNIEWSKI")
    monture = str(next(i for i, act in enumerate(CARE_ACTS) if act.label == "Monture"))
    form = {
        "beneficiaire": str(family.beneficiary_ids["AS"]),
        "acte": monture,
        "montant": "180,00",
        "base": "0,05",
    }
    result = simulation.simulate(db, member_id=family.member_id, form=form, today=date(2025, 12, 1))
    pdf = simulation.render_simulation_pdf(result, member_name=VIETNAMESE, member_number="123456")
    return pdf, [VIETNAMESE]


def _attestation(db) -> Drawn:
    plans = make_plans(db, name=VIETNAMESE)
    employee = make_covered_employee(
        db, plans=plans, first_name="Łukasz", last_name="Wiśniewski", family=True
    )
    pdf = attestation_pdf.attestations_pdf(
        db, actor=ACTOR, structure_ids=[plans.company.id], employee_ids=[employee.id], today=TODAY
    )
    assert pdf is not None
    return pdf, [VIETNAMESE, "Łukasz", "WIŚNIEWSKI"]


def _allowance(db) -> Drawn:
    company = make_company(db, name=VIETNAMESE)
    employee = make_employee(db, company=company, first_name="Łukasz", last_name="Wiśniewski")
    _leave, (payment,) = make_sick_leave(
        db,
        employee=employee,
        contract=make_provident_contract(db, company=company),
        start=date(2025, 1, 6),
        end=None,
        daily=Decimal("48.62"),
        periods=[(date(2025, 1, 9), date(2025, 2, 7))],
    )
    pdf = allowance_pdf.allowance_pdf(db, actor=ACTOR, structure_ids=[company.id], allowance_id=payment.id)
    assert pdf is not None
    return pdf, [VIETNAMESE, "WIŚNIEWSKI Łukasz"]


def _membership_form(db) -> Drawn:
    company = make_company(db, name=VIETNAMESE)
    contract = make_contract(db, company=company)
    choice = membership_form.parse_choice(contract=str(contract.id), options="", payroll="oui")
    assert choice is not None
    pdf = membership_form.membership_form_pdf(
        db, actor=ACTOR, structure_ids=(company.id,), choice=choice, today=TODAY
    )
    assert pdf is not None
    return pdf, [VIETNAMESE]


def _sworn_statement(db) -> Drawn:
    pdf = dispense_requests.sworn_statement_pdf(
        name=POLISH,
        company=VIETNAMESE,
        case=next(iter(dispenses.CASES.values())),
        signed_at=NOW,
        ip="192.0.2.1",
    )
    return pdf, [POLISH, VIETNAMESE]


def _sepa_mandate(db) -> Drawn:
    pdf = sepa_mandate.mandate_pdf(
        reference="RUM-123456-TEST",
        holder=POLISH,
        address="3 ulica Świętokrzyska, 33000 BORDEAUX",
        account=sepa_mandate.BankAccount("FR7630006000011234567890189", "AGRIFRPP123"),
        signed_at=NOW,
    )
    return pdf, [POLISH, "Świętokrzyska"]


def _security_code_letter(db) -> Drawn:
    company = make_company(db, name=VIETNAMESE)
    letter = security_codes.new_code_letter(db, company_id=company.id, actor=ACTOR, now=NOW)
    assert letter is not None
    return letter.pdf, [VIETNAMESE]


def _password_letter(db) -> Drawn:
    member = make_member(db, first_name="Thị Hương", last_name="Nguyễn")
    make_member_account(db, member=member)
    letter = member_access.new_password_letter(db, member_id=member.id, actor=ACTOR, now=NOW)
    assert letter is not None
    return letter.pdf, ["Thị Hương NGUYỄN"]


def _account_opened_letter(db) -> Drawn:
    member = make_member(db, first_name="Łukasz", last_name="Wiśniewski")
    letter = letters.queue_account_opened_letter(db, member=member, email="lukasz@example.org", opened_at=NOW)
    return uploads.read_stored(letter.storage_key), ["Łukasz WIŚNIEWSKI"]


def _affiliation_letter(db) -> Drawn:
    company = make_company(db, name=VIETNAMESE)
    employee = make_employee(
        db, company=company, status=AffiliationStatus.PENDING, first_name="Łukasz", last_name="Wiśniewski"
    )
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "Brest"
    letter = affiliation_letter(db, structure_ids=[company.id], employee_id=employee.id, actor=ACTOR, now=NOW)
    assert letter is not None
    return letter.pdf, [VIETNAMESE, "Łukasz WIŚNIEWSKI"]


PDFS: dict[str, Callable[..., Drawn]] = {
    "décompte": _statement,
    "relevé de décomptes": _selection,
    "carte de tiers payant": _tiers_payant_card,
    "simulation": _simulation,
    "attestation d'adhésion": _attestation,
    "décompte d'indemnités journalières": _allowance,
    "bulletin individuel d'adhésion": _membership_form,
    "attestation sur l'honneur": _sworn_statement,
    "mandat SEPA": _sepa_mandate,
    "courrier du code de sécurité": _security_code_letter,
    "courrier du mot de passe provisoire": _password_letter,
    "courrier d'ouverture de compte": _account_opened_letter,
    "courrier d'affiliation": _affiliation_letter,
}


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("draw", PDFS.values(), ids=PDFS.keys())
def test_names_print_as_typed_in_any_latin_alphabet(db, draw):
    pdf, names = draw(db)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for name in names:
        assert name in text, name
    assert _fonts(reader) <= {"DejaVuSans", "DejaVuSans-Bold"}


@dataclasses.dataclass(frozen=True)
class DrawnString:
    text: str
    left: float
    right: float


def _strings(pdf: bytes, page: int = 0) -> list[DrawnString]:
    """Each string drawn on ``page``, with where it starts and ends (points from the page's left edge)."""
    drawn: list[DrawnString] = []

    def visit(text, cm, tm, font, size):
        text = text.strip()
        if text and font is not None:
            name = FONT_BOLD if str(font["/BaseFont"]).endswith("Bold") else FONT
            left = cm[0] * tm[4] + cm[4]
            drawn.append(DrawnString(text, left, left + stringWidth(text, name, size * tm[0] * cm[0])))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return drawn


def _rightmost(drawn: list[DrawnString]) -> DrawnString:
    return max(drawn, key=lambda string: string.right)


LONG_NAME = "Marie-Christine Ngọc Ánh WIŚNIEWSKA-KOWALCZYK DE LA ROCHEFOUCAULD"


def test_a_long_name_street_or_e_mail_stays_on_the_account_opened_letter(db):
    """The letter is drawn line by line on a canvas: its lines ran past the page (DejaVu Sans is wider
    than Helvetica, and a name, a street or an e-mail domain has any length)."""
    member = make_member(db, first_name="Marie-Christine Ngọc Ánh", last_name="Wiśniewska-Kowalczyk")
    member.address_line = "Résidence « Les Jardins de l'Hippodrome », bâtiment C, 1204 avenue du Maréchal"
    letter = letters.queue_account_opened_letter(
        db, member=member, email="marie-christine@mutuelle-des-travailleurs-independants.example.org"
    )
    drawn = _strings(uploads.read_stored(letter.storage_key))
    assert _rightmost(drawn).right <= A4[0] - 15 * mm, _rightmost(drawn)
    text = " ".join(string.text for string in drawn)
    assert "WIŚNIEWSKA-KOWALCZYK" in text and "@mutuelle-des-travailleurs-independants.example.org" in text


def test_a_long_name_or_insurer_stays_inside_the_card_and_its_column(db):
    family = make_care_member(db)
    card = tiers_payant.card_for(db, member_id=family.member_id, today=date(2025, 10, 1))
    long_card = dataclasses.replace(
        card,
        holder=LONG_NAME,
        insurer="Mutuelle Générale de l'Éducation Nationale et des Travailleurs Indépendants d'Aquitaine",
        beneficiaries=[dataclasses.replace(person, name=LONG_NAME) for person in card.beneficiaries],
        domains=[
            dataclasses.replace(domain, coverage="100 % BR + forfait 150 €/an") for domain in card.domains
        ],
    )
    drawn = _strings(tiers_payant.card_pdf(long_card))
    frame = tiers_payant.CARD_LEFT + tiers_payant.CARD_WIDTH
    assert _rightmost(drawn).right <= frame - 2 * mm, _rightmost(drawn)
    names = [string for string in drawn if string.text.startswith("Marie-Christine")]
    assert len(names) == len(card.beneficiaries)
    assert not [string for string in drawn if "…" in string.text]  # wrapped whole, not cut
    rank_column = tiers_payant.CARD_LEFT + 6 * mm + 62 * mm
    assert _rightmost(names).right < rank_column


def test_a_lists_column_titles_stay_within_their_columns(db):
    """« Date d'adhésion », « Organisme assureur » (attestation), « Date des soins » (décompte) were one line
    wider than their column in DejaVu Sans, over the next title or past the page's margin: the navy
    header row of pdf_drawing.grid_table wraps each title within its column."""
    pdf, _ = _attestation(db)
    drawn = _strings(pdf)
    assert _rightmost(drawn).right <= A4[0] - 12 * mm, _rightmost(drawn)
    titles = [string for string in drawn if string.text in {"Date de", "naissance", "Rang"}]
    born, rank = max(t.right for t in titles if t.text != "Rang"), next(t for t in titles if t.text == "Rang")
    assert born < rank.left


def test_the_bia_options_titles_and_family_situations_stay_in_their_boxes(db):
    """« Cotisation mensuelle » ran over « Formule » and « Veuf(ve) » broke into « Veuf(v » / « e) »."""
    pdf, _ = _membership_form(db)
    drawn = _strings(pdf)
    contribution = next(string for string in drawn if string.text == "Cotisation mensuelle")
    margin = 15 * mm
    assert contribution.left >= margin + sum(membership_form.OPTION_WIDTHS[:2])
    assert any(string.text == "Veuf(ve)" for string in drawn)


def test_the_sepa_mandates_labels_stay_in_their_column(db):
    """« Référence unique du mandat (RUM) » ran into its value."""
    pdf, _ = _sepa_mandate(db)
    drawn = _strings(pdf)
    label = next(string for string in drawn if string.text == "Référence unique du mandat (RUM)")
    value = next(string for string in drawn if string.text == "RUM-123456-TEST")
    assert label.right < value.left


def test_a_long_dispense_case_wraps_within_the_sworn_statement(db):
    """« Salarié(e) en CDD ou contrat de mission d'au moins 12 mois, déjà couvert(e) par un contrat
    individuel » ran off the page the employer keeps for the URSSAF (a facts_table value is a string)."""
    case = max(dispenses.CASES.values(), key=lambda case: len(case.label))
    pdf = dispense_requests.sworn_statement_pdf(
        name=POLISH, company=VIETNAMESE, case=case, signed_at=NOW, ip="192.0.2.1"
    )
    drawn = _strings(pdf)
    assert _rightmost(drawn).right <= A4[0] - 12 * mm, _rightmost(drawn)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(case.label) == 2  # in the sentence and in the table


def test_a_value_too_wide_for_its_column_of_a_list_wraps_within_it():
    """The appel de cotisations' « Frais de santé – Ensemble du personnel » ran over the headcount."""
    rows = [
        ("BDX-2026-T1-000123", "Frais de santé – Ensemble du personnel", "42", "15/04/2026", "12 345,67 €"),
        ("Total du trimestre", "", "", "", "12 345,67 €"),
    ]
    table = PdfTable(
        ("Référence", "Contrat", "Effectif", "Échéance", "Montant dû"), rows, (38, 40, 22, 32, 42)
    )
    drawn = _strings(draw_pdf(title="Appel de cotisations", subtitle=[VIETNAMESE], blocks=[table]))
    contract = [string for string in drawn if string.text.startswith(("Frais", "Ensemble"))]
    headcount = next(string for string in drawn if string.text == "42")
    assert max(string.right for string in contract) < headcount.left
    assert " ".join(string.text for string in contract) == "Frais de santé – Ensemble du personnel"
