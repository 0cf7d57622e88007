"""One démarche at OCSO's desk: open it (the sender, the form's content, the messages, the attachments),
take it, answer it, change its status (envoyée → en cours de traitement → traitée, or refusée with a reason).

Every function takes the ``StaffCaller`` from the guard and finds the démarche on the caller's desks only
(another desk's looks exactly like a missing one). A status changes by a conditional update on the status
read (``close``/``move``): a second click, or a colleague's change in between, is refused with a French
message and nothing is written. Answers, closings and refusals are written in the audit log with the staff
account and the sender's file (the member sees them in Mon historique); taking a démarche and opening its
files only with the staff account. The e-mail that tells the sender is sent after the commit (``Notice``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import (
    Account,
    Company,
    Member,
    Request,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
)
from ocso_app.services import audit, uploads, working_days
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import format_paris_datetime, format_short_date
from ocso_app.services.requests.follow_up import AttachmentView
from ocso_app.services.requests.labels import (
    AUDIT_TYPES,
    MAX_MESSAGE,
    OPEN_STATUSES,
    SERVICE_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from ocso_app.services.requests.queue import desk_of, on_desks, person_label, sender_label
from ocso_app.services.staff_access import DESK_LABELS, StaffCaller

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

# what the form's fields are called on the détail page (the encrypted ones are shown by ``_details``)
FIELD_LABELS = {
    "document_type": "Type de document",
    "beneficiary": "Bénéficiaire",
    "establishment": "Établissement",
    "finess": "N° FINESS",
    "fax": "Fax de l'établissement",
    "establishment_email": "E-mail de l'établissement",
    "admission_date": "Date d'admission",
    "stay_type": "Type de séjour",
    "dmt": "Code discipline (DMT)",
    "bic": "Nouveau BIC",
    "action": "Demande",
    "first_name": "Prénom",
    "last_name": "Nom",
    "birth_date": "Date de naissance",
    "rank": "Rang",
    "quality": "Qualité",
    "topic": "Objet",
    "employee": "Salarié concerné",
    "question": "Question",
    "message": "Message",
    "comment": "Message",
}
ACTIONS = {"ajout": "Ajout d'un bénéficiaire", "retrait": "Retrait d'un bénéficiaire"}


@dataclass(frozen=True)
class Notice:
    """The e-mail that tells the sender OCSO answered or closed their démarche (sent after the commit)."""

    to: str | None
    request_id: int
    subject: str
    for_company: bool
    closed_as: str = ""  # « traitée » / « refusée », or empty for an answer


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class MessageLine:
    author: str
    date: str
    body: str
    from_ocso: bool


@dataclass(frozen=True)
class RequestFile:
    """A démarche as the détail page shows it."""

    id: int
    kind: str
    request_type: str
    subject: str
    desk: str
    service: str
    status: str
    status_label: str
    sent: str
    age: str
    late: bool
    sender: str
    sender_email: str
    assignee: str
    mine: bool
    is_open: bool
    details: list[Line] = field(default_factory=list)
    messages: list[MessageLine] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (status, label) it may go to


def staff_attachment_url(request_id: int, attachment_id: int) -> str:
    """The staff route streaming one attachment (``api/staff_requests.py``)."""
    return routes.API_STAFF_ATTACHMENT.url(request_id=request_id, attachment_id=attachment_id)


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


def _date_text(value: str) -> str:
    try:
        return format_short_date(date.fromisoformat(value))
    except ValueError:
        return value


def _details(request: Request) -> list[Line]:
    """The form's content, labelled; the new IBAN in full while the démarche is open (the staff compares
    it with the RIB), masked once closed; a NIR only said to be given."""
    lines = []
    for key, value in request.payload.items():
        if key == "iban_enc" and request.status not in OPEN_STATUSES:
            lines.append(Line("Nouvel IBAN", str(request.payload.get("iban_masked", ""))))
        elif key == "iban_enc":
            iban = decrypt_field(str(value))
            lines.append(Line("Nouvel IBAN", " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))))
        elif key == "nir_enc":
            lines.append(Line("N° de Sécurité sociale", "renseigné" if value else "non renseigné"))
        elif key == "action":
            lines.append(Line(FIELD_LABELS[key], ACTIONS.get(str(value), str(value))))
        elif key in FIELD_LABELS and value not in (None, ""):
            text = str(value)
            lines.append(Line(FIELD_LABELS[key], _date_text(text) if key.endswith("_date") else text))
    return lines


def _messages(session: Session, request: Request) -> list[MessageLine]:
    sender = "Expéditeur"
    lines = []
    for message in request.messages:
        author = session.get(Account, message.author_account_id) if message.author_account_id else None
        name = f"OCSO — {person_label(author)}" if message.from_ocso and author else "OCSO"
        lines.append(
            MessageLine(
                name if message.from_ocso else sender,
                format_paris_datetime(message.created_at)[:16],
                message.body,
                message.from_ocso,
            )
        )
    return lines


def open_request(
    session: Session, *, caller: StaffCaller, request_id: int | None, now: datetime
) -> RequestFile:
    """The détail of one démarche of the caller's desks."""
    request = find(session, caller=caller, request_id=request_id)
    member = session.get(Member, request.member_id) if request.member_id else None
    company = session.get(Company, request.company_id) if request.company_id else None
    assignee = session.get(Account, request.assignee_account_id) if request.assignee_account_id else None
    is_open = request.status in OPEN_STATUSES
    age = working_days.elapsed(request.created_at, now)
    return RequestFile(
        id=request.id,
        kind=TYPE_LABELS.get(request.request_type, "Démarche"),
        request_type=request.request_type,
        subject=request.subject,
        desk=DESK_LABELS[desk_of(request)],
        service=SERVICE_LABELS.get(request.routed_service, request.routed_service),
        status=request.status.value,
        status_label=STATUS_LABELS[request.status],
        sent=format_paris_datetime(request.created_at)[:16],
        age=working_days.age_label(age) if is_open else "",
        late=is_open and working_days.is_late(age),
        sender=sender_label(member, company),
        sender_email=sender_email(session, request) or "",
        assignee=person_label(assignee),
        mine=request.assignee_account_id == caller.account_id,
        is_open=is_open,
        details=_details(request),
        messages=_messages(session, request),
        attachments=[
            AttachmentView(a.id, a.original_name, staff_attachment_url(request.id, a.id))
            for a in request.attachments
        ],
        moves=[(s.value, STATUS_LABELS[s]) for s in MOVES[request.status]],
    )


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
    session.add(
        RequestMessage(request_id=request.id, from_ocso=True, author_account_id=caller.account_id, body=body)
    )


