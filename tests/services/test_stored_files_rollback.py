"""A file stored for rows that are never written goes with them: when the transaction that was to name it is
rolled back (a later step failed, the commit itself failed), the stored file is removed; once committed, it
stays. Before, only a failure of the rows' own flush removed it, and a proof or a RIB stored by a démarche
whose commit failed stayed on disk, reachable by nobody."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import Request, RequestAttachment
from ocso_app.services import requests, uploads
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_member_account, make_pdf


def _checked() -> uploads.CheckedFile:
    return uploads.check_file(IncomingFile("justificatif.pdf", make_pdf("Justificatif")))


def _path(storage_key: str):
    return settings().storage_dir / storage_key


def test_a_file_whose_transaction_fails_later_is_removed_and_a_committed_one_stays():
    with pytest.raises(RuntimeError), db_session() as session:
        lost = uploads.store(_checked(), session=session).storage_key
        assert _path(lost).exists()
        raise RuntimeError("a later step of the same work fails")
    assert not _path(lost).exists()

    with db_session() as session:
        kept = uploads.store(_checked(), session=session).storage_key
    assert _path(kept).exists()
    uploads.delete_stored([kept])


def test_a_file_whose_commit_fails_is_removed():
    with pytest.raises(IntegrityError), db_session() as session:
        saved = uploads.store(_checked(), session=session)
        session.add(  # a démarche that does not exist: the foreign key refuses it at the commit's flush
            RequestAttachment(
                request_id=10**9,
                original_name=saved.original_name,
                storage_key=saved.storage_key,
                content_type=saved.content_type,
                size_bytes=saved.size_bytes,
                sha256=saved.sha256,
            )
        )
    assert not _path(saved.storage_key).exists()


def test_a_demarche_rolled_back_after_it_was_sent_leaves_no_file():
    with db_session() as session:
        account = make_member_account(session)
        beneficiary = requests.beneficiary_choices(session, member_id=account.member_id)[0].value
    form = {"document_type": "Devis", "beneficiary": beneficiary, "message": "Devis dentaire"}
    with pytest.raises(RuntimeError), db_session() as session:
        submitted = requests.submit(
            session,
            submitter=requests.Submitter(account.id, account.member_id, nonce="rollback-1"),
            form=requests.form_for(requests.SEND_DOCUMENTS, form),
            files=[IncomingFile("devis.pdf", make_pdf("Devis"))],
            today=date(2026, 12, 6),
        )
        [key] = session.scalars(
            select(RequestAttachment.storage_key).where(RequestAttachment.request_id == submitted.request_id)
        )
        assert _path(key).exists()
        raise RuntimeError("the e-mail queue or the audit fails after the démarche")
    assert not _path(key).exists()
    with db_session() as session:
        assert session.get(Request, submitted.request_id) is None
