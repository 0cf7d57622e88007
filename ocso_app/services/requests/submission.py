"""Sending a démarche: one ``Request`` row per submission, its checked files, the audit row.

A request belongs to a member (Mes démarches) or to a structure (the Espace Employeur's Démarches): the
``Actor`` that ``store`` receives says which. The submission key is derived from the page's one-time nonce,
the owner and the content: a double click or a replayed event finds the existing row instead of creating a
second one. Files are checked completely before anything is written.
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
from ocso_app.services.requests import notifications
from ocso_app.services.requests.drafts import Draft, Submitter, draft
from ocso_app.services.requests.forms import DemarcheForm
from ocso_app.services.requests.labels import AUDIT_TYPES, SERVICES


@dataclass(frozen=True)
class Submitted:
    """The outcome: the request, and whether this call created it (``False`` for a replay); ``for_company``
    when a structure sent it (the confirmation then points to the Espace Employeur)."""

    request_id: int
    subject: str
    created: bool
    email: str | None = None
    for_company: bool = False


def content_key(material: list[object], files: Sequence[uploads.CheckedFile]) -> str:
    """The key of one sending: who, the page visit's nonce, what and the files' hashes (a démarche's or a
    reply's); the same sending replayed gets the same key."""
    text = json.dumps([*material, [f.sha256 for f in files]], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _key(
    owner: list[object], request_type: str, form: DemarcheForm, files: Sequence[uploads.CheckedFile]
) -> str:
    return content_key([*owner, request_type, form.fields()], files)


def _owner(actor: audit.Actor, nonce: str) -> list[object]:
    if actor.company_id is not None:
        return ["entreprise", actor.company_id, nonce]
    return [actor.member_id, nonce]


def submission_key(
    submitter: Submitter, request_type: str, form: DemarcheForm, files: Sequence[uploads.CheckedFile]
) -> str:
    """Same page visit + same content = same key: a replay or a double click finds the first request."""
    return _key([submitter.member_id, submitter.nonce], request_type, form, files)


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
    """A member's démarche: validate everything, then store one request with its files; a replay returns
    the existing one."""
    drafted = draft(session, submitter=submitter, form=form, today=today)
    actor = audit.Actor(
        account_id=submitter.account_id,
        member_id=submitter.member_id,
        interface=submitter.interface,
        ip_address=submitter.ip_address,
    )
    email = _member_email(session, submitter.member_id, submitter.account_id)
    return store(
        session, actor=actor, nonce=submitter.nonce, drafted=drafted, form=form, files=files, email=email
    )


def store(
    session: Session,
    *,
    actor: audit.Actor,
    nonce: str,
    drafted: Draft,
    form: DemarcheForm,
    files: Sequence[uploads.IncomingFile],
    email: str | None,
) -> Submitted:
    """Check the files, then store ``drafted`` as one request of ``actor``'s member or structure, with its
    files and its audit row; the same visit (``nonce``) sending the same content again gets the first one."""
    checked = uploads.check_files(files, required=drafted.files_required)
    key = _key(_owner(actor, nonce), drafted.request_type, form, checked)
    existing = session.scalar(select(Request).where(Request.submission_key == key))
    if existing is not None:
        if (existing.member_id, existing.company_id) != (actor.member_id, actor.company_id):
            raise AccessDenied("Demande refusée.")
        return Submitted(existing.id, existing.subject, created=False)
    request = Request(
        member_id=actor.member_id,
        company_id=actor.company_id,
        author_account_id=actor.account_id,
        request_type=drafted.request_type,
        subject=drafted.subject,
        payload=drafted.payload,
        routed_service=drafted.service or SERVICES[drafted.request_type],
        submission_key=key,
    )
    session.add(request)
    session.flush()
    attach(session, request.id, checked)
    audit.record_by(session, actor, event_type=AUDIT_TYPES[drafted.request_type], action=drafted.subject)
    submitted = Submitted(
        request.id, request.subject, created=True, email=email, for_company=actor.company_id is not None
    )
    notifications.send_confirmation(session, submitted)  # leaves with the commit, or never
    return submitted


def attach(
    session: Session,
    request_id: int,
    checked: Sequence[uploads.CheckedFile],
    *,
    message_id: int | None = None,
) -> None:
    """Keep checked files privately as the démarche's (``message_id``: a reply's); on a failure, the files
    already written are deleted."""
    stored: list[str] = []
    try:
        for item in checked:
            saved = uploads.store(item, session=session)
            stored.append(saved.storage_key)
            session.add(
                RequestAttachment(
                    request_id=request_id,
                    message_id=message_id,
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
