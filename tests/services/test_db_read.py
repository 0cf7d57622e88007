"""``db.read``: the hot pages' plain-column queries, run on the session's connection, see what the session
holds unwritten, as ``session.execute`` would."""

from sqlalchemy import select

from ocso_app.db import read
from ocso_app.models import Document
from ocso_app.models.base import utcnow
from ocso_app.services import documents, uploads
from tests.builders import make_member_account, make_pdf


def test_a_read_sees_a_change_the_session_has_not_written_yet(db):
    account = make_member_account(db)
    published = documents.publish_document(
        db, member_number=account.login, category="courrier", title="Courrier", pdf_bytes=make_pdf("Courrier")
    )
    assert documents.unread_count(db, member_id=account.member_id) == 1
    document = db.get(Document, published.document_id)
    document.read_at = utcnow()  # not flushed
    assert documents.unread_count(db, member_id=account.member_id) == 0
    statement = select(Document.title).where(Document.member_id == account.member_id)
    assert read(db, statement).scalars().all() == ["Courrier"]
    uploads.delete_stored([document.storage_key])