def notice(session: Session, request: Request, closed_as: str = "") -> Notice:
    return Notice(
        sender_email(session, request), request.id, request.subject, request.company_id is not None, closed_as
    )


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


def _text(value: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise OcsoError(missing)
    if len(text) > MAX_MESSAGE:
        raise OcsoError(ANSWER_TOO_LONG)
    return text


def reply(session: Session, *, caller: StaffCaller, request_id: int | None, body: str) -> Notice:
    """An answer from OCSO on the démarche: it appears in the sender's « Mes dernières démarches » (or
    « Mes derniers envois »), and the returned notice tells them by e-mail."""
    text = _text(body, MISSING_ANSWER)
    request = find(session, caller=caller, request_id=request_id)
    answer(session, caller, request, text)
    record(session, caller, request, f"Réponse d'OCSO à la démarche n° {request.id}")
    return notice(session, request)


def change_status(
    session: Session, *, caller: StaffCaller, request_id: int | None, status: str, reason: str = ""
) -> Notice | None:
    """Set the status: « en cours de traitement », « traitée », or « refusée » with a reason (sent to the
    sender as OCSO's answer). Closing returns the notice for the sender's e-mail."""
    try:
        to = RequestStatus(status)
    except ValueError as error:
        raise OcsoError(BAD_STATUS) from error
    refusal = _text(reason, MISSING_REASON) if to == RequestStatus.REFUSED else ""
    request = find(session, caller=caller, request_id=request_id)
    move(session, request, to)
    label = STATUS_LABELS[to]
    if refusal:
        answer(session, caller, request, f"Votre démarche est refusée : {refusal}")
    closing = to in (RequestStatus.DONE, RequestStatus.REFUSED)
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
    if not isinstance(found, RequestAttachment):
        return None
    record(
        session,
        caller,
        request,
        f"Pièce « {found.original_name} » de la démarche n° {request.id} ouverte",
        on_file=False,
    )
    return uploads.StoredFile(found.storage_key, found.content_type, found.original_name)
