"""The new documents of a company's structures: counted for the Documents menu entry within the structures
the guard allows, marked read for all of the structure's users by the first who opens one, never across
structures (the listing and the download's own checks are in ``test_contracts.py``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ocso_app.models import Document, DocumentCategory
from ocso_app.services import audit, company_documents
from tests.builders import make_company
from tests.builders.contracts import make_company_document
from tests.builders.members import make_member


def _read_at(db, document: Document) -> datetime | None:
    return db.scalar(select(Document.read_at).where(Document.id == document.id))


def test_only_the_structures_listed_documents_nobody_opened_are_new(db):
    company, branch, other = make_company(db), make_company(db), make_company(db)
    for title in ("Avenant 2025", "Garanties 2026"):
        make_company_document(db, company=company, title=title)
    make_company_document(db, company=branch, title="Courrier de l'établissement")
    seen = make_company_document(db, company=company, title="Déjà lu")
    seen.read_at = datetime(2026, 1, 5, tzinfo=UTC)
    # not on the Documents page, or not the company's: never counted
    make_company_document(db, company=company, title="Bordereau", category=DocumentCategory.CONTRIBUTION)
    make_company_document(
        db, company=company, title="Décompte IJ", category=DocumentCategory.ALLOWANCE_STATEMENT
    )
    make_company_document(db, company=company, title="Le courrier d'un salarié", member_id=make_member(db).id)
    make_company_document(db, company=other, title="Courrier d'une autre")
    db.flush()

    assert company_documents.unread_count(db, structure_ids=(company.id,)) == 2
    assert company_documents.unread_count(db, structure_ids=(company.id, branch.id)) == 3
    assert company_documents.unread_count(db, structure_ids=()) == 0
    listed = company_documents.company_documents(db, structure_ids=(company.id,))
    assert {(d.title, d.unread) for d in listed} == {
        ("Avenant 2025", True),
        ("Garanties 2026", True),
        ("Déjà lu", False),
    }


def test_the_first_user_to_open_a_document_marks_it_read_for_the_structure_only_within_its_scope(db):
    company, other = make_company(db), make_company(db)
    letter = make_company_document(db, company=company, title="Avenant 2025")
    foreign = make_company_document(db, company=other, title="Courrier d'une autre")

    assert not company_documents.mark_read(db, structure_ids=(company.id,), document_id=foreign.id)
    assert (
        _read_at(db, foreign) is None and company_documents.unread_count(db, structure_ids=(other.id,)) == 1
    )

    assert company_documents.mark_read(db, structure_ids=(company.id,), document_id=letter.id)
    first = _read_at(db, letter)
    assert first is not None and company_documents.unread_count(db, structure_ids=(company.id,)) == 0
    assert company_documents.mark_read(db, structure_ids=(company.id,), document_id=letter.id)
    assert _read_at(db, letter) == first  # the first opening stays the date it was read


def test_downloading_a_document_by_its_link_marks_it_read_too(db):
    company = make_company(db)
    letter = make_company_document(db, company=company, title="Avenant 2025")
    stored = company_documents.open_company_document(
        db, actor=audit.Actor(account_id=None), structure_ids=(company.id,), document_id=letter.id
    )
    assert stored is not None and _read_at(db, letter) is not None
