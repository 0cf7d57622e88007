"""Upload abuse: each refusal has a clear French message and leaves nothing behind (no row, no file)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ocso_app.config import settings
from ocso_app.models import Request, RequestAttachment
from ocso_app.services import requests, uploads
from ocso_app.services.requests import Submitter
from ocso_app.services.uploads import IncomingFile, UploadRejected
from tests.builders import make_image, make_member_account, make_pdf

TODAY = date(2026, 11, 22)
_no = uploads.refusal  # « devis.pdf » : ce fichier est vide.


def _stored_files() -> set[str]:
    folder = settings().storage_dir
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.fixture
def sender(db):
    account = make_member_account(db)
    beneficiary_id = requests.beneficiary_choices(db, member_id=account.member_id)[0].value
    submitter = Submitter(account_id=account.id, member_id=account.member_id, nonce="n1")
    return submitter, {"document_type": "Devis", "beneficiary": beneficiary_id, "message": ""}


def _send(db, sender, files, form=None):
    submitter, default_form = sender
    return requests.submit(
        db,
        submitter=submitter,
        form=requests.form_for(requests.SEND_DOCUMENTS, default_form if form is None else form),
        files=files,
        today=TODAY,
    )


def _assert_nothing_stored(db, sender, before: set[str]) -> None:
    member_id = sender[0].member_id
    assert db.scalar(select(func.count(Request.id)).where(Request.member_id == member_id)) == 0
    own = select(Request.id).where(Request.member_id == member_id)
    assert (
        db.scalar(select(func.count(RequestAttachment.id)).where(RequestAttachment.request_id.in_(own))) == 0
    )
    assert _stored_files() == before


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [IncomingFile("gros.pdf", b"%PDF-" + b"0" * uploads.MAX_FILE_BYTES)],
            _no("gros.pdf", uploads.TOO_LARGE),
        ),
        (
            [IncomingFile("devis.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)],
            _no("devis.pdf", uploads.BAD_TYPE),
        ),
        (
            [IncomingFile("devis.pdf", b"%PDF-1.7\n1 0 obj garbage\n%%EOF")],
            _no("devis.pdf", uploads.CORRUPT_PDF),
        ),
        (
            [IncomingFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)],
            _no("photo.png", uploads.CORRUPT_IMAGE),
        ),
        ([IncomingFile("../../etc/devis.pdf", make_pdf())], _no("devis.pdf", uploads.BAD_NAME)),
        ([IncomingFile("C:\\Users\\devis.pdf", make_pdf())], _no("devis.pdf", uploads.BAD_NAME)),
        ([IncomingFile(f"devis{i}.pdf", make_pdf()) for i in range(6)], uploads.TOO_MANY_FILES),
        ([], uploads.NO_FILE),
        ([IncomingFile("vide.pdf", b"")], _no("vide.pdf", uploads.EMPTY_FILE)),
    ],
    ids=[
        "oversized",
        "renamed-exe",
        "corrupt-pdf",
        "corrupt-png",
        "path",
        "windows-path",
        "sixth",
        "none",
        "empty",
    ],
)
def test_abusive_upload_is_refused_and_nothing_is_stored(db, sender, files, message):
    before = _stored_files()
    with pytest.raises(UploadRejected) as refused:
        _send(db, sender, files)
    assert refused.value.message == message
    _assert_nothing_stored(db, sender, before)


def test_a_bad_file_among_good_ones_stores_none_of_them(db, sender):
    before = _stored_files()
    files = [IncomingFile("ok.pdf", make_pdf()), IncomingFile("ko.pdf", b"MZ" + b"\x00" * 99)]
    with pytest.raises(UploadRejected):
        _send(db, sender, files)
    _assert_nothing_stored(db, sender, before)


def test_empty_form_is_refused_before_any_file_is_kept(db, sender):
    before = _stored_files()
    with pytest.raises(requests.RequestRefused) as refused:
        _send(db, sender, [IncomingFile("devis.pdf", make_pdf())], form={})
    assert refused.value.message == requests.BAD_DOCUMENT_TYPE
    _assert_nothing_stored(db, sender, before)


def test_good_files_are_kept_privately_under_random_names_with_their_hash(db, sender):
    pdf, png, jpeg = make_pdf(), make_image("PNG"), make_image("JPEG")
    files = [IncomingFile("devis.pdf", pdf), IncomingFile("photo.png", png), IncomingFile("photo.jpg", jpeg)]
    submitted = _send(db, sender, files)
    attachments = db.scalars(
        select(RequestAttachment).where(RequestAttachment.request_id == submitted.request_id)
    )
    rows = {a.original_name: a for a in attachments}
    assert {r.content_type for r in rows.values()} == {"application/pdf", "image/png", "image/jpeg"}
    stored = rows["devis.pdf"]
    assert len(stored.storage_key) == 32 and "devis" not in stored.storage_key
    assert (settings().storage_dir / stored.storage_key).read_bytes() == pdf
    assert stored.sha256 == __import__("hashlib").sha256(pdf).hexdigest()
    assert "upload" not in str(settings().storage_dir).lower()
    uploads.delete_stored([r.storage_key for r in rows.values()])


def test_file_names_lose_control_characters():
    assert uploads.clean_filename("de\x00vis.pdf") == "devis.pdf"
    assert uploads.clean_filename("", "application/pdf") == "document.pdf"


def _crafted_pdf(pages: int, *, declared: int | None = None) -> bytes:
    """A PDF of ``pages`` bare pages whose cross-reference table is missing, so that pypdf must rebuild it
    by parsing every object (the attack of issue 10: 10 MB of it kept the server busy for seconds)."""
    kids = b" ".join(b"%d 0 R" % i for i in range(3, 3 + pages))
    parts = [
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        b"2 0 obj<</Type/Pages/Count %d/Kids[%s]>>endobj\n" % (declared or pages, kids),
    ]
    parts += [
        b"%d 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n" % i for i in range(3, 3 + pages)
    ]
    parts.append(b"trailer<</Root 1 0 R>>\nstartxref\n999999999\n%%EOF\n")
    return b"".join(parts)


def test_pdf_with_more_pages_than_the_budget_is_refused():
    with pytest.raises(UploadRejected) as refused:
        uploads.check_file(IncomingFile("releves.pdf", _crafted_pdf(uploads.MAX_PDF_PAGES + 1)))
    assert refused.value.message == _no("releves.pdf", uploads.PDF_TOO_MANY_PAGES)


def test_pdf_lying_about_its_page_count_is_still_counted():
    crafted = _crafted_pdf(uploads.MAX_PDF_PAGES + 5, declared=1)
    with pytest.raises(UploadRejected) as refused:
        uploads.check_file(IncomingFile("releve.pdf", crafted))
    assert refused.value.message == _no("releve.pdf", uploads.PDF_TOO_MANY_PAGES)


def test_crafted_heavy_pdf_is_refused_once_its_time_budget_is_spent(monkeypatch):
    """A 1.5 MB crafted file costs pypdf seconds to open; a tenth of a second of budget refuses it, with
    a French message, well before pypdf would have finished (no timing asserted: the message says which
    check refused it)."""
    monkeypatch.setattr(uploads, "PDF_CHECK_SECONDS", 0.1)
    crafted = _crafted_pdf(20_000, declared=1)
    assert len(crafted) < uploads.MAX_FILE_BYTES
    with pytest.raises(UploadRejected) as refused:
        uploads.check_file(IncomingFile("devis.pdf", crafted))
    assert refused.value.message == _no("devis.pdf", uploads.PDF_TOO_COMPLEX)
    assert "PDF" in refused.value.message and "photo" in refused.value.message


def test_real_pdfs_pass_within_the_budget():
    checked = uploads.check_file(IncomingFile("devis.pdf", make_pdf()))
    assert checked.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("sent", "content", "kept"),
    [
        ("justificatif.html", "png", "justificatif.png"),
        ("facture.pdf.exe", "pdf", "facture.pdf.pdf"),
        ("photo.JPEG", "jpeg", "photo.jpg"),
        ("ordonnance", "pdf", "ordonnance.pdf"),
        ("facture\u202egnp.html", "png", "facturegnp.png"),  # right-to-left override removed
        ("de\u2066vis\u2069\u200f.pdf", "pdf", "devis.pdf"),  # isolates and marks removed
        ("ligne\r\nContent-Type: text-html.pdf", "pdf", "ligneContent-Type: text-html.pdf"),
        (".\u200e.", "png", "document.png"),
    ],
)
def test_kept_name_takes_the_extension_of_the_checked_type_without_invisible_characters(sent, content, kept):
    data = {"png": make_image("PNG"), "jpeg": make_image("JPEG"), "pdf": make_pdf()}[content]
    assert uploads.check_file(IncomingFile(sent, data)).original_name == kept


def test_served_name_is_cleaned_again_for_files_kept_before():
    stored = uploads.StoredFile("0" * 32, "image/png", "justificatif\u202elmth.html")
    assert stored.download_name == "justificatiflmth.png"
