"""One démarche at OCSO's desk: find it, take it, answer it, change its status (envoyée → en cours de
traitement → traitée, or refusée with a reason), open its files (its détail page is ``detail``).

Every function takes the ``StaffCaller`` from the guard and finds the démarche on the caller's desks only
(another desk's looks exactly like a missing one). A status changes by a conditional update on the status
read (``move``): a second click, or a colleague's change in between, is refused with a French
message and nothing is written. Answers, closings and refusals are written in the audit log with the staff
account and the sender's file (the member sees them in Mon historique); taking a démarche and opening its
files only with the staff account. OCSO's answer, or closing, ends the « Réponse reçue » of a sender's
reply (``replies``). The e-mail that tells the sender is sent after the commit (``Notice``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ocso_app.models import (
    Account,
    Member,
    Request,
    RequestMessage,
    RequestStatus,
)
from ocso_app.services import audit, uploads
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import notifications
from ocso_app.services.requests.employer import kind_allowed
from ocso_app.services.requests.labels import (
    AUDIT_TYPES,
    MAX_MESSAGE,
    OPEN_STATUSES,
    STATUS_LABELS,
)
from ocso_app.services.requests.queue import on_desks
from ocso_app.services.staff_access import StaffCaller
from ocso_app.services.typed_text import bad_character, has_control

NOT_FOUND = "Cette démarche n'existe pas ou ne relève pas de votre service."
CLOSED = "Cette démarche est déjà traitée ou refusée : elle ne peut plus changer."
CHANGED_MEANWHILE = "Cette démarche vient d'être modifiée (par vous ou un collègue) : rechargez-la."
BAD_STATUS = "Choisissez un statut de la liste."
SAME_STATUS = "La démarche a déjà ce statut."
MISSING_REASON = "Indiquez le motif du refus : il est envoyé à l'expéditeur."
MISSING_ANSWER = "Écrivez votre réponse."
ANSWER_TOO_LONG = f"La réponse est limitée à {MAX_MESSAGE} caractères."
EVENT_TYPE = "Espace OCSO"

# the statuses a staff member may set, from each status
MOVES: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    RequestStatus.SENT: (RequestStatus.IN_PROGRESS, RequestStatus.DONE, RequestStatus.REFUSED),
    RequestStatus.IN_PROGRESS: (RequestStatus.DONE, RequestStatus.REFUSED),
    RequestStatus.DONE: (),
    RequestStatus.REFUSED: (),
}


@dataclass(frozen=True)
class Notice:
    """The e-mail that tells the sender OCSO answered or closed their démarche (sent after the commit)."""

    to: str | None
    request_id: int
    subject: str
    for_company: bool
    closed_as: str = ""  # « traitée » / « refusée », or empty for an answer


def find(session: Session, *, caller: StaffCaller, request_id: int | None) -> Request:
    """The démarche ``request_id`` if it is on the caller's desks; ``AccessDenied`` (NOT_FOUND) otherwise."""
    found = None
    if request_id is not None:
        found = session.scalar(select(Request).where(Request.id == request_id, on_desks(caller.desks)))
    if found is None:
        raise AccessDenied(NOT_FOUND)
    return found


def sender_email(session: Session, request: Request) -> str | None:
    """Where the sender reads OCSO's e-mails: the member's address (or their login's), the structure
    user's login address."""
    account = session.get(Account, request.author_account_id) if request.author_account_id else None
    if request.member_id is not None:
        member = session.get(Member, request.member_id)
        return (member.email if member else None) or (account.email if account else None)
    return account.email if account else None


def record(
    session: Session, caller: StaffCaller, request: Request, action: str, *, on_file: bool = True
) -> None:
    """An audit row by the staff account; ``on_file``: also on the sender's file (their Mon historique)."""
    actor = (
        caller.actor(member_id=request.member_id, company_id=request.company_id)
        if on_file
        else caller.actor(company_id=request.company_id)
    )
    event_type = AUDIT_TYPES.get(request.request_type, EVENT_TYPE) if on_file else EVENT_TYPE
    audit.record_by(session, actor, event_type=event_type, action=action)


