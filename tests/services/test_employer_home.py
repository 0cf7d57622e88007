"""Accueil of the Espace Employeur: counters of the given structures only, with today's statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from ocso_app.models import AffiliationStatus, Contract, ContractKind, ContributionStatement, DocumentCategory
from ocso_app.services import employer_home, sick_leaves
from tests.builders import make_company, make_employee, make_member
from tests.builders.contracts import make_company_document, make_contract
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave

TODAY = date(2026, 3, 1)
DAILY = Decimal("40")


def _contract(db, company, tag: str) -> Contract:
    contract = Contract(
        company_id=company.id,
        kind=ContractKind.SANTE,
        number=f"CS-T-{company.id}-{tag}",
        label="Frais de santé",
        insurer="Assureur",
        personnel_category="Ensemble du personnel",
        start_date=date(2024, 1, 1),
        signed_on=date(2023, 12, 1),
        employer_share_percent=Decimal("50"),
    )
    db.add(contract)
    db.flush()
    return contract


def test_counts_statuses_as_read_today_and_only_for_the_structures_given(db):
    mine, also_mine, theirs = make_company(db), make_company(db), make_company(db)
    recent, old = datetime(2026, 2, 27, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    for company, status, invited in (
        (mine, AffiliationStatus.AFFILIATED, None),
        (also_mine, AffiliationStatus.AFFILIATED, None),
        (mine, AffiliationStatus.PORTABILITY, None),
        (mine, AffiliationStatus.PENDING, recent),
        (also_mine, AffiliationStatus.PENDING, old),  # late: à relancer
        (mine, AffiliationStatus.TO_REMIND, old),
        (mine, AffiliationStatus.RADIATED, None),
        (mine, AffiliationStatus.EXEMPTED, None),
    ):
        make_employee(db, company=company, status=status, invited_at=invited)
    ended = make_employee(db, company=mine, status=AffiliationStatus.PORTABILITY)
    ended.portability_end_on = TODAY - timedelta(days=1)  # radiée since this morning
    running = make_employee(db, company=also_mine, status=AffiliationStatus.PORTABILITY)
    running.portability_end_on = TODAY
    for status in AffiliationStatus:
        make_employee(db, company=theirs, status=status, invited_at=old)
    db.flush()
    counts = employer_home.affiliation_counts(db, structure_ids=(mine.id, also_mine.id), today=TODAY)
    assert (counts.active, counts.portability, counts.pending, counts.to_remind) == (2, 2, 1, 2)
    alone = employer_home.affiliation_counts(db, structure_ids=(also_mine.id,), today=TODAY)
    assert (alone.active, alone.portability, alone.pending, alone.to_remind) == (1, 1, 0, 1)


def test_contributions_due_sum_what_is_left_to_pay_in_decimal(db):
    mine, theirs = make_company(db), make_company(db)
    for company, due, paid in ((mine, "1200.50", "200.25"), (mine, "300.00", "300.00"), (theirs, "99", "0")):
        contract = _contract(db, company, due)
        db.add(
            ContributionStatement(
                company_id=company.id,
                contract_id=contract.id,
                reference=f"BT-{contract.id}",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 3, 31),
                headcount=3,
                amount_due=Decimal(due),
                amount_paid=Decimal(paid),
                due_on=date(2026, 4, 15),
                status="a_payer",
            )
        )
    db.flush()
    due = employer_home.contributions_due(db, structure_ids=(mine.id,))
    assert (due.count, due.amount) == (1, Decimal("1000.25"))
    assert due.amount_label == "1\xa0000,25\xa0€"


def test_latest_documents_are_those_of_the_structures_documents_page_newest_first_the_new_ones_marked(db):
    mine, theirs = make_company(db), make_company(db)
    now = datetime(2026, 2, 1, 10, tzinfo=UTC)
    employee_id = make_member(db).id
    documents = (
        (mine, DocumentCategory.MAIL, "Ancien", 10, None),
        (mine, DocumentCategory.MAIL, "Récent", 1, None),
        (theirs, DocumentCategory.MAIL, "Autre", 0, None),
        # not on the Documents page: another profile's bordereau, a décompte d'IJ, an employee's own letter
        (mine, DocumentCategory.CONTRIBUTION, "Bordereau T4", 0, None),
        (mine, DocumentCategory.ALLOWANCE_STATEMENT, "Décompte IJ", 0, None),
        (mine, DocumentCategory.MAIL, "Courrier d'un salarié", 0, employee_id),
    )
    for company, category, title, days, member_id in documents:
        document = make_company_document(
            db,
            company=company,
            title=title,
            category=category,
            member_id=member_id,
            published_at=now - timedelta(days=days),
        )
        document.read_at = now if title == "Ancien" else None
    db.flush()
    rows = employer_home.latest_documents(db, structure_ids=(mine.id,))
    assert [(r.title, r.unread) for r in rows] == [("Récent", True), ("Ancien", False)]


def test_a_running_leave_whose_end_has_passed_is_not_counted(db):
    company = make_company(db)
    employee = make_employee(db, company=company)
    contract = make_provident_contract(db, company=company)
    for end in (None, date(2026, 2, 1)):
        make_sick_leave(
            db, employee=employee, contract=contract, start=date(2026, 1, 5), end=end, daily=Decimal("40")
        )
    assert employer_home.open_sick_leaves(db, structure_ids=(company.id,), today=TODAY) == 1


def test_the_counter_of_arrets_en_cours_counts_what_the_ij_page_lists_en_cours(db):
    """Accueil counted every running leave filed under the structure; the Indemnités journalières page lists
    only those under a prévoyance contract of an employee of the caller's structures: Accueil said « 3 »
    and the page showed one arrêt."""
    mine, elsewhere = make_company(db), make_company(db)
    employee = make_employee(db, company=mine)
    provident = make_provident_contract(db, company=mine)
    health = make_contract(db, company=mine, kind=ContractKind.SANTE)
    leaves = [
        make_sick_leave(
            db, employee=employee, contract=contract, start=date(2026, 2, 2), end=None, daily=DAILY
        )
        for contract in (provident, health)
    ]
    moved = make_employee(db, company=elsewhere)  # the employee is now another structure's
    leave, _ = make_sick_leave(
        db, employee=moved, contract=provident, start=date(2026, 2, 2), end=None, daily=DAILY
    )
    leave.company_id = mine.id
    db.flush()
    listed = sick_leaves.allowances_view(
        db, structure_ids=(mine.id,), filters=sick_leaves.AllowanceFilters(), today=TODAY
    )
    running = [row for row in listed.leaves if row.status == "En cours"]
    assert [row.id for row in running] == [leaves[0][0].id]
    assert employer_home.open_sick_leaves(db, structure_ids=(mine.id,), today=TODAY) == len(running) == 1
