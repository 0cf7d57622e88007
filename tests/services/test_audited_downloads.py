"""The services behind the member's downloads and views: ownership in the query, one audit row per view."""

from sqlalchemy import select

from ocso_app.models import AuditEvent, Document, Statement
from ocso_app.services import audit, documents, reimbursements, requests, statement_pdf, tiers_payant
from ocso_app.services.formats import paris_today
from ocso_app.services.reimbursements import Filters
from ocso_app.services.requests import DocumentsForm, Submitter
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_care_member, make_pdf


def _actions(session, member_id: int) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.member_id == member_id).order_by(AuditEvent.id)
    return list(session.scalars(query))


def _actor(member) -> audit.Actor:
    return audit.Actor(account_id=member.account_id, member_id=member.member_id, ip_address="192.0.2.1")


def _attachment(session, member):
    beneficiary = requests.beneficiary_choices(session, member_id=member.member_id)[0].value
    submitted = requests.submit(
        session,
        submitter=Submitter(member.account_id, member.member_id, nonce="audited"),
        form=DocumentsForm(document_type="Devis", beneficiary=str(beneficiary)),
        files=[IncomingFile("devis.pdf", make_pdf("Devis"))],
        today=paris_today(),
    )
    view = requests.latest_requests(session, member_id=member.member_id)[0]
    return submitted.request_id, view.attachments[0].id


def test_member_gets_own_attachment_and_the_download_is_audited(db):
    member = make_care_member(db)
    request_id, attachment_id = _attachment(db, member)
    stored = requests.owned_attachment(
        db, actor=_actor(member), request_id=request_id, attachment_id=attachment_id
    )
    assert stored is not None and stored.filename == "devis.pdf" and stored.content_type == "application/pdf"
    assert _actions(db, member.member_id)[-1] == "Téléchargement de la pièce « devis.pdf »"


def test_member_cannot_get_another_members_attachment(db):
    owner, other = make_care_member(db), make_care_member(db, first_name="Julie")
    request_id, attachment_id = _attachment(db, owner)
    assert (
        requests.owned_attachment(db, actor=_actor(other), request_id=request_id, attachment_id=attachment_id)
        is None
    )
    assert _actions(db, other.member_id) == []


def test_opening_own_document_marks_it_read_and_names_it_after_its_title(db):
    member, other = make_care_member(db), make_care_member(db, first_name="Julie")
    published = documents.publish_document(
        db, member_number=member.member_number, category="courrier", title="Courrier", pdf_bytes=make_pdf()
    )
    assert documents.open_member_document(db, actor=_actor(other), document_id=published.document_id) is None
    stored = documents.open_member_document(db, actor=_actor(member), document_id=published.document_id)
    assert stored is not None and stored.filename == "Courrier.pdf"
    assert db.get(Document, published.document_id).read_at is not None


def test_consultations_of_reimbursements_and_of_a_statement_are_audited(db):
    member, other = make_care_member(db), make_care_member(db, first_name="Julie")
    statement_id = member.statement_ids[0]
    reimbursements.record_reimbursements_consultation(db, actor=_actor(member))
    assert reimbursements.statement_lines(db, actor=_actor(other), statement_id=statement_id) == []
    assert reimbursements.statement_lines(db, actor=_actor(member), statement_id=statement_id)
    assert _actions(db, member.member_id) == [
        "Consultation des remboursements",
        f"Consultation du décompte de prestations n° {db.get(Statement, statement_id).number}",  # as the PDF
    ]
    assert _actions(db, other.member_id) == []


def test_pdf_downloads_are_audited_and_another_members_statement_is_none(db):
    member, other = make_care_member(db), make_care_member(db, first_name="Julie")
    statement_id = member.statement_ids[0]
    assert statement_pdf.statement_pdf(db, actor=_actor(other), statement_id=statement_id) is None
    assert statement_pdf.statement_pdf(db, actor=_actor(member), statement_id=statement_id)
    assert statement_pdf.selection_pdf(db, actor=_actor(member), filters=Filters())
    assert tiers_payant.member_card_pdf(db, actor=_actor(member), today=paris_today())
    assert _actions(db, member.member_id) == [
        f"Téléchargement du décompte de prestations n° {db.get(Statement, statement_id).number}",
        "Téléchargement des décomptes de la sélection (toutes périodes, tous bénéficiaires, tous actes)",
        "Téléchargement de la carte de tiers payant",
    ]
    assert _actions(db, other.member_id) == []
