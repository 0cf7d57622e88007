"""Mes documents: sections, unread counts, marking read (own documents only), publishing with an e-mail."""

import pytest
from sqlalchemy import select

from ocso_app.models import AuditEvent, Document
from ocso_app.services import audit, documents, uploads
from ocso_app.services.errors import AccessDenied, OcsoError
from tests.builders import make_member_account, make_pdf
from tests.support.mailbox import body_text


def _publish(db, account, category="courrier", title="Courrier du service Prestations"):
    return documents.publish_document(
        db, member_number=account.login, category=category, title=title, pdf_bytes=make_pdf(title)
    )


def _cleanup(db, member_id):
    keys = db.scalars(select(Document.storage_key).where(Document.member_id == member_id)).all()
    uploads.delete_stored(keys)


def test_empty_sections_read_as_in_the_guide(db):
    account = make_member_account(db)
    sections = documents.member_sections(db, member_id=account.member_id)
    assert [s.title for s in sections] == [
        "CARTE DE TIERS PAYANT",
        "VOUS N'AVEZ PAS DE COURRIER",
        "AUCUNE SIMULATION DE REMBOURSEMENT",
        "AUCUNE PRESCRIPTION MÉDICALE",
        "AUCUN DESCRIPTIF DES GARANTIES",
        "J'AI BESOIN D'AIDE",
    ]
    assert documents.unread_count(db, member_id=account.member_id) == 0


def test_published_documents_are_unread_per_section_and_in_total(db):
    account = make_member_account(db)
    _publish(db, account)
    _publish(db, account, title="Second courrier")
    _publish(db, account, category="simulation", title="Simulation orthodontie")
    sections = {s.key: s for s in documents.member_sections(db, member_id=account.member_id)}
    assert sections["courrier"].title == "VOUS AVEZ DU COURRIER" and sections["courrier"].unread == 2
    assert sections["simulation"].unread == 1 and sections["prescription"].unread == 0
    assert documents.unread_count(db, member_id=account.member_id) == 3
    url = sections["courrier"].documents[0].url
    assert url.startswith("/api/assure/documents/") and "storage" not in url
    _cleanup(db, account.member_id)


def test_marking_read_drops_the_counts_and_is_recorded(db):
    account = make_member_account(db)
    published = _publish(db, account)
    documents.mark_read(
        db, member_id=account.member_id, document_id=published.document_id, account_id=account.id
    )
    assert documents.unread_count(db, member_id=account.member_id) == 0
    event = db.scalar(select(AuditEvent).where(AuditEvent.member_id == account.member_id))
    assert event.event_type == "Téléchargement"
    _cleanup(db, account.member_id)


def test_member_cannot_mark_read_another_members_document(db):
    owner, intruder = make_member_account(db), make_member_account(db)
    published = _publish(db, owner)
    with pytest.raises(AccessDenied):
        documents.mark_read(db, member_id=intruder.member_id, document_id=published.document_id)
    assert documents.unread_count(db, member_id=owner.member_id) == 1
    _cleanup(db, owner.member_id)


def test_publishing_refuses_unknown_member_category_and_non_pdf(db):
    account = make_member_account(db)
    with pytest.raises(OcsoError) as refused:
        documents.publish_document(
            db, member_number="000000", category="courrier", title="x", pdf_bytes=make_pdf()
        )
    assert refused.value.message == documents.UNKNOWN_MEMBER
    with pytest.raises(OcsoError) as refused:
        documents.publish_document(
            db, member_number=account.login, category="secret", title="x", pdf_bytes=make_pdf()
        )
    assert refused.value.message == documents.BAD_CATEGORY
    with pytest.raises(OcsoError):
        documents.publish_document(
            db, member_number=account.login, category="courrier", title="x", pdf_bytes=b"MZ\x00\x00"
        )
    assert db.scalar(select(Document).where(Document.member_id == account.member_id)) is None


def test_member_with_an_address_is_told_by_email(db, mailbox):
    account = make_member_account(db)
    published = _publish(db, account, title="Votre attestation")
    assert published.emailed_to == account.email
    assert documents.notify_published(db, published, "Votre attestation")
    db.commit()  # the e-mail leaves from the outbox once the publication commits
    [message] = mailbox.wait_for(account.email)
    assert "Votre attestation" in body_text(message) and "MES DOCUMENTS" in body_text(message)
    _cleanup(db, account.member_id)
    assert not documents.notify_published(db, documents.Published(1, 1, None), "x")


def test_a_document_whose_title_holds_a_slash_downloads_under_its_whole_title(db):
    """« Attestation de droits 2025/2026 » downloaded as « 2026.pdf »: the title was cut as a path."""
    account = make_member_account(db)
    published = _publish(db, account, title="Attestation de droits 2025/2026")
    actor = audit.Actor(account_id=account.id, member_id=account.member_id)
    stored = documents.open_member_document(db, actor=actor, document_id=published.document_id)
    assert stored is not None and stored.download_name == "Attestation de droits 2025-2026.pdf"
    _cleanup(db, account.member_id)
