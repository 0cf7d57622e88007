"""Indemnités journalières: the leaves of the caller's structures only, their payments, the filters (payment
date, employee) with French messages, the sums to the cent, and the décompte PDF of one payment."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import event, func, select

from ocso_app.models import AuditEvent, ContractKind, DailyAllowance, SickLeave
from ocso_app.services import allowance_pdf, sick_leaves
from ocso_app.services.audit import Actor
from ocso_app.services.periods import INVALID_DATE, INVALID_PERIOD, InvalidFilter
from ocso_app.services.sick_leaves import AllowanceFilters
from tests.builders import make_company, make_employee, make_employer
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave

TODAY = date(2025, 6, 30)
NBSP = "\u00a0"


@dataclass
class Littoral:
    """A company and one of its structures, an employer administering both, two leaves with two payments
    each, and another company with its own leave."""

    company_id: int
    structure_id: int
    account_id: int
    lambert_id: int
    benali_id: int
    lambert_leave: SickLeave
    benali_leave: SickLeave
    lambert_payments: list[DailyAllowance]
    benali_payments: list[DailyAllowance]
    other_company_id: int
    other_employee_id: int
    other_payment_id: int


@pytest.fixture
def littoral(db) -> Littoral:
    company = make_company(db, name="LITTORAL SERVICES")
    structure = make_company(db, parent=company, name="LITTORAL ATLANTIQUE")
    account = make_employer(db, principal_of=(company, structure))
    contract = make_provident_contract(db, company=company)
    lambert = make_employee(db, company=company, first_name="Sophie", last_name="Lambert")
    benali = make_employee(db, company=structure, first_name="Karim", last_name="Benali")
    lambert_leave, lambert_payments = make_sick_leave(
        db,
        employee=lambert,
        contract=contract,
        start=date(2025, 1, 6),
        end=None,
        daily=Decimal("48.62"),
        periods=[(date(2025, 1, 9), date(2025, 2, 7)), (date(2025, 2, 8), date(2025, 3, 9))],
    )
    benali_leave, benali_payments = make_sick_leave(
        db,
        employee=benali,
        contract=contract,
        start=date(2024, 3, 1),
        end=date(2024, 4, 14),
        daily=Decimal("61.35"),
        periods=[(date(2024, 3, 4), date(2024, 4, 2)), (date(2024, 4, 3), date(2024, 4, 14))],
    )
    other = make_company(db, name="AUTRE SOCIETE")
    other_employee = make_employee(db, company=other, last_name="Secret")
    _, other_payments = make_sick_leave(
        db,
        employee=other_employee,
        contract=make_provident_contract(db, company=other),
        start=date(2025, 1, 6),
        end=None,
        daily=Decimal("99.99"),
        periods=[(date(2025, 1, 9), date(2025, 2, 7))],
    )
    return Littoral(
        company.id,
        structure.id,
        account.id,
        lambert.id,
        benali.id,
        lambert_leave,
        benali_leave,
        lambert_payments,
        benali_payments,
        other.id,
        other_employee.id,
        other_payments[0].id,
    )


def _both(data: Littoral) -> list[int]:
    return [data.company_id, data.structure_id]


def _view(db, structure_ids, filters=None, page=1):
    return sick_leaves.allowances_view(
        db, structure_ids=structure_ids, filters=filters or AllowanceFilters(), today=TODAY, page=page
    )


def _money(text: str) -> str:
    return text.replace(NBSP, " ")


# --- the list


def test_leaves_of_the_callers_structures_newest_first_with_their_payments(db, littoral):
    view = _view(db, _both(littoral))
    assert [leave.employee for leave in view.leaves] == ["LAMBERT Sophie", "BENALI Karim"]
    lambert, benali = view.leaves
    assert (lambert.reference, lambert.dates) == (littoral.lambert_leave.reference, "depuis le 06/01/2025")
    assert (lambert.waiting_days, lambert.status, lambert.structure) == (
        "3 jours",
        "En cours",
        "LITTORAL SERVICES",
    )
    assert (benali.structure, benali.dates) == ("LITTORAL ATLANTIQUE", "du 01/03/2024 au 14/04/2024")
    assert benali.status == "Clôturé"  # stored « en cours », its end date has passed
    first = lambert.payments[0]
    assert first.number == littoral.lambert_payments[0].statement_number
    assert (first.period, first.days, first.paid_on) == (
        "du 09/01/2025 au 07/02/2025",
        "30 jours",
        "12/02/2025",
    )
    assert [_money(v) for v in (first.daily_amount, first.gross, first.charges, first.net)] == [
        "48,62 €",
        "1 458,60 €",
        "97,73 €",
        "1 360,87 €",
    ]
    assert [p.days for p in benali.payments] == ["30 jours", "12 jours"]
    assert view.several_structures and view.leave_count == 2 and view.pages == 1


def test_totals_are_the_sums_of_the_shown_payments_to_the_cent(db, littoral):
    view = _view(db, _both(littoral))
    shown = [p for leave in view.leaves for p in leave.payments]
    payments = littoral.lambert_payments + littoral.benali_payments
    assert len(shown) == len(payments) == view.totals.payment_count == 4
    assert view.totals.gross == sum((p.gross_amount for p in payments), Decimal(0)) == Decimal("5493.90")
    assert view.totals.charges == Decimal("368.10")
    assert view.totals.net == Decimal("5125.80") == view.totals.gross - view.totals.charges
    assert view.totals.days == 102
    assert {k: _money(v) for k, v in view.totals.formatted().items()} == {
        "days": "102 jours",
        "gross": "5 493,90 €",
        "charges": "368,10 €",
        "net": "5 125,80 €",
        "payments": "4 paiements",
    }


def test_another_companys_leaves_never_appear(db, littoral):
    view = _view(db, _both(littoral))
    assert {leave.employee for leave in view.leaves} == {"LAMBERT Sophie", "BENALI Karim"}
    assert view.totals.payment_count == 4
    options = sick_leaves.employee_options(db, structure_ids=_both(littoral))
    assert [o.label for o in options] == ["BENALI Karim", "LAMBERT Sophie"]
    (other,) = _view(db, [littoral.other_company_id]).leaves
    assert other.employee.startswith("SECRET ")


def test_one_structure_shows_only_its_own_leaves_and_no_structure_column(db, littoral):
    view = _view(db, [littoral.structure_id])
    assert [leave.employee for leave in view.leaves] == ["BENALI Karim"]
    assert not view.several_structures
    assert view.totals.gross == Decimal("2576.70")


def test_leaves_under_a_health_contract_are_not_indemnites_journalieres(db, littoral):
    company = make_company(db)
    employee = make_employee(db, company=company)
    make_sick_leave(
        db,
        employee=employee,
        contract=make_provident_contract(db, company=company, kind=ContractKind.SANTE),
        start=date(2025, 1, 6),
        end=None,
        daily=Decimal("10.00"),
        periods=[(date(2025, 1, 9), date(2025, 1, 10))],
    )
    view = _view(db, [company.id])
    assert view.leaves == [] and view.totals.payment_count == 0 and view.totals.gross == Decimal("0.00")


# --- filters


def test_the_period_bears_on_the_payment_date(db, littoral):
    filters = sick_leaves.parse_filters(
        db, structure_ids=_both(littoral), start="01/03/2025", end="2025-12-31"
    )
    view = _view(db, _both(littoral), filters)
    (lambert,) = view.leaves
    assert [p.paid_on for p in lambert.payments] == ["14/03/2025"]  # the one paid in the period
    assert view.totals.gross == Decimal("1458.60") and view.totals.days == 30


def test_a_year_sums_only_that_years_payments(db, littoral):
    filters = sick_leaves.parse_filters(
        db, structure_ids=_both(littoral), start="2024-01-01", end="31/12/2024"
    )
    view = _view(db, _both(littoral), filters)
    assert [leave.employee for leave in view.leaves] == ["BENALI Karim"]
    assert (view.totals.gross, view.totals.charges, view.totals.net) == (
        Decimal("2576.70"),
        Decimal("172.64"),
        Decimal("2404.06"),
    )


def test_the_employee_filter_keeps_that_employees_leaves(db, littoral):
    filters = sick_leaves.parse_filters(db, structure_ids=_both(littoral), employee=str(littoral.lambert_id))
    view = _view(db, _both(littoral), filters)
    assert [leave.employee for leave in view.leaves] == ["LAMBERT Sophie"]
    assert view.totals.net == Decimal("2721.74")


def test_namesakes_are_told_apart_by_their_year_of_birth_in_the_list_and_the_filter(db, littoral):
    company = make_company(db)
    contract = make_provident_contract(db, company=company)
    twins = [make_employee(db, company=company, last_name="Faivre", first_name="François") for _ in range(2)]
    twins[1].birth_date = date(1992, 3, 4)
    make_employee(db, company=company, last_name="Seul", first_name="Paul")
    for twin in twins:
        make_sick_leave(
            db,
            employee=twin,
            contract=contract,
            start=date(2025, 1, 6),
            end=date(2025, 1, 20),
            daily=Decimal("20.00"),
            periods=[(date(2025, 1, 9), date(2025, 1, 20))],
        )
    years = sorted(f"FAIVRE François (né(e) en {twin.birth_date.year})" for twin in twins)
    assert sorted(leave.employee for leave in _view(db, [company.id]).leaves) == years
    assert sorted(o.label for o in sick_leaves.employee_options(db, structure_ids=[company.id])) == years
    assert "LAMBERT Sophie" in {leave.employee for leave in _view(db, _both(littoral)).leaves}  # alone


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"start": "31/02/2025"}, INVALID_DATE),
        ({"end": "demain"}, INVALID_DATE),
        ({"start": "2025-09-01", "end": "01/01/2025"}, INVALID_PERIOD),
        ({"employee": "abc"}, sick_leaves.INVALID_EMPLOYEE),
        ({"employee": "-1"}, sick_leaves.INVALID_EMPLOYEE),
    ],
)
def test_bad_filters_give_a_french_message_and_write_nothing(db, littoral, given, message):
    before = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == littoral.account_id))
    with pytest.raises(InvalidFilter) as error:
        sick_leaves.parse_filters(db, structure_ids=_both(littoral), **given)
    assert error.value.message == message
    assert not db.new and not db.dirty
    after = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == littoral.account_id))
    assert before == after == 0


def test_another_companys_employee_is_refused_as_a_filter(db, littoral):
    with pytest.raises(InvalidFilter) as error:
        sick_leaves.parse_filters(db, structure_ids=_both(littoral), employee=str(littoral.other_employee_id))
    assert error.value.message == sick_leaves.INVALID_EMPLOYEE


def test_an_employee_of_the_other_structure_is_refused_when_one_structure_is_chosen(db, littoral):
    with pytest.raises(InvalidFilter):
        sick_leaves.parse_filters(db, structure_ids=[littoral.company_id], employee=str(littoral.benali_id))


# --- paging and queries


def test_many_leaves_are_paged_in_a_fixed_number_of_queries(db, test_engine):
    company = make_company(db)
    contract = make_provident_contract(db, company=company)
    employee = make_employee(db, company=company)
    for month in range(1, 13):
        make_sick_leave(
            db,
            employee=employee,
            contract=contract,
            start=date(2024, month, 1),
            end=date(2024, month, 10),
            daily=Decimal("20.00"),
            periods=[(date(2024, month, 4), date(2024, month, 10))],
        )
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(test_engine, "before_cursor_execute", count)
    try:
        first = _view(db, [company.id])
    finally:
        event.remove(test_engine, "before_cursor_execute", count)
    assert len(statements) <= 5  # count, page, payments, namesakes, sums: none per row
    assert len(first.leaves) == sick_leaves.PAGE_SIZE and first.has_next and first.pages == 2
    assert first.leaves[0].dates == "du 01/12/2024 au 10/12/2024"
    second = _view(db, [company.id], page=2)
    assert [leave.dates[:13] for leave in second.leaves] == ["du 01/02/2024", "du 01/01/2024"]
    assert not second.has_next
    assert first.totals == second.totals and first.totals.gross == Decimal("1680.00")  # 12 × 7 × 20
    assert _view(db, [company.id], page=99).page == 2


# --- the décompte PDF


def _actor(data: Littoral) -> Actor:
    return Actor(account_id=data.account_id)


def _text(content: bytes) -> str:
    (page,) = PdfReader(io.BytesIO(content)).pages
    return page.extract_text().replace(NBSP, " ")


def test_the_decompte_shows_the_payment_as_the_page_does_and_is_audited(db, littoral):
    payment = littoral.benali_payments[1]
    content = allowance_pdf.allowance_pdf(
        db, actor=_actor(littoral), structure_ids=_both(littoral), allowance_id=payment.id
    )
    assert content is not None and content.startswith(b"%PDF")
    text = _text(content)
    for expected in (
        "Décompte d'indemnités journalières",
        "LITTORAL ATLANTIQUE",
        "BENALI Karim",
        littoral.benali_leave.reference,
        payment.statement_number,
        "du 01/03/2024 au 14/04/2024",
        "du 03/04/2024 au 14/04/2024",
        "12 jours",
        "61,35 €",
        "736,20 €",
        "49,33 €",
        "686,87 €",
        "19/04/2024",
        "Prévoyance – Incapacité de travail",
    ):
        assert expected in text, expected
    row = db.scalars(select(AuditEvent).where(AuditEvent.account_id == littoral.account_id)).one()
    assert row.company_id == littoral.structure_id and payment.statement_number in row.action


def test_another_companys_decompte_is_not_found_and_not_audited(db, littoral):
    content = allowance_pdf.allowance_pdf(
        db, actor=_actor(littoral), structure_ids=_both(littoral), allowance_id=littoral.other_payment_id
    )
    assert content is None
    assert (
        db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == littoral.account_id)) == 0
    )


def test_a_decompte_of_the_other_structure_is_not_found_when_one_structure_is_in_scope(db, littoral):
    assert (
        allowance_pdf.allowance_document(
            db, structure_ids=[littoral.company_id], allowance_id=littoral.benali_payments[0].id
        )
        is None
    )


def test_the_decompte_prints_a_company_name_with_an_ampersand_as_typed(db, littoral):
    """« DUPONT&FILS » printed « DUPONT&FILS; » on the décompte (reportlab read the name as markup)."""
    from ocso_app.models import Company

    db.get(Company, littoral.structure_id).name = "DUPONT&FILS <ATLANTIQUE>"
    db.flush()
    content = allowance_pdf.allowance_pdf(
        db, actor=_actor(littoral), structure_ids=_both(littoral), allowance_id=littoral.benali_payments[1].id
    )
    assert content is not None
    text = _text(content)
    assert "DUPONT&FILS <ATLANTIQUE>" in text and "FILS;" not in text


def test_counts_of_payments_and_leaves_read_with_the_french_thousands_separator():
    """« 1234 paiements » and « 1234 arrêts de travail » beside « 2 785 jours » and « 5 493,90 € »."""
    assert sick_leaves.AllowanceTotals(payment_count=1234).formatted()["payments"] == "1\u00a0234 paiements"
    assert sick_leaves.leaves_label(1234) == "1\u00a0234 arrêts de travail"


def test_a_count_of_days_agrees_in_french_even_when_there_is_none():
    """A franchise of 0 days (the insurers' file allows it) read « 0 jours »."""
    assert [sick_leaves.days_label(n) for n in (0, 1, 3, 2785)] == [
        "0 jour",
        "1 jour",
        "3 jours",
        "2\u00a0785 jours",
    ]
