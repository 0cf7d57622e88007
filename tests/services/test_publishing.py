"""Publishing a document: to a member (unread badge, audited with the staff member, e-mail after commit) or to
a company (its Documents page, its employer users told); a bad file, an unknown recipient or category is
refused in French with nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ocso_app.models import AuditEvent, Document, EmployerProfile
from ocso_app.services import audit, company_documents, documents, publishing, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.typed_text import bad_character
from tests.builders import make_company, make_employer, make_image, make_member_account, make_pdf, make_staff
from tests.support.mailbox import body_text


def _actor(db) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def _cleanup(db, *, member_id=None, company_id=None):
    column, value = (Document.member_id, member_id) if member_id else (Document.company_id, company_id)
    uploads.delete_stored(db.scalars(select(Document.storage_key).where(column == value)).all())


def test_a_document_published_to_a_member_is_unread_audited_and_announced_by_email(db, mailbox):
    account, actor = make_member_account(db), _actor(db)
    published = publishing.publish_to_member(
        db, actor=actor, member_number=account.login, category="simulation",
        title="  Simulation   orthodontie ", content=make_pdf("Devis"),
    )  # fmt: skip
    assert documents.unread_count(db, member_id=account.member_id) == 1
    sections = {s.key: s for s in documents.member_sections(db, member_id=account.member_id)}
    assert sections["simulation"].documents[0].title == "Simulation orthodontie"
    event = db.scalar(select(AuditEvent).where(AuditEvent.member_id == account.member_id))
    assert event.account_id == actor.account_id and event.event_type == "Publication"
    assert (
        event.action
        == "Publication par OCSO du document « Simulation orthodontie » (Simulation de remboursement)"
    )
    assert publishing.notify_member(db, published, "Simulation orthodontie")
    db.commit()  # the e-mail leaves from the outbox once the publication commits
    [message] = mailbox.wait_for(account.email)
    assert "Simulation orthodontie" in body_text(message)
    _cleanup(db, member_id=account.member_id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"member_number": "000000"}, documents.UNKNOWN_MEMBER),
        ({"member_number": "12\x003456"}, documents.UNKNOWN_MEMBER),  # PostgreSQL refuses a NUL in a query
        ({"category": "decompte_ij"}, documents.BAD_CATEGORY),
        ({"title": "   "}, documents.MISSING_TITLE),
        ({"title": "x" * 121}, publishing.TITLE_TOO_LONG),
        ({"title": "Courrier\x00"}, bad_character("Titre")),
        ({"content": make_image()}, documents.NOT_A_PDF),
        ({"content": b"%PDF-1.7 garbage"}, uploads.refusal("Courrier", uploads.CORRUPT_PDF)),  # its title
        ({"content": b"MZ\x90\x00"}, documents.NOT_A_PDF),  # only PDFs are published
        ({"content": b""}, uploads.refusal("Courrier", uploads.EMPTY_FILE)),
    ],
    ids=[
        "member",
        "nul-member",
        "category",
        "title",
        "long-title",
        "nul-title",
        "image",
        "broken-pdf",
        "exe",
        "empty",
    ],
)
def test_a_wrong_publication_to_a_member_is_refused_and_nothing_is_stored(db, changes, message):
    account, actor = make_member_account(db), _actor(db)
    fields = {
        "member_number": account.login,
        "category": "courrier",
        "title": "Courrier",
        "content": make_pdf(),
    }
    with pytest.raises(OcsoError) as refused:
        publishing.publish_to_member(db, actor=actor, **(fields | changes))
    assert refused.value.message == message
    assert db.scalar(select(func.count(Document.id)).where(Document.member_id == account.member_id)) == 0
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == actor.account_id)) == 0


def test_a_document_published_to_a_company_reaches_its_documents_page_and_its_employers(db, mailbox):
    company, actor = make_company(db), _actor(db)
    boss = make_employer(db, principal_of=(company,))
    reader = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    stranger = make_employer(db, principal_of=(make_company(db),))
    published = publishing.publish_to_company(
        db, actor=actor, client_number=company.client_number, category="garanties",
        title="Tableau des garanties 2027", content=make_pdf(),
    )  # fmt: skip
    [shown] = company_documents.company_documents(db, structure_ids=(company.id,))
    assert (shown.title, shown.category) == ("Tableau des garanties 2027", "Garanties")
    assert (
        set(published.emailed_to) == {boss.email, reader.email} and stranger.email not in published.emailed_to
    )
    event = db.scalar(select(AuditEvent).where(AuditEvent.company_id == company.id))
    assert event.account_id == actor.account_id and event.member_id is None
    assert publishing.notify_company(db, published, "Tableau des garanties 2027") == 2
    db.commit()
    [message] = mailbox.wait_for(reader.email)
    assert "Tableau des garanties 2027" in body_text(message) and company.name in body_text(message)
    _cleanup(db, company_id=company.id)


def test_a_wrong_publication_to_a_company_is_refused_and_nothing_is_stored(db):
    company, actor = make_company(db), _actor(db)
    for changes, message in (
        ({"client_number": "C000"}, publishing.UNKNOWN_COMPANY),
        ({"client_number": "C0\x00"}, publishing.UNKNOWN_COMPANY),  # PostgreSQL refuses a NUL in a query
        ({"category": "prescription"}, publishing.BAD_COMPANY_CATEGORY),
        ({"content": make_image("JPEG")}, documents.NOT_A_PDF),
    ):
        fields = {
            "client_number": company.client_number,
            "category": "courrier",
            "title": "x",
            "content": make_pdf(),
        }
        with pytest.raises(OcsoError) as refused:
            publishing.publish_to_company(db, actor=actor, **(fields | changes))
        assert refused.value.message == message
    assert db.scalar(select(func.count(Document.id)).where(Document.company_id == company.id)) == 0
