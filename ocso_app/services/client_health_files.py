"""The files behind a member's health data in the staff's member file (Espace OCSO > Dossiers): one décompte
as the member downloads it (PDF), one document published to the member.

An agent answering a member about a payment needs the décompte the member holds, line by line; the list of
the file only names it. Like the list, each file needs one of the reasons of ``client_files.REASONS``: the
download is written to the audit log with the staff account and the reason, in the member's Mon historique.
A document opened by OCSO stays unread for the member (the badge is theirs). A décompte or a document of
another member is answered as a missing one. The caller's role is checked by the staff route's guard
(``VIEW_MEMBER_FILE``).
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Statement
from ocso_app.services import audit, documents, uploads
from ocso_app.services.client_files import EVENT_TYPE, reason_label
from ocso_app.services.errors import AccessDenied
from ocso_app.services.statement_pdf import render_statement_pdf


def _record(session: Session, actor: audit.Actor, member_id: int, action: str) -> None:
    audit.record_by(
        session, dataclasses.replace(actor, member_id=member_id), event_type=EVENT_TYPE, action=action
    )


def statement_pdf(
    session: Session, *, actor: audit.Actor, member_id: int, statement_id: int, reason: str
) -> bytes | None:
    """The member's décompte as PDF, the download audited with ``reason`` (``REASON_REQUIRED`` when it is
    none of the list); ``None`` when the décompte is not this member's."""
    label = reason_label(reason)
    number = session.scalar(
        select(Statement.number).where(Statement.id == statement_id, Statement.member_id == member_id)
    )
    content = (
        render_statement_pdf(session, member_id=member_id, statement_id=statement_id)
        if number is not None
        else None
    )
    if content is None:
        return None
    _record(session, actor, member_id, f"Téléchargement par OCSO du décompte n° {number} – motif : {label}")
    return content


def document(
    session: Session, *, actor: audit.Actor, member_id: int, document_id: int, reason: str
) -> uploads.StoredFile | None:
    """A document published to the member, its opening audited with ``reason``, left unread for the
    member; ``None`` when it is not this member's."""
    label = reason_label(reason)
    try:
        found = documents.owned_document(session, member_id=member_id, document_id=document_id)
    except AccessDenied:
        return None
    _record(
        session, actor, member_id, f"Consultation par OCSO du document « {found.title} » – motif : {label}"
    )
    return uploads.StoredFile.titled(found.storage_key, found.content_type, found.title)
