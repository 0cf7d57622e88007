"""The sender's reply on their démarche: once OCSO answered and while it is still open (envoyée or en cours
de traitement), the member who sent it, or a user of the structure whose profile allows its kind there
(``employer.kind_allowed``), writes a message and may join files, checked and kept privately as the
démarche's own (``submission.attach``).

One message per reply: its key comes from the page's one-time nonce and the content, so a double click or a
replayed event finds the first. The reply is written with its audit row (on the member's file: their Mon
historique), and the démarche is marked « Réponse reçue » in OCSO's queue (``Request.sender_replied_at``)
until an agent answers; its status and its assignee stay. Another's démarche looks exactly like a missing
one; every refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ocso_app.models import Request, RequestMessage
from ocso_app.models.base import utcnow
from ocso_app.services import audit, uploads
from ocso_app.services.errors import AccessDenied
from ocso_app.services.requests.employer import kind_allowed
from ocso_app.services.requests.labels import AUDIT_TYPES, MAX_MESSAGE, OPEN_STATUSES
from ocso_app.services.requests.refusals import MESSAGE_TOO_LONG, RequestRefused
from ocso_app.services.requests.submission import attach, content_key
from ocso_app.services.typed_text import bad_character, has_control

NOT_FOUND = "Cette démarche n'existe pas ou ne vous concerne pas."
CLOSED = "Cette démarche est close (traitée ou refusée) : pour une nouvelle demande, envoyez une démarche."
NOT_ANSWERED = "OCSO n'a pas encore répondu à cette démarche : vous pourrez répondre à son message."
EMPTY_REPLY = "Écrivez votre réponse ou joignez au moins un fichier."
REPLY_FIELD = "Votre réponse à OCSO"


@dataclass(frozen=True)
class Replied:
    """The outcome: the démarche, and whether this call wrote the reply (``False`` for a replay)."""

    request_id: int
    subject: str
    created: bool


def reply_as_member(
    session: Session,
    *,
    actor: audit.Actor,
    nonce: str,
    request_id: int | None,
    message: str,
    files: Sequence[uploads.IncomingFile] = (),
) -> Replied:
    """A member's reply on one of their own démarches (``actor.member_id``, from the guard)."""
    found = None
    if actor.member_id is not None and request_id is not None:
        found = session.scalar(
            select(Request).where(Request.id == request_id, Request.member_id == actor.member_id)
        )
    return _reply(session, actor, found, nonce=nonce, message=message, files=files)


def reply_for_company(
    session: Session,
    *,
    actor: audit.Actor,
    structure_ids: Sequence[int],
    nonce: str,
    request_id: int | None,
    message: str,
    files: Sequence[uploads.IncomingFile] = (),
) -> Replied:
    """An employer user's reply on a démarche of one of ``structure_ids`` (the guard's scope) whose kind
    their profile allows on that structure."""
    found = None
    if actor.account_id is not None and request_id is not None:
        found = session.scalar(
            select(Request).where(Request.id == request_id, Request.company_id.in_(structure_ids))
        )
    if found is None or found.company_id is None or actor.account_id is None:
        raise AccessDenied(NOT_FOUND)
    if not kind_allowed(
        session, account_id=actor.account_id, company_id=found.company_id, kind=found.request_type
    ):
        raise AccessDenied(NOT_FOUND)
    on_file = replace(actor, member_id=None, company_id=found.company_id)
    return _reply(session, on_file, found, nonce=nonce, message=message, files=files)


def _text(message: str) -> str:
    text = (message or "").strip()
    if len(text) > MAX_MESSAGE:
        raise RequestRefused(MESSAGE_TOO_LONG)
    if has_control(text, message=True):  # a NUL: PostgreSQL refuses it in the message's row
        raise RequestRefused(bad_character(REPLY_FIELD))
    return text


def _reply(
    session: Session,
    actor: audit.Actor,
    request: Request | None,
    *,
    nonce: str,
    message: str,
    files: Sequence[uploads.IncomingFile],
) -> Replied:
    """Check everything, then write the reply, its files, the mark for OCSO and the audit row."""
    if request is None:
        raise AccessDenied(NOT_FOUND)
    text = _text(message)
    checked = uploads.check_files(files, required=False)
    if not text and not checked:
        raise RequestRefused(EMPTY_REPLY)
    owner = [actor.account_id, actor.member_id, actor.company_id, nonce]
    key = content_key(["reponse", *owner, request.id, text], checked)
    if session.scalar(select(RequestMessage.id).where(RequestMessage.reply_key == key)) is not None:
        return Replied(request.id, request.subject, created=False)
    if request.status not in OPEN_STATUSES:
        raise RequestRefused(CLOSED)
    if not any(m.from_ocso for m in request.messages):
        raise RequestRefused(NOT_ANSWERED)
    _mark_replied(session, request)
    reply = RequestMessage(
        request_id=request.id, from_ocso=False, author_account_id=actor.account_id, body=text, reply_key=key
    )
    session.add(reply)
    session.flush()
    attach(session, request.id, checked, message_id=reply.id)
    audit.record_by(
        session,
        actor,
        event_type=AUDIT_TYPES.get(request.request_type, "Démarche"),
        action=f"Réponse à OCSO sur la démarche n° {request.id} « {request.subject} »",
    )
    return Replied(request.id, request.subject, created=True)


def _mark_replied(session: Session, request: Request) -> None:
    """« Réponse reçue » for OCSO, on the condition that the démarche is still open (an agent may have
    closed it since it was read): refused otherwise, before anything is written."""
    marked = session.execute(
        update(Request)
        .where(Request.id == request.id, Request.status.in_(OPEN_STATUSES))
        .values(sender_replied_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        raise RequestRefused(CLOSED)
