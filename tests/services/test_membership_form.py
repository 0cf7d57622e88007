"""The BIA composer: the choices parsed strictly, the contract looked up within the scope, and the PDF read
back with pypdf (company, contract, options and their split, précompte, questionnaire iff prévoyance < 6)."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AuditEvent, ContractKind, ContractOption
from ocso_app.services import audit, membership_form
from ocso_app.services.membership_form import InvalidChoice
from tests.builders import make_company
from tests.builders.contracts import make_contract

TODAY = date(2025, 10, 15)


def _pages(pdf: bytes | None) -> list[str]:
    assert pdf is not None
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes | None) -> str:
    return "\n".join(_pages(pdf))


def _option_ids(db, contract) -> list[int]:
    query = (
        select(ContractOption.id).where(ContractOption.contract_id == contract.id).order_by(ContractOption.id)
    )
    return list(db.scalars(query))


def _audit(db, company_id: int) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company_id)))


def _pdf(
    db, company, contract, *, options: str = "", payroll: str = "oui", headcount: str = ""
) -> bytes | None:
    choice = membership_form.parse_choice(
        contract=str(contract.id), options=options, payroll=payroll, headcount=headcount
    )
    assert choice is not None
    return membership_form.membership_form_pdf(
        db, actor=audit.Actor(account_id=None), structure_ids=(company.id,), choice=choice, today=TODAY
    )


def test_health_bia_is_prefilled_with_the_company_the_contract_and_the_chosen_option(db):
    company = make_company(db, name="BOULANGERIE DU BIA")
    contract = make_contract(db, company=company)
    _base, option = _option_ids(db, contract)

    pdf = _pdf(db, company, contract, options=str(option), payroll="non")

    text = _text(pdf)
    for expected in (
        "BULLETIN INDIVIDUEL D'ADHÉSION",
        "BOULANGERIE DU BIA",
        company.client_number,
        f"{company.siren[:3]} {company.siren[3:6]} {company.siren[6:]}",
        contract.number,
        "Frais de santé – Cadres",
        "Formule Essentielle",
        "Formule Confort (option)",
        "Le salarié coche l'option qu'il choisit",
        "62,40",
        "31,20",  # 50 % of the base plan paid by the employer
        "24,80",
        "Précompte employeur : Non",
        "MANDAT DE PRÉLÈVEMENT SEPA",
        "N° de sécurité sociale (NIR)",
        "Situation de famille",
        "BÉNÉFICIAIRES",
        "IBAN",
        "Signature du salarié",
    ):
        assert expected in text, expected
    assert "QUESTIONNAIRE MÉDICAL" not in text
    assert _audit(db, company.id) == [
        f"Téléchargement du bulletin individuel d'adhésion du contrat {contract.number}"
    ]


def test_with_payroll_deduction_the_sepa_mandate_is_not_needed(db):
    company = make_company(db)
    contract = make_contract(db, company=company)
    text = _text(_pdf(db, company, contract, payroll="oui"))
    assert "Précompte employeur : Oui" in text
    assert "Mandat de prélèvement SEPA : sans objet" in text
    assert "Formule Confort (option)" not in text  # only the chosen options are offered
    assert "coche" not in text and "La formule de base est incluse." in text  # no option to tick


@pytest.mark.parametrize(
    ("headcount", "questionnaire"), [("5", True), ("1", True), ("6", False), ("40", False)]
)
def test_provident_bia_adds_the_medical_questionnaire_under_six_employees(db, headcount, questionnaire):
    company = make_company(db)
    contract = make_contract(db, company=company, kind=ContractKind.PREVOYANCE)

    pages = _pages(_pdf(db, company, contract, headcount=headcount))
    text = "\n".join(pages)

    assert ("QUESTIONNAIRE MÉDICAL" in text) is questionnaire
    assert pages[-1].startswith("QUESTIONNAIRE MÉDICAL") is questionnaire
    assert "BÉNÉFICIAIRES DU CAPITAL DÉCÈS" in text
    assert f"Salariés inscrits\n{headcount}" in text or f"Salariés inscrits {headcount}" in text


def test_health_bia_never_has_the_questionnaire_and_ignores_the_headcount(db):
    company = make_company(db)
    contract = make_contract(db, company=company)
    text = _text(_pdf(db, company, contract, headcount="2"))
    assert "QUESTIONNAIRE MÉDICAL" not in text and "Salariés inscrits" not in text


def test_another_structures_or_an_unsigned_contract_is_not_found_and_nothing_is_written(db):
    mine, theirs = make_company(db), make_company(db)
    foreign = make_contract(db, company=theirs)
    unsigned = make_contract(db, company=mine, signed=False)
    for contract in (foreign, unsigned):
        assert _pdf(db, mine, contract) is None
    assert _audit(db, mine.id) == [] and _audit(db, theirs.id) == []


@pytest.mark.parametrize("headcount", ["", "0", "-3", "2.5", "abc", "100000", "²", " ", "1e3"])
def test_bad_headcount_of_a_provident_contract_is_refused_in_french_and_nothing_is_written(db, headcount):
    company = make_company(db)
    contract = make_contract(db, company=company, kind=ContractKind.PREVOYANCE)
    with pytest.raises(InvalidChoice) as refused:
        _pdf(db, company, contract, headcount=headcount)
    assert refused.value.message == membership_form.BAD_HEADCOUNT
    assert "nombre entier de 1 à 99\u00a0999" in membership_form.BAD_HEADCOUNT
    assert _audit(db, company.id) == []


def test_an_option_of_another_contract_is_refused(db):
    company = make_company(db)
    contract, other = make_contract(db, company=company), make_contract(db, company=company)
    with pytest.raises(InvalidChoice) as refused:
        _pdf(db, company, contract, options=str(_option_ids(db, other)[1]))
    assert refused.value.message == membership_form.BAD_OPTION
    assert _audit(db, company.id) == []


@pytest.mark.parametrize(
    ("options", "payroll", "message"),
    [
        ("1,x", "oui", membership_form.BAD_OPTION),
        ("-1", "oui", membership_form.BAD_OPTION),
        ("", "", membership_form.NO_PAYROLL_CHOICE),
        ("", "peut-être", membership_form.NO_PAYROLL_CHOICE),
    ],
)
def test_malformed_choices_are_refused_in_french(options, payroll, message):
    with pytest.raises(InvalidChoice) as refused:
        membership_form.parse_choice(contract="12", options=options, payroll=payroll)
    assert refused.value.message == message


def test_a_contract_that_is_no_id_is_answered_as_unknown():
    for contract in ("", "abc", "0", "-4", "1" * 30):
        assert membership_form.parse_choice(contract=contract, options="", payroll="oui") is None


def test_choices_are_parsed_and_deduplicated():
    choice = membership_form.parse_choice(contract="7", options="3, 4,3", payroll=" NON ", headcount="12")
    assert choice == membership_form.BiaChoice(7, (3, 4), False, "12")


def test_the_bia_prints_a_company_name_with_an_ampersand_as_typed(db):
    """« M&M BOULANGERIE » printed « M&M; BOULANGERIE » on the bulletin (reportlab read it as markup)."""
    company = make_company(db, name="M&M BOULANGERIE <SUD>")
    contract = make_contract(db, company=company)
    text = _text(_pdf(db, company, contract))
    assert "M&M BOULANGERIE <SUD>" in text and "M&M;" not in text


def test_the_medical_questionnaire_prints_the_insurers_name_as_typed(db):
    """An insurer typed « A&B <PRÉVOYANCE> » printed « A&B; » and lost what followed on the questionnaire."""
    company = make_company(db)
    contract = make_contract(db, company=company, kind=ContractKind.PREVOYANCE)
    contract.insurer = "A&B <PRÉVOYANCE>"
    db.flush()
    questionnaire = " ".join(_pages(_pdf(db, company, contract, headcount="3"))[-1].split())
    assert questionnaire.startswith("QUESTIONNAIRE MÉDICAL")
    assert questionnaire.count("A&B <PRÉVOYANCE>") == 2 and "A&B;" not in questionnaire
