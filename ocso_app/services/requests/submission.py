"""Sending a démarche: one ``Request`` row per submission, its checked files, the audit row.

The ``submission_key`` is derived from the page's one-time nonce and the content: a double click or a
replayed event finds the existing row instead of creating a second one. Files are checked completely before
anything is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, Member, Request, RequestAttachment
from ocso_app.services import audit, uploads
from ocso_app.services.errors import AccessDenied
from ocso_app.services.requests.drafts import Submitter, draft
from ocso_app.services.requests.forms import DemarcheForm
from ocso_app.services.requests.labels import AUDIT_TYPES, SERVICES


@dataclass(frozen=True)
class Submitted:
    """The outcome: the request, and whether this call created it (``False`` for a replay)."""

    request_id: int
    subject: str
    created: bool
    email: str | None = None


def submission_key(
    submitter: Submitter, request_type: str, form: DemarcheForm, files: Sequence[uploads.CheckedFile]
) -> str:
    """Same page visit + same content = same key: a replay or a double click finds the first request."""
    visible = form.fields()
    material = json.dumps(
        [submitter.member_id, submitter.nonce, request_type, visible, [f.sha256 for f in files]],
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _member_email(session: Session, member_id: int, account_id: int) -> str | None:
    member = session.get(Member, member_id)
    account = session.get(Account, account_id)
    return (member.email if member else None) or (account.email if account else None)


def submit(
    session: Session,
    *,
    submitter: Submitter,
    form: DemarcheForm,
    files: Sequence[uploads.IncomingFile] = (),
    today: date,
) -> Submitted:
    """Validate everything, then store one request with its files; a replay returns the existing one."""
    drafted = draft(session, submitter=submitter, form=form, today=today)
    checked = uploads.check_files(files, required=drafted.files_required)
    key = submission_key(submitter, drafted.request_type, form, checked)
    existing = session.scalar(select(Request).where(Request.submission_key == key))
    if existing is not None:
        if existing.member_id != submitter.member_id:
            raise AccessDenied("Demande refusée.")
        return Submitted(existing.id, existing.subject, created=False)
    request = Request(
        member_id=submitter.member_id,
        author_account_id=submitter.account_id,
        request_type=drafted.request_type,
        subject=drafted.subject,
        payload=drafted.payload,
        routed_service=SERVICES[drafted.request_type],
        submission_key=key,
    )
    session.add(request)
    session.flush()
    _attach(session, request.id, checked)
    audit.record(
        session,
        event_type=AUDIT_TYPES[drafted.request_type],
        action=drafted.subject,
        account_id=submitter.account_id,
        member_id=submitter.member_id,
        interface=submitter.interface,
        ip_address=submitter.ip_address,
    )
    email = _member_email(session, submitter.member_id, submitter.account_id)
    return Submitted(request.id, request.subject, created=True, email=email)


def _attach(session: Session, request_id: int, checked: Sequence[uploads.CheckedFile]) -> None:
    stored: list[str] = []
    try:
        for item in checked:
            saved = uploads.store(item)
            stored.append(saved.storage_key)
            session.add(
                RequestAttachment(
                    request_id=request_id,
                    original_name=saved.original_name,
                    storage_key=saved.storage_key,
                    content_type=saved.content_type,
                    size_bytes=saved.size_bytes,
                    sha256=saved.sha256,
                )
            )
        session.flush()
    except Exception:
        uploads.delete_stored(stored)
        raise