def move(session: Session, request: Request, to: RequestStatus) -> None:
    """Change the status by a conditional update on the status read: refused (nothing written) when the
    démarche is closed, when the move is not allowed, or when it changed since it was read."""
    if request.status not in OPEN_STATUSES:
        raise OcsoError(CLOSED)
    if to == request.status:
        raise OcsoError(SAME_STATUS)
    if to not in MOVES[request.status]:
        raise OcsoError(BAD_STATUS)
    changed = session.execute(
        update(Request)
        .where(Request.id == request.id, Request.status == request.status)
        .values(status=to)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise OcsoError(CHANGED_MEANWHILE)
    session.refresh(request)


def answer(session: Session, caller: StaffCaller, request: Request, body: str) -> None:
    """OCSO's message on the démarche: the sender's reply, if one waited, is answered."""
    request.sender_replied_at = None
    session.add(
        RequestMessage(request_id=request.id, from_ocso=True, author_account_id=caller.account_id, body=body)
    )


def notice(session: Session, request: Request, closed_as: str = "") -> Notice:
    """The e-mail telling the sender of OCSO's answer or closing, written to the outbox of ``session``'s
    transaction: to the member, or to the structure's user who sent it while they may still read it there
    (``_told``)."""
    told = Notice(
        _told(session, request), request.id, request.subject, request.company_id is not None, closed_as
    )
    notifications.send_notice(session, told)  # leaves with the commit, or never
    return told


def _told(session: Session, request: Request) -> str | None:
    """Where the notice goes. A structure's démarche names the employee in its subject (an arrêt de travail,
    a departure), which the notice repeats: its author hears of it only while their account is active and
    their profile on the structure still allows its kind; otherwise nobody is e-mailed (the démarche stays
    in the space, for the users who may read it)."""
    if request.company_id is None:
        return sender_email(session, request)
    account = session.get(Account, request.author_account_id) if request.author_account_id else None
    if account is None or not account.is_active:
        return None
    allowed = kind_allowed(
        session, account_id=account.id, company_id=request.company_id, kind=request.request_type
    )
    return account.email if allowed else None


def take(session: Session, *, caller: StaffCaller, request_id: int | None) -> None:
    """« Prendre en charge »: the caller becomes the assignee; a démarche still « envoyée » goes « en cours
    de traitement ». A closed one cannot be taken."""
    request = find(session, caller=caller, request_id=request_id)
    if request.status not in OPEN_STATUSES:
        raise OcsoError(CLOSED)
    if request.status == RequestStatus.SENT:
        move(session, request, RequestStatus.IN_PROGRESS)
    request.assignee_account_id = caller.account_id
    record(session, caller, request, f"Démarche n° {request.id} prise en charge", on_file=False)


def _text(value: str, missing: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise OcsoError(missing)
    if len(text) > MAX_MESSAGE:
        raise OcsoError(ANSWER_TOO_LONG)
    if has_control(text, message=True):  # a NUL: PostgreSQL refuses it in the answer's row
        raise OcsoError(bad_character(field))
    return text


def reply(session: Session, *, caller: StaffCaller, request_id: int | None, body: str) -> Notice:
    """An answer from OCSO on the démarche: it appears in the sender's « Mes dernières démarches » (or
    « Mes derniers envois »), and the returned notice tells them by e-mail. The same answer sent again by
    the same agent, with nothing from the sender in between (a double click, a replayed event), writes
    nothing and e-mails nobody."""
    text = _text(body, MISSING_ANSWER, "Votre réponse")
    request = find(session, caller=caller, request_id=request_id)
    if _already_answered(session, caller, request, text):  # a double click: written and e-mailed once
        return Notice(None, request.id, request.subject, request.company_id is not None)
    answer(session, caller, request, text)
    record(session, caller, request, f"Réponse d'OCSO à la démarche n° {request.id}")
    return notice(session, request)


def _already_answered(session: Session, caller: StaffCaller, request: Request, text: str) -> bool:
    """Whether the thread's latest message is this very answer by the caller (nothing from the sender since):
    sending it again would only repeat it to the sender."""
    latest = session.execute(
        select(RequestMessage.from_ocso, RequestMessage.author_account_id, RequestMessage.body)
        .where(RequestMessage.request_id == request.id)
        .order_by(RequestMessage.created_at.desc(), RequestMessage.id.desc())
        .limit(1)
    ).first()
    return latest is not None and tuple(latest) == (True, caller.account_id, text)


def change_status(
    session: Session, *, caller: StaffCaller, request_id: int | None, status: str, reason: str = ""
) -> Notice | None:
    """Set the status: « en cours de traitement », « traitée », or « refusée » with a reason (sent to the
    sender as OCSO's answer). Closing returns the notice for the sender's e-mail."""
    try:
        to = RequestStatus(status)
    except ValueError as error:
        raise OcsoError(BAD_STATUS) from error
    refusal = _text(reason, MISSING_REASON, "Motif du refus") if to == RequestStatus.REFUSED else ""
    request = find(session, caller=caller, request_id=request_id)
    move(session, request, to)
    label = STATUS_LABELS[to]
    if refusal:
        answer(session, caller, request, f"Votre démarche est refusée. Motif : {refusal}")
    closing = to in (RequestStatus.DONE, RequestStatus.REFUSED)
    if closing:
        request.sender_replied_at = None  # nothing waits on a closed démarche
    record(session, caller, request, f"Démarche n° {request.id} {label}", on_file=closing)
    return notice(session, request, label) if closing else None


def attachment(
    session: Session, *, caller: StaffCaller, request_id: int | None, attachment_id: int | None
) -> uploads.StoredFile | None:
    """A file of a démarche of the caller's desks, its opening audited with the staff account; ``None``
    otherwise, exactly as for a missing one."""
    try:
        request = find(session, caller=caller, request_id=request_id)
    except AccessDenied:
        return None
    found = next((a for a in request.attachments if a.id == attachment_id), None)
    if found is None:
        return None
    record(
        session,
        caller,
        request,
        f"Pièce « {found.original_name} » de la démarche n° {request.id} ouverte",
        on_file=False,
    )
    return uploads.StoredFile(found.storage_key, found.content_type, found.original_name)
