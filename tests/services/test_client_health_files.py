"""The staff's files of a member's health data: one décompte as PDF and one published document, each only
with a reason of the list, only of that member, audited in the member's history with the staff account and
the reason; a document opened by OCSO stays unread for the member."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app.models import AuditEvent, Document, DocumentCategory, Statement
from ocso_app.services import audit, client_files, client_health_files, documents
from ocso_app.services.errors import OcsoError
from tests.builders import make_care_member, make_pdf, make_staff


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\u00a0", " ")


def _audited(db, account_id: int) -> list[tuple[int | None, str]]:
    rows = db.execute(
        select(AuditEvent.member_id, AuditEvent.action).where(AuditEvent.account_id == account_id)
    )
    return [tuple(row) for row in rows]


def _document(db, member_id: int, title: str) -> Document:
    pdf = make_pdf(title)
    return documents.store_member_pdf(
        db, member_id=member_id, category=DocumentCategory.MAIL, title=title, pdf_bytes=pdf
    )


def test_the_decompte_shown_in_the_file_opens_as_the_pdf_the_member_holds_and_is_audited(db):
    family, staff = make_care_member(db), make_staff(db)
    actor = audit.Actor(account_id=staff.id)
    shown = client_files.member_health_data(db, actor=actor, member_id=family.member_id, reason="paiement")
    line = next(p for p in shown.payments if p.amount == "16,18\u00a0€")
    statement = db.scalar(select(Statement).where(Statement.number == line.number))
    assert line.href.endswith(f"/assures/{family.member_id}/decomptes/{statement.id}.pdf?motif=paiement")

    pdf = client_health_files.statement_pdf(
        db, actor=actor, member_id=family.member_id, statement_id=statement.id, reason="paiement"
    )
    text = _text(pdf)
    assert line.number in text and "16,18 €" in text and "Martin DUBOIS" in text
    assert (
        family.member_id,
        f"Téléchargement par OCSO du décompte n° {line.number} – motif : Vérification d'un paiement",
    ) in _audited(db, staff.id)


def test_a_decompte_needs_a_reason_of_the_list_and_must_be_the_members(db):
    family, other, staff = make_care_member(db), make_care_member(db, last_name="DEMAREST"), make_staff(db)
    actor = audit.Actor(account_id=staff.id)
    for reason in ("", "curiosité", "Réclamation ou litige"):
        with pytest.raises(OcsoError) as refused:
            client_health_files.statement_pdf(
                db,
                actor=actor,
                member_id=family.member_id,
                statement_id=family.statement_ids[0],
                reason=reason,
            )
        assert refused.value.message == client_files.REASON_REQUIRED
    for member_id, statement_id in ((family.member_id, other.statement_ids[0]), (family.member_id, 10**9)):
        assert (
            client_health_files.statement_pdf(
                db, actor=actor, member_id=member_id, statement_id=statement_id, reason="appel"
            )
            is None
        )
    assert _audited(db, staff.id) == []


def test_a_document_opened_by_ocso_is_audited_and_stays_unread_for_the_member(db):
    family, other, staff = make_care_member(db), make_care_member(db, last_name="DEMAREST"), make_staff(db)
    actor = audit.Actor(account_id=staff.id)
    letter, theirs = (
        _document(db, family.member_id, "Réponse à votre réclamation"),
        _document(db, other.member_id, "Courrier de DEMAREST"),
    )
    shown = client_files.member_health_data(db, actor=actor, member_id=family.member_id, reason="reclamation")
    [listed] = [d for d in shown.documents if d.title == letter.title]
    assert listed.href.endswith(f"/assures/{family.member_id}/documents/{letter.id}?motif=reclamation")
    before = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == staff.id))

    stored = client_health_files.document(
        db, actor=actor, member_id=family.member_id, document_id=letter.id, reason="reclamation"
    )
    assert stored is not None and stored.storage_key == letter.storage_key
    assert stored.download_name == "Réponse à votre réclamation.pdf"
    db.refresh(letter)
    assert letter.read_at is None and documents.unread_count(db, member_id=family.member_id) == 1
    assert _audited(db, staff.id)[-1] == (
        family.member_id,
        "Consultation par OCSO du document « Réponse à votre réclamation » – motif : Réclamation ou litige",
    )

    for reason in ("", "autre"):
        with pytest.raises(OcsoError):
            client_health_files.document(
                db, actor=actor, member_id=family.member_id, document_id=letter.id, reason=reason
            )
    assert (
        client_health_files.document(
            db, actor=actor, member_id=family.member_id, document_id=theirs.id, reason="reclamation"
        )
        is None
    )
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == staff.id)) == before + 1
