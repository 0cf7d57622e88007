"""Entreprise: only the signed régimes in force of the caller's structures, the count of those awaiting their
signed copy, options and guarantee tables, contract documents behind the scope, and the bordereaux' totals."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ocso_app.models import AuditEvent, ContractKind, DocumentCategory
from ocso_app.services import audit, company_documents, contracts, uploads
from tests.builders import make_company
from tests.builders.contracts import (
    make_company_document,
    make_contract,
    make_contract_document,
    make_contribution,
)
from tests.builders.members import make_member

TODAY = date(2025, 10, 15)


def _actor(account_id: int | None = None) -> audit.Actor:
    return audit.Actor(account_id=account_id, ip_address="192.0.2.7")


def _audit_rows(db, company_id: int) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.company_id == company_id).order_by(AuditEvent.id)
    return list(db.scalars(query))


def test_only_signed_contracts_in_force_are_shown_and_the_unsigned_ones_are_counted(db):
    company = make_company(db)
    shown = make_contract(db, company=company)
    provident = make_contract(db, company=company, kind=ContractKind.PREVOYANCE)
    make_contract(db, company=company, signed=False)
    make_contract(db, company=company, kind=ContractKind.PREVOYANCE, signed=False)
    make_contract(db, company=company, end=date(2024, 12, 31))  # ended
    make_contract(db, company=company, start=date(2026, 1, 1))  # not started yet

    view = contracts.company_contracts(db, structure_ids=(company.id,), today=TODAY)

    assert [c.number for c in view.contracts] == [shown.number, provident.number]  # santé first
    assert view.unsigned_count == 2
    assert view.unsigned_notice.startswith("2 contrats en attente de retour signé n'apparaissent pas")
    assert (
        "seuls les régimes pour lesquels vous nous avez retourné les contrats signés" in view.unsigned_notice
    )


def test_one_unsigned_contract_is_told_in_the_singular_and_none_says_nothing(db):
    company, other = make_company(db), make_company(db)
    make_contract(db, company=company, signed=False)
    make_contract(db, company=other)

    one = contracts.company_contracts(db, structure_ids=(company.id,), today=TODAY)
    none = contracts.company_contracts(db, structure_ids=(other.id,), today=TODAY)

    assert one.contracts == [] and one.unsigned_notice.startswith(
        "1 contrat en attente de retour signé n'apparaît"
    )
    assert none.unsigned_count == 0 and none.unsigned_notice == ""


def test_contract_shows_its_options_with_french_contributions_and_guarantee_tables(db):
    company = make_company(db)
    contract = make_contract(db, company=company, share=Decimal("62.5"))

    (view,) = contracts.company_contracts(db, structure_ids=(company.id,), today=TODAY).contracts

    assert (view.kind_label, view.insurer, view.category) == ("Santé", "Atlantique Prévoyance", "Cadres")
    assert (view.start_label, view.end_label, view.employer_share_label) == (
        "1er janv. 2022",
        "Sans date de fin",
        "62,5\u00a0%",
    )
    assert view.structure == company.name and view.number == contract.number
    base, option = view.options
    assert (base.label, base.kind_label, base.monthly_label) == (
        "Formule Essentielle",
        "Formule de base",
        "62,40\u00a0€ / mois",
    )
    assert (option.label, option.kind_label, option.monthly_label) == (
        "Formule Confort (option)",
        "Option",
        "24,80\u00a0€ / mois",
    )
    assert contracts.GuaranteeLine("Hospitalisation", "200 % BR") in base.guarantees
    assert contracts.GuaranteeLine("Optique", "forfait 300 €/an") in option.guarantees
    assert len(base.guarantees) == 11  # ten care types and the médecines douces


def test_guarantee_tables_can_be_left_out(db):
    company = make_company(db)
    make_contract(db, company=company)
    (view,) = contracts.company_contracts(
        db, structure_ids=(company.id,), today=TODAY, with_guarantees=False
    ).contracts
    assert [o.guarantees for o in view.options] == [[], []]


def test_another_structures_contracts_never_appear(db):
    mine, theirs = make_company(db), make_company(db)
    make_contract(db, company=theirs)
    make_contract(db, company=theirs, signed=False)

    view = contracts.company_contracts(db, structure_ids=(mine.id,), today=TODAY)

    assert view.contracts == [] and view.unsigned_count == 0


def test_contract_documents_are_listed_and_downloaded_with_an_audit_row(db):
    company = make_company(db)
    contract = make_contract(db, company=company)
    notice = make_contract_document(db, contract=contract, title="Notice d'information 2025")

    (view,) = contracts.company_contracts(db, structure_ids=(company.id,), today=TODAY).contracts
    assert [(d.title, d.url) for d in view.documents] == [
        ("Notice d'information 2025", f"/api/employeur/contrats/documents/{notice.id}")
    ]

    stored = contracts.open_contract_document(
        db, actor=_actor(), structure_ids=(company.id,), document_id=notice.id, today=TODAY
    )
    assert stored is not None and stored.download_name == "Notice d'information 2025.pdf"
    assert uploads.read_stored(stored.storage_key).startswith(b"%PDF-")
    assert _audit_rows(db, company.id) == [
        f"Téléchargement du document « Notice d'information 2025 » du contrat {contract.number}"
    ]


def test_a_document_of_another_structures_or_of_an_unsigned_contract_is_not_found(db):
    mine, theirs = make_company(db), make_company(db)
    make_contract(db, company=mine)
    foreign = make_contract_document(db, contract=make_contract(db, company=theirs))
    unsigned = make_contract_document(db, contract=make_contract(db, company=mine, signed=False))

    for document in (foreign, unsigned):
        assert (
            contracts.open_contract_document(
                db, actor=_actor(), structure_ids=(mine.id,), document_id=document.id, today=TODAY
            )
            is None
        )
    assert _audit_rows(db, mine.id) == [] and _audit_rows(db, theirs.id) == []


def test_bordereaux_are_listed_newest_first_with_decimal_totals_and_statuses(db):
    company, other = make_company(db), make_company(db)
    contract = make_contract(db, company=company)
    make_contribution(
        db,
        contract=contract,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        due=Decimal("1872.00"),
        paid=Decimal("1872.00"),
        due_on=date(2025, 7, 30),
    )
    make_contribution(
        db,
        contract=contract,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        due=Decimal("1934.40"),
        paid=Decimal("0.00"),
        due_on=date(2025, 10, 30),
    )
    make_contribution(
        db,
        contract=contract,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        due=Decimal("1000.00"),
        paid=Decimal("400.00"),
        due_on=date(2025, 4, 30),
    )
    make_contribution(  # older than two years and paid: not shown
        db,
        contract=contract,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 3, 31),
        due=Decimal("999.00"),
        paid=Decimal("999.00"),
        due_on=date(2023, 4, 30),
    )
    make_contribution(
        db,
        contract=make_contract(db, company=other),
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        due=Decimal("5.00"),
        paid=Decimal("0.00"),
        due_on=date(2025, 8, 1),
    )

    view = contracts.contributions(db, structure_ids=(company.id,), today=TODAY)

    assert [(r.period, r.status) for r in view.rows] == [
        ("01/07/2025 – 30/09/2025", "À régler"),
        ("01/04/2025 – 30/06/2025", "Réglé"),
        ("01/01/2025 – 31/03/2025", "Réglé partiellement"),
    ]
    first = view.rows[0]
    assert (first.due, first.paid, first.remaining, first.due_on, first.headcount) == (
        "1\u00a0934,40\u00a0€",
        "0,00\u00a0€",
        "1\u00a0934,40\u00a0€",
        "30/10/2025",
        "12",
    )
    assert first.contract == contract.number and first.structure == company.name
    assert view.totals.due == Decimal("4806.40") and view.totals.paid == Decimal("2272.00")
    assert view.totals.remaining == Decimal("2534.40")
    assert view.totals.formatted()["remaining"] == "2\u00a0534,40\u00a0€"


def test_an_unpaid_bordereau_past_its_due_date_is_late(db):
    company = make_company(db)
    make_contribution(
        db,
        contract=make_contract(db, company=company),
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        due=Decimal("10.00"),
        paid=Decimal("0.00"),
        due_on=date(2025, 7, 30),
    )
    make_contribution(  # older than two years, still unpaid: a debt stays on the page
        db,
        contract=make_contract(db, company=company),
        period_start=date(2022, 1, 1),
        period_end=date(2022, 3, 31),
        due=Decimal("20.00"),
        paid=Decimal("5.00"),
        due_on=date(2022, 4, 30),
    )
    rows = contracts.contributions(db, structure_ids=(company.id,), today=TODAY).rows
    assert [(r.period, r.status) for r in rows] == [
        ("01/04/2025 – 30/06/2025", "En retard"),
        ("01/01/2022 – 31/03/2022", "Réglé partiellement"),
    ]


def test_company_documents_exclude_members_documents_and_other_pages_categories(db):
    company, other = make_company(db), make_company(db)
    letter = make_company_document(db, company=company, title="Avenant 2025")
    make_company_document(
        db, company=company, title="Décompte IJ", category=DocumentCategory.ALLOWANCE_STATEMENT
    )
    make_company_document(db, company=company, title="Bordereau", category=DocumentCategory.CONTRIBUTION)
    member = make_member(db)
    private = make_company_document(db, company=company, title="Courrier d'un salarié", member_id=member.id)
    foreign = make_company_document(db, company=other, title="Courrier d'une autre")

    rows = company_documents.company_documents(db, structure_ids=(company.id,))

    assert [(r.title, r.category, r.structure) for r in rows] == [("Avenant 2025", "Courrier", company.name)]
    assert rows[0].url == f"/api/employeur/documents/{letter.id}"
    for document in (private, foreign):
        assert (
            company_documents.open_company_document(
                db, actor=_actor(), structure_ids=(company.id,), document_id=document.id
            )
            is None
        )
    stored = company_documents.open_company_document(
        db, actor=_actor(), structure_ids=(company.id,), document_id=letter.id
    )
    assert stored is not None and stored.download_name == "Avenant 2025.pdf"
    assert _audit_rows(db, company.id) == ["Téléchargement du document « Avenant 2025 »"]


def test_a_bordereaux_headcount_reads_with_the_french_thousands_separator(db):
    """« Effectif 3000 » on Entreprise and the company's file, where every other count reads « 3 000 »."""
    company = make_company(db)
    make_contribution(db, contract=make_contract(db, company=company), period_start=date(2025, 7, 1),
                      period_end=date(2025, 9, 30), due=Decimal("93600.00"), paid=Decimal("0.00"),
                      due_on=date(2025, 10, 30), headcount=3000)  # fmt: skip
    (row,) = contracts.contributions(db, structure_ids=(company.id,), today=TODAY).rows
    assert row.headcount == "3\u00a0000"
